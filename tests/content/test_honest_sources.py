"""Content claims only what its sources say (issue 13).

Every source has one short, honest name, used the same way in every item and in prose;
advice that is Limber's own reading is marked as Limber's own; the packs say what is
theirs. These tests read the content the way a runner would meet it: the core catalogue,
the two first-party packs as they load (code-built routines included), and the packs'
READMES.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from limber.core.catalogue import Catalogue
from limber.core.model import Guidance, Routine, Source, Stretch
from limber.core.packs.content import read_pack_dir
from limber.core.packs.host import load_catalogue
from limber.core.paths import core_content_dir
from limber.core.plan import PlanSettings, build_plan

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
READMES = sorted(PLUGINS.glob("*/README.md"))
PACK_CONTENT = sorted(p.parent for p in PLUGINS.glob("*/*/content/pack.toml"))

# The one name of each seed article, as (title, publisher). Shown as "title (publisher)".
# Seed 000 has no title, only "From: Prevention US": it is untitled, like 001 and 002.
CANONICAL = {
    "000": ("Five stretches for back pain (untitled article)", "Prevention US"),
    "001": ("Exercises for runners' back pain (untitled article)", ""),
    "002": ("Running and back pain FAQ (untitled article)", ""),
    "003": ("Stop and Stretch! Postrun Relief For Your Lower Back", ""),
    "004": ("The best stretch to relieve lower back pain after running", ""),
}
NAMES = [f"{t} ({p})" if p else t for t, p in CANONICAL.values()]
# How prose refers to each article, once its page has listed it by its full name.
SHORT = {
    "000": "the Prevention US article",
    "001": "the exercises article",
    "002": "the Q&A article",
    "003": "the post-run article",
    "004": "the best-stretch article",
}
OWN = "Limber's own"
"""How Limber marks its own advice: "Limber's own advice: …" or "Limber's own suggestion: …"."""

# Ways the content used to name an article that made one article look like several.
VAGUE_NAMES = (
    "the flare-up article",
    "the first article",
    "the prevention article",
    "the faq article",
    "one faq article",
    "a second article",
    "another article",
    "one article",
    "both articles",
    "untitled article:",
)
SCIATICA_SIGNS = ("numbness", "weakness", "tingling")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIMBER_HOME", str(tmp_path))
    monkeypatch.delenv("LIMBER_PACKS", raising=False)


@pytest.fixture
def catalogue() -> Catalogue:
    loaded, report, _host = load_catalogue()
    for pack in ("core", "sciatica-care", "runner-strength"):
        record = next(r for r in report.packs if r.name == pack)
        assert record.status == "loaded", record.errors
    return loaded


def _ours(catalogue: Catalogue) -> Iterator[Stretch | Routine | Guidance]:
    """Every item of the core catalogue and the two first-party packs."""
    packs = ("core/", "sciatica-care/", "runner-strength/")
    for table in (catalogue.stretches, catalogue.routines, catalogue.guidance):
        yield from (item for iid, item in table.items() if iid.startswith(packs))


def _texts(item: Stretch | Routine | Guidance) -> list[str]:
    """What a runner reads of an item, source names aside."""
    if isinstance(item, Stretch):
        return [
            item.name,
            item.summary,
            item.setup,
            *item.steps,
            *item.easier,
            *item.harder,
            *item.cautions,
            item.dose.note,
            *(p.cue for p in item.flow),
        ]
    if isinstance(item, Routine):
        return [item.name, item.description, *item.cautions, *(s.note for s in item.steps)]
    return [item.title, item.summary, *item.points]


def _cautions(item: Stretch | Routine | Guidance) -> tuple[str, ...]:
    return item.points if isinstance(item, Guidance) else item.cautions


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;!?])\s+", text)


def _prose_files() -> list[Path]:
    tomls = [*Path(str(core_content_dir())).rglob("*.toml")]
    for folder in PACK_CONTENT:
        tomls.extend(folder.rglob("*.toml"))
    return [*tomls, *READMES]


# -- source names --------------------------------------------------------------------------


def test_no_source_name_reads_like_an_unfilled_placeholder():
    for path in _prose_files():
        assert "[Untitled" not in path.read_text(), path


def test_every_source_is_one_of_the_five_canonical_names(catalogue):
    allowed = set(CANONICAL.values())
    for item in _ours(catalogue):
        assert item.sources, item.id
        for source in item.sources:
            assert isinstance(source, Source)
            assert (source.title, source.publisher) in allowed, (item.id, source)


def test_prose_names_articles_by_their_one_name_not_by_nicknames(catalogue):
    for item in _ours(catalogue):
        text = " ".join(_texts(item)).lower()
        for vague in VAGUE_NAMES:
            assert vague not in text, (item.id, vague)
    for path in READMES:
        text = path.read_text().lower()
        for vague in VAGUE_NAMES:
            assert vague not in text, (path, vague)


def test_pack_readmes_list_their_sources_by_the_canonical_names():
    for path in READMES:
        text = " ".join(path.read_text().split())
        assert any(name in text for name in NAMES), path


# -- the stop-and-see advice: whose it is --------------------------------------------------


def test_the_sciatica_signs_are_the_articles_and_the_stop_advice_is_marked_as_limbers(catalogue):
    """Seed 004 lists the signs; telling people to see a professional is Limber's reading."""
    seen = 0
    for item in _ours(catalogue):
        for text in (*_cautions(item), *([item.summary] if isinstance(item, Guidance) else [])):
            lowered = text.lower()
            if all(sign in lowered for sign in SCIATICA_SIGNS) and "professional" in lowered:
                seen += 1
                assert OWN in text, (item.id, text)
                assert "down one side" not in lowered, item.id
    assert seen >= 5  # piriformis stretch, piriformis care, both packs' routines, runner-strength


