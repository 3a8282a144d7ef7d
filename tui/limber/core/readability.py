"""How plainly a runner-facing text reads: Flesch reading ease and sentence length.

Limber's rule for what a runner reads at a glance (the notice, guidance, steps and
cautions, routine descriptions and notes, programme rules, spoken cues): a reading ease
of at least :data:`MIN_EASE` and no sentence over :data:`MAX_SENTENCE_WORDS` words.
``limber pack check`` warns a pack author by this rule, and a test holds the core
catalogue and the first-party packs to it.

How a text is scored (CONTRIBUTING.md, "Readable text", says the same):

- each field of an item is one text; a list field (``steps``, ``cautions``, ``points``,
  ``easier``, ``harder``, the flow's cues, the routine's step notes, a programme's week
  notes) is joined into one text, as a runner reads it on one page;
- every sentence of every text is measured for length;
- a text of fewer than :data:`MIN_SCORED_WORDS` words is not scored for ease: one long
  word swings a three-word step from 30 to 120.

The ease comes from textstat, imported only when a score is asked for. It is not a
dependency of Limber itself (the test extra pins it); without it only the sentence
length is checked, and ``pack check`` says so.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator

import msgspec

from limber.core.model import Guidance, Routine, Stretch
from limber.core.programme_model import Programme

MIN_EASE = 60.0
"""Flesch reading ease: 60–70 is "plain English", read easily by a 13-year-old."""
MAX_SENTENCE_WORDS = 25
MIN_SCORED_WORDS = 12
"""Texts shorter than this are measured for sentence length only."""

Scorer = Callable[[str], float]
"""Text → Flesch reading ease."""

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|etc|vs)\.", re.IGNORECASE)


class Hard(msgspec.Struct, frozen=True):
    """One text that reads too hard: its key (``steps``, ``points``) and why."""

    key: str
    message: str


def ease_scorer() -> Scorer | None:
    """textstat's Flesch reading ease, or None when textstat is not installed."""
    try:
        # textstat 0.7.4 imports pkg_resources, which newer setuptools warns about on
        # stderr (seen on Python 3.13): not a word for a pack author.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
            import textstat
    except ImportError:
        return None
    scorer: Scorer = textstat.flesch_reading_ease
    return scorer


def sentences(text: str) -> list[str]:
    """The sentences of a text (an abbreviation such as "e.g." does not end one)."""
    text = _ABBREVIATION.sub(lambda m: m.group(1), " ".join(text.split()))
    return [s for s in _SENTENCE_END.split(text) if s]


def word_count(text: str) -> int:
    return len(text.split())


def runner_texts(item: Stretch | Routine | Guidance | Programme) -> Iterator[tuple[str, str]]:
    """(key, text) for each field of an item a runner reads, list fields joined."""
    if isinstance(item, Stretch):
        fields: list[tuple[str, tuple[str, ...]]] = [
            ("summary", (item.summary,)),
            ("setup", (item.setup,)),
            ("steps", item.steps),
            ("easier", item.easier),
            ("harder", item.harder),
            ("cautions", item.cautions),
            ("dose.note", (item.dose.note,)),
            ("flow", tuple(p.cue for p in item.flow)),
        ]
    elif isinstance(item, Routine):
        fields = [
            ("description", (item.description,)),
            ("cautions", item.cautions),
            ("steps", tuple(s.note for s in item.steps)),
        ]
    elif isinstance(item, Guidance):
        fields = [("summary", (item.summary,)), ("points", item.points)]
    else:
        fields = [
            ("summary", (item.summary,)),
            ("review", (item.review,)),
            ("cautions", item.cautions),
            ("get_in_touch.advice", (item.get_in_touch.advice,)),
            ("weeks", tuple(w.note for w in item.weeks)),
            ("weeks.doses", tuple(d.note for w in item.weeks for d in w.doses)),
        ]
    for key, parts in fields:
        text = " ".join(p.strip() for p in parts if p.strip())
        if text:
            yield key, text


def text_problems(text: str, scorer: Scorer | None) -> list[str]:
    """What makes one text hard to read at a glance, each as a phrase; empty if none."""
    found = [
        f'a sentence of {word_count(s)} words (at most {MAX_SENTENCE_WORDS}): "{_start(s)}"'
        for s in sentences(text)
        if word_count(s) > MAX_SENTENCE_WORDS
    ]
    if scorer is not None and word_count(text) >= MIN_SCORED_WORDS:
        score = scorer(text)
        if score < MIN_EASE:
            found.append(
                f"reading ease {score:.1f} (at least {MIN_EASE:.0f}): use shorter "
                "sentences and words"
            )
    return found


def item_problems(
    item: Stretch | Routine | Guidance | Programme, scorer: Scorer | None
) -> Iterator[Hard]:
    """Every text of an item that reads too hard."""
    for key, text in runner_texts(item):
        for problem in text_problems(text, scorer):
            yield Hard(key, problem)


def _start(sentence: str, words: int = 6) -> str:
    head = sentence.split()[:words]
    return " ".join(head) + " …"
