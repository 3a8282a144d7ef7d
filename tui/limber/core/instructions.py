"""The words a session shows in each phase, fitted to the time there is to read them.

Get-ready shows the set-up (and any first steps the hold has no room for); a hold or a
set of reps shows the movement and the key caution, in no more words than can be read
in its time. :mod:`limber.core.plan` puts them in its phases; ``limber pack check``
warns when even the shortest form is too long.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from limber.core.text import clean_line

if TYPE_CHECKING:
    from limber.core.model import Stretch

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str, limit: int = 2) -> str:
    """The first ``limit`` sentences of pack text, on one line, safe to show."""
    parts = _SENTENCE_END.split(clean_line(text))
    return " ".join(parts[:limit])


def full_stop(text: str) -> str:
    return text if not text or text[-1] in ".!?" else text + "."


WORDS_PER_SECOND = 3
"""How fast a runner in a stretch reads the instruction on screen, roughly: a hold shows
no more words than can be read in its time (and ``limber pack check`` warns if even its
shortest form cannot be)."""
_FILLER_WORDS = 1
"""A one-word step ("Hold.", "Repeat.") says nothing the countdown does not."""


def hold_instruction(stretch: Stretch, note: str, seconds: float) -> str:
    """What to read during a hold or reps: the movement, then the key caution, then the
    routine's note, in no more words than can be read in ``seconds``.

    The movement is the first sentence of each step, without one-word steps
    ("Hold."); the key caution is the stretch's first. When it is all too long, out go,
    in this order: the last step when it is the way out of the stretch (the next phase
    says what comes next), the caution (``h`` and the safety notice keep the stop rule
    one key away), then the earliest steps (the get-ready phase shows them, after the
    set-up), but never the last step left nor the note.
    """
    moves = [full_stop(sentences(step, 1)) for step in stretch.steps]
    ends_in_filler = bool(moves) and len(moves[-1].split()) <= _FILLER_WORDS
    moves = [m for m in moves if len(m.split()) > _FILLER_WORDS] or moves[:1]
    way_out = moves[-1:] if len(moves) > 1 and not ends_in_filler else []
    body = moves[: len(moves) - len(way_out)]
    caution = [full_stop(sentences(stretch.cautions[0], 1))] if stretch.cautions else []
    tail = [full_stop(clean_line(note))] if note else []
    budget = WORDS_PER_SECOND * seconds

    def fits(*parts: list[str]) -> bool:
        return sum(len(p.split()) for part in parts for p in part) <= budget

    if not fits(body, way_out, caution, tail):
        way_out = []
    if not fits(body, caution, tail):
        caution = []
    while len(body) > 1 and not fits(body, tail):
        body.pop(0)
    return " ".join(body + way_out + caution + tail)


def lead_in_steps(stretch: Stretch, hold: str) -> str:
    """The steps the hold has no room for, in order: the get-ready phase shows them."""
    moves = [full_stop(sentences(step, 1)) for step in stretch.steps]
    first_shown = next((i for i, m in enumerate(moves) if hold.startswith(m)), len(moves))
    return " ".join(m for m in moves[:first_shown] if len(m.split()) > _FILLER_WORDS)