def test_every_caution_that_sends_you_to_a_professional_says_whose_advice_it_is(catalogue):
    for item in _ours(catalogue):
        single_source = len(item.sources) == 1
        for text in _cautions(item):
            lowered = text.lower()
            if "professional" not in lowered or not ("stop" in lowered or "see a" in lowered):
                continue  # not advice to stop or to see someone
            named = any(name.lower() in lowered for name in SHORT.values())
            says_article = single_source and "article" in text.lower()
            assert named or says_article or OWN in text, (item.id, text)


def test_no_text_says_on_one_side_as_down_one_side():
    for path in _prose_files():
        assert "down one side" not in path.read_text(), path


def test_the_safety_notice_does_not_claim_every_caution_is_sourced(catalogue):
    page = catalogue.guidance["core/safety-notice"]
    for point in page.points:
        lowered = point.lower()
        assert not ("caution" in lowered and "comes from a published article" in lowered), point
    assert any(OWN in p for p in page.points), "it should say how Limber marks its own advice"


def test_when_to_stop_keeps_stopping_apart_from_easier_versions(catalogue):
    page = catalogue.guidance["core/when-to-stop"]
    for point in (page.summary, *page.points):
        assert "easier" not in point.lower(), point
    text = " ".join(page.points)
    assert "discomfort" in text and "professional" in text
    assert OWN in text


def test_every_routine_shows_a_stop_rule(catalogue):
    for rid, routine in catalogue.routines.items():
        if not rid.startswith(("core/", "sciatica-care/", "runner-strength/")):
            continue
        cautions = " ".join(routine.cautions).lower()
        assert "stop" in cautions and "professional" in cautions, rid


# -- returning to running ------------------------------------------------------------------


def test_returning_to_running_is_about_activity_and_points_to_when_to_stop(catalogue):
    page = catalogue.guidance["core/returning-to-running"]
    stop_title = catalogue.guidance["core/when-to-stop"].title
    text = " ".join((page.summary, *page.points))
    assert "keep moving" in text.lower()
    assert "not about stretching" in text.lower() or "not a reason to hold a stretch" in text
    assert stop_title in text


# -- the runner-strength progression -------------------------------------------------------


