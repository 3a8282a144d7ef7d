"""Words a runner reads at a glance (issue 20): every runner-facing text of the core
catalogue and the first-party packs reads at a Flesch reading ease of 60 or more, and no
sentence runs over 25 words. Scored with textstat (pinned in the test extra), by the rule
in ``limber.core.readability`` that ``limber pack check`` applies to a pack author's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat
from limber_voice.cues import cue_for
from limber_voice.settings import VoiceSettings

from limber import SessionEvent
from limber.core.catalogue import Catalogue
from limber.core.packs.host import load_catalogue
from limber.core.painrule import care_pointer
from limber.core.programme import rule_owner, rules
from limber.core.programme_model import Author, GetInTouch
from limber.core.readability import (
    MAX_SENTENCE_WORDS,
    MIN_EASE,
    item_problems,
    runner_texts,
    sentences,
    text_problems,
)

PACKS = ("core/", "sciatica-care/", "runner-strength/", "voice/")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIMBER_HOME", str(tmp_path_factory.mktemp("home")))
        patch.delenv("LIMBER_PACKS", raising=False)
        loaded, report, _host = load_catalogue()
    for pack in ("core", "sciatica-care", "runner-strength", "voice"):
        record = next(r for r in report.packs if r.name == pack)
        assert record.status == "loaded", record.errors
    return loaded


def _items(catalogue: Catalogue) -> list:  # type: ignore[type-arg]
    tables = (catalogue.stretches, catalogue.routines, catalogue.guidance, catalogue.programmes)
    return [item for table in tables for iid, item in table.items() if iid.startswith(PACKS)]


def _code_texts() -> dict[str, str]:
    """What Limber's code says to a runner: the pain pointer, a programme's rules, the
    voice's cues (each kind, joined as one text, as they are heard in a row)."""
    everything = GetInTouch(pain_after=6, pain_rise=2, stopped_for_pain=True, missed_in_a_row=3)
    owner = rule_owner(Author(name="Jane Doe", credentials="MCSP", role="physio"))
    voice = VoiceSettings()
    events = [
        SessionEvent(kind="phase-started", routine_id="r", phase_kind=phase, **extra)
        for phase, extra in (
            ("get-ready", {"stretch_id": "core/piriformis-stretch", "side": "left"}),
            ("get-ready", {"stretch_name": "Cat-cow"}),
            ("hold", {}),
            ("reps", {}),
            ("flow", {"position": "Cat"}),
            ("rest", {}),
        )
    ]
    events += [
        SessionEvent(kind="switch-sides", routine_id="r", side="right"),
        SessionEvent(kind="halfway", routine_id="r", phase_kind="hold", phase_seconds=30),
        SessionEvent(kind="session-done", routine_id="r", status="completed"),
        SessionEvent(kind="session-done", routine_id="r", status="ended-early"),
    ]
    cues = [cue.text for e in events if (cue := cue_for(e, voice)) is not None]
    return {
        "pain pointer, severe": care_pointer(9),
        "pain pointer, rising": care_pointer(2, 5),
        "programme rules": " ".join(f"{owner}: {rule}." for rule in rules(everything).values()),
        "voice cues": " ".join(c if c.endswith(".") else f"{c}." for c in cues),
    }


def test_the_rule_catches_what_it_should():
    """The scorer is live: a dense sentence and a long one are both caught."""
    dense = (
        "Physiotherapeutic intervention necessitates individualised assessment of "
        "musculoskeletal dysfunction preceding implementation of rehabilitation."
    )
    assert textstat.flesch_reading_ease(dense) < MIN_EASE
    assert any("reading ease" in p for p in text_problems(dense, textstat.flesch_reading_ease))
    long = " ".join(["word"] * (MAX_SENTENCE_WORDS + 1)) + "."
    assert any("a sentence of 26 words" in p for p in text_problems(long, None))
    assert sentences("Use ice (e.g. a pack). Then rest.") == ["Use ice (e.g a pack).", "Then rest."]


def test_every_runner_facing_text_of_the_catalogue_and_packs_reads_plainly(catalogue):
    items = _items(catalogue)
    assert len(items) > 30
    hard = [
        f"{item.id} {problem.key}: {problem.message}"
        for item in items
        for problem in item_problems(item, textstat.flesch_reading_ease)
    ]
    assert hard == []


def test_the_notice_is_scored_too(catalogue):
    keys = [key for key, _text in runner_texts(catalogue.guidance["core/before-you-start"])]
    assert keys == ["summary", "points"]


@pytest.mark.parametrize("name", list(_code_texts()))
def test_what_limbers_code_says_reads_plainly(name):
    assert text_problems(_code_texts()[name], textstat.flesch_reading_ease) == []


def test_pack_check_uses_the_same_rule(tmp_path: Path):
    """Spot-check the wiring: a lint of a hard text carries the same words."""
    from limber.core.model import Guidance
    from limber.core.packs.content import PackContent
    from limber.core.packs.lint import lint_pack

    content = PackContent()
    page = {
        "id": "dense",
        "title": "Dense",
        "category": "how-to",
        "summary": "Physiotherapeutic intervention necessitates individualised assessment of "
        "musculoskeletal dysfunction preceding implementation of rehabilitation.",
        "points": ["Breathe."],
        "sources": [{"title": "A book"}],
    }
    content.add("guidance", page, file="guidance/dense.toml", text="")
    assert isinstance(content.items[0], Guidance)
    found = lint_pack(content, "p", Catalogue(), lambda f: "", scorer=textstat.flesch_reading_ease)
    assert [w.key for w in found] == ["summary"]
    assert found[0].message.startswith("hard to read at a glance: reading ease")