def _says_progression_is_limbers(text: str) -> bool:
    text = " ".join(text.split()).lower()
    return "limber's own" in text and "progression" in text and "no article gives" in text


def test_runner_strength_says_its_progression_is_limbers_own(catalogue):
    routines = [r for rid, r in catalogue.routines.items() if rid.startswith("runner-strength/")]
    assert routines
    for routine in routines:
        assert _says_progression_is_limbers(routine.description), routine.id
    programme = catalogue.programmes["runner-strength/four-weeks"]
    assert _says_progression_is_limbers(programme.summary)
    assert "Limber's own suggestion, not a clinician's" in programme.review
    assert programme.author.name == "The Limber developers"
    page = catalogue.guidance["runner-strength/about-the-programme"]
    assert _says_progression_is_limbers(" ".join((page.summary, *page.points)))
    readme = (PLUGINS / "limber-runner-strength" / "README.md").read_text()
    assert _says_progression_is_limbers(readme.replace("**", ""))


# -- sciatica framing ----------------------------------------------------------------------


def test_the_sciatica_care_pack_is_framed_as_piriformis_care(catalogue):
    texts = [p.read_text() for p in _prose_files()]
    texts += [p.read_text() for p in PLUGINS.glob("*/pyproject.toml")]  # the index's summary
    assert not any("sciatica-friendly" in t.lower() for t in texts)
    readme = (PLUGINS / "limber-sciatica-care" / "README.md").read_text()
    assert "piriformis care" in readme.lower()
    info = read_pack_dir(PLUGINS / "limber-sciatica-care" / "limber_sciatica_care" / "content")
    assert info.info is not None
    described = f"{info.info.title} {info.info.description}".lower()
    assert "piriformis" in info.info.title.lower()
    assert "more severe kinds of lower-back pain" in described
    assert "see a professional first" in described
    assert "see a professional first" in readme.lower()


# -- routine names and what they imply -----------------------------------------------------


def test_no_routine_name_says_daily(catalogue):
    for rid, routine in catalogue.routines.items():
        assert "daily" not in routine.name.lower(), rid


def test_no_routine_suggests_stretching_after_sitting(catalogue):
    for rid, routine in catalogue.routines.items():
        text = f"{routine.name} {routine.description}".lower()
        assert not re.search(r"\b(long sit|after sitting|or sitting|a sit)\b", text), rid


# -- sides ---------------------------------------------------------------------------------


def test_every_sided_stretch_says_what_its_side_means(catalogue):
    for sid, stretch in catalogue.stretches.items():
        if sid.startswith("core/") and stretch.sides == "each":
            assert "Your side is" in stretch.summary, sid


def test_the_kneeling_lunge_gives_the_articles_one_side_and_marks_the_other_as_limbers(
    catalogue,
):
    lunge = catalogue.stretches["core/kneeling-lunge"]
    assert "left foot forward" in lunge.summary and "one side only" in lunge.summary
    assert f"{OWN} suggestion" in lunge.summary
    step = next(
        s for s in catalogue.routines["core/core-and-hips"].steps if s.stretch.endswith("lunge")
    )
    assert step.sides == "left", "the article's routine does the side the article gives"


def test_the_post_run_twists_follow_the_articles_order_of_sides(catalogue):
    """Limber does the left side first; the article opens the left arm first in the
    reclining twist (legs to the right), and bends the right knee first in the seated one."""
    reclining = catalogue.stretches["core/reclining-twist"]
    assert "Your side is the arm you open" in reclining.summary
    routine = catalogue.routines["core/post-run"]
    order = [(s.stretch, s.sides) for s in routine.steps if "twist" in s.stretch]
    assert order == [
        ("core/reclining-twist", None),  # each side, left (arm) first
        ("core/seated-twist", "right"),
        ("core/seated-twist", "left"),
    ]


# -- attribution inside one article -------------------------------------------------------


def test_nasm_is_credited_only_with_the_stretches_the_article_gives_it(catalogue):
    not_nasms = ("bridge", "tube", "band", "leg slide", "squat")
    texts = [t for item in _ours(catalogue) for t in _texts(item)]
    texts += [p.read_text() for p in READMES]
    for text in texts:
        for sentence in _sentences(" ".join(text.split())):
            if "National Academy of Sports Medicine" in sentence or "NASM" in sentence:
                lowered = sentence.lower()
                assert not any(word in lowered for word in not_nasms), sentence


def test_the_exercise_ball_is_an_alternative_set_up_not_an_easier_version(catalogue):
    for sid, stretch in catalogue.stretches.items():
        assert "exercise ball" not in " ".join(stretch.easier).lower(), sid
    assert "exercise ball" in catalogue.stretches["core/piriformis-stretch"].setup


def test_self_care_lists_the_five_steps_and_adds_nothing(catalogue):
    page = catalogue.guidance["core/strained-back-self-care"]
    assert len(page.points) == 5
    assert "adds nothing" in page.summary
    assert "label" not in " ".join(page.points).lower()


# -- the guidance kept the upside of running too -------------------------------------------

# (page, words that must appear in one point, the article that point must name)
NEW_POINTS = [
    ("core/running-and-back-pain", ("mechanical back pain",), "002"),
    ("core/running-and-back-pain", ("weak core",), "002"),
    ("core/running-and-back-pain", ("aerobic", "jogging", "chronic"), "002"),
    ("core/running-and-back-pain", ("JAMA", "ease", "risk"), "000"),
    ("core/running-and-back-pain", ("80 %", "regular stretching"), "004"),
    ("core/running-and-back-pain", ("short bouts", "10–15 minutes", "three to five"), "004"),
    ("core/how-often", ("10–15 minutes", "three to five"), "004"),
    ("core/what-can-cause-it", ("hips and glutes",), "001"),
    ("core/what-can-cause-it", ("form", "overusing"), "001"),
    ("core/what-can-cause-it", ("long runs", "hilly"), "003"),
    ("core/what-can-cause-it", ("core", "fatigue"), "002"),
]


@pytest.mark.parametrize(("page", "words", "seed"), NEW_POINTS)
def test_the_articles_positive_findings_and_named_causes_are_there_with_their_source(
    catalogue, page, words, seed
):
    guidance = catalogue.guidance[page]
    title, publisher = CANONICAL[seed]
    assert Source(title=title, publisher=publisher) in guidance.sources
    # a point with those words that names its article, or follows ("The same FAQ: ...")
    # the last point that named one
    current = ""
    for point in guidance.points:
        named = [CANONICAL[s][0] for s, short in SHORT.items() if short.lower() in point.lower()]
        current = named[0] if named else current
        if all(w in point for w in words):
            assert current == title, (page, point)
            return
    pytest.fail(f"{page}: no point says {words}")


# -- reading time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder", [core_content_dir(), *PACK_CONTENT], ids=lambda p: Path(str(p)).parts[-3]
)
def test_pack_check_gives_no_reading_time_warnings(folder):
    result = subprocess.run(
        [sys.executable, "-m", "limber", "pack", "check", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "to read" not in output, output


def test_every_hold_can_be_read_in_time_in_every_routine(catalogue):
    """The same limit as ``limber pack check`` (3 words a second, short end of the dose,
    for the movement: the caution shows whole whatever the time), applied to code-built
    routines too, which ``pack check`` does not see."""
    for rid, routine in catalogue.routines.items():
        plan = build_plan(routine, catalogue.stretches, PlanSettings(dose="low"))
        for phase in plan.phases:
            if phase.kind == "hold":
                assert phase.caution and phase.instruction.endswith(phase.caution), rid
                words = len(phase.instruction.removesuffix(phase.caution).split())
                assert words <= 3 * phase.seconds, (rid, phase.instruction)


# -- sources named once per page (issue 20) ------------------------------------------------

FULL_TITLES = [title for title, _publisher in CANONICAL.values()]


def test_prose_never_names_an_article_in_full(catalogue):
    """A page lists its sources once, by full name; its sentences use the short name."""
    from limber.core.painrule import care_pointer

    texts = [(item.id, text) for item in _ours(catalogue) for text in _texts(item)]
    texts += [("pain pointer", care_pointer(9)), ("pain pointer", care_pointer(2, 5))]
    for where, text in texts:
        assert "untitled article" not in text, (where, text)
        for title in FULL_TITLES:
            assert title.removesuffix(" (untitled article)") not in text, (where, title)


def test_each_short_name_is_a_source_its_page_lists(catalogue):
    by_short = {short.lower(): CANONICAL[seed] for seed, short in SHORT.items()}
    for item in _ours(catalogue):
        listed = {(s.title, s.publisher) for s in item.sources}
        text = " ".join(_texts(item)).lower()
        for short, source in by_short.items():
            if short in text:
                assert source in listed, (item.id, short)


def test_seed_000_is_labelled_untitled_like_the_others(catalogue):
    """It has no headline, only "From: Prevention US"."""
    title, publisher = CANONICAL["000"]
    items = [*_ours(catalogue), *catalogue.programmes.values(), *catalogue.routines.values()]
    citing = {item.id for item in items if Source(title=title, publisher=publisher) in item.sources}
    assert len(citing) >= 14, citing  # the core's, both packs', the voice sound check
    for path in _prose_files():
        for line in path.read_text().splitlines():
            assert "Five stretches for back pain (Prevention US)" not in line, path
            if "Five stretches for back pain" in line:
                assert "Five stretches for back pain (untitled article)" in line, (path, line)


# -- the content review's lows (issue 20, item 7) ------------------------------------------


def test_advice_after_the_articles_sentence_is_marked_as_limbers(catalogue):
    """The piriformis routine and the sciatica-care pack say whose "see a professional
    first" it is, instead of running it on from the article's sentence."""
    routine = catalogue.routines["core/piriformis-care"].description
    info = read_pack_dir(PLUGINS / "limber-sciatica-care" / "limber_sciatica_care" / "content")
    assert info.info is not None
    for text in (routine, info.info.description):
        advice = next(s for s in _sentences(text) if "see a professional first" in s)
        assert advice.startswith(f"{OWN} advice"), advice


def test_no_piriformis_item_is_tagged_for_sciatica(catalogue):
    for item in _ours(catalogue):
        if isinstance(item, Stretch | Routine):
            assert "sciatica" not in item.tags, item.id


def test_returning_to_running_marks_limbers_reading_of_the_rule(catalogue):
    page = catalogue.guidance["core/returning-to-running"]
    reading = next(p for p in page.points if "applies to moving about" in p)
    assert reading.startswith(f"{OWN} reading"), reading


def test_the_sound_check_holds_the_twist_for_the_articles_dose_and_declares_its_rounds():
    from limber.testing import load_pack

    pack = load_pack("voice")
    routine = pack.routines["voice/sound-check"]
    twist = next(s for s in routine.steps if s.stretch == "core/reclining-twist")
    assert (twist.seconds, twist.breaths) == (None, None)  # the stretch's five breaths
    assert twist.rounds == 2
    assert f"{OWN} choice: doing each side twice" in routine.description


def test_on_its_own_account_not_in_its_own_words():
    for path in _prose_files():
        text = path.read_text().lower()
        assert "in its own words" not in text, path
        assert "in the article's own words" not in text, path


def test_piriformis_syndrome_goes_with_back_pain_and_the_cause_is_seed_001s(catalogue):
    page = catalogue.guidance["core/what-can-cause-it"]
    syndrome = next(p for p in page.points if "piriformis syndrome" in p)
    assert "go together" in syndrome and "cause" not in syndrome.replace("because", "")
    cause = next(p for p in page.points if "too tight" in p)
    assert cause.startswith("The exercises article")


def test_short_sessions_beside_the_10_to_15_minute_research_say_they_are_shorter(catalogue):
    texts = [(r.id, r.description) for r in catalogue.routines.values()]
    texts += [(p.id, p.summary) for p in catalogue.programmes.values()]
    page = catalogue.guidance["runner-strength/about-the-programme"]
    texts += [(page.id, " ".join(page.points))]
    seen = 0
    for where, text in texts:
        if "10–15 minutes" in text:
            seen += 1
            assert "shorter" in text and "short bouts" in text, where
    assert seen >= 3


def test_the_core_piriformis_grouping_is_limbers_and_credits_the_doses_source(catalogue):
    routine = catalogue.routines["core/piriformis-care"]
    assert f"{OWN} suggestion: this choice and order of stretches" in routine.description
    title, publisher = CANONICAL["000"]
    assert Source(title=title, publisher=publisher) in routine.sources


def test_doses_no_article_gives_are_declared_beside_the_dose(catalogue):
    piriformis = catalogue.stretches["core/piriformis-stretch"].dose.note
    assert piriformis.startswith(f"{OWN} choice") and '"a few seconds"' in piriformis
    for sid in ("core/back-flexion", "core/kneeling-lunge"):
        note = catalogue.stretches[sid].dose.note
        assert "the Q&A article's general 10–30 s" in note, sid


def test_seated_butterfly_is_marked_as_limbers_naming(catalogue):
    summary = catalogue.stretches["core/butterfly"].summary
    assert f"{OWN} naming" in summary and "gives it no name" in summary


def test_no_tag_says_daily(catalogue):
    for item in _ours(catalogue):
        if isinstance(item, Stretch | Routine):
            assert not any("daily" in tag for tag in item.tags), item.id


def test_the_readmes_say_which_doses_and_rules_are_limbers():
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "down one side" not in readme
    assert "Doses, sides and cautions are as the sources give them, except where" in readme
    assert "the progression is Limber's own suggestion" in readme
    strength = " ".join((PLUGINS / "limber-runner-strength" / "README.md").read_text().split())
    assert "rule is the article's" not in strength
    assert '"this hurts") is Limber\'s own advice' in strength


def test_the_voice_says_what_the_side_means_in_every_two_sided_core_stretch(catalogue):
    """ "Left side" alone leaves a runner on the floor guessing which leg; the cue says it,
    as each stretch's summary does ("Your side is the leg you cross over")."""
    from limber_voice.cues import cue_for
    from limber_voice.settings import VoiceSettings

    from limber import SessionEvent

    for sid, stretch in catalogue.stretches.items():
        if not sid.startswith("core/") or stretch.sides != "each":
            continue
        for kind, phase in (("phase-started", "get-ready"), ("switch-sides", "switch-sides")):
            event = SessionEvent(
                kind=kind,
                routine_id="core/x",
                stretch_id=sid,
                side="left",
                phase_kind=phase,
                stretch_name=stretch.name,
            )
            cue = cue_for(event, VoiceSettings())
            assert cue is not None, sid
            said = cue.text.partition("left side")[2]
            assert said.startswith(": ") and "left" in said, (sid, cue.text)


def test_no_routine_id_says_daily_or_sitting_and_the_old_ids_point_to_the_new(catalogue):
    """ "daily" went against "three to five days a week"; an old id in a runner's shell
    history gets one sentence naming the new one (history itself keys on the name)."""
    from limber.core.errors import LimberError

    for rid in catalogue.routines:
        assert "daily" not in rid and "sitting" not in rid, rid
    for old, new in (
        ("sciatica-care/daily-piriformis", "sciatica-care/gentle-piriformis"),
        ("sciatica-care/after-run-or-sitting", "sciatica-care/after-run-piriformis"),
    ):
        with pytest.raises(LimberError, match=f"Did you mean '{new}'"):
            catalogue.routine(old)


def test_limber_show_names_seed_000_as_the_app_does(catalogue):
    from limber.commands.describe import describe

    text = describe(catalogue.stretches["core/cat-cow"], catalogue)
    assert "  - Five stretches for back pain (untitled article) — Prevention US" in text
