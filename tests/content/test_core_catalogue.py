"""The core catalogue holds every stretch and routine of the seed articles, as they give them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from limber.core.packs.content import read_pack_dir
from limber.core.paths import core_content_dir

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

SOURCE_NAMES = (
    "Stop and Stretch! Postrun Relief For Your Lower Back",
    "The best stretch to relieve lower back pain after running",
)
"""The two seed titles that are real headlines; they may be quoted when naming the article."""

# id: (kind, unit, amount as the articles give it, sides)
SEED_STRETCHES = {
    "childs-pose": ("hold", "seconds", (20, 30), "none"),
    "cat-cow": ("flow", "seconds", (5, 5), "none"),
    "lower-back-twist": ("hold", "seconds", (20, 30), "each"),
    "knee-to-chest": ("hold", "seconds", (20, 30), "none"),
    "single-knee-to-chest": ("hold", "seconds", (15, 15), "each"),
    "pelvic-tilt": ("reps", "reps", (12, 15), "none"),
    "back-flexion": ("hold", "seconds", (10, 30), "none"),
    # the article gives the left foot forward only; the right is Limber's own suggestion,
    # and the article's own routine (core-and-hips) does the left only
    "kneeling-lunge": ("hold", "seconds", (10, 30), "each"),
    "piriformis-stretch": ("hold", "seconds", (10, 30), "each"),
    "glute-bridge": ("isometric", "seconds", (30, 60), "none"),
    "tabletop-leg-press": ("isometric", "seconds", (30, 30), "none"),
    "butterfly": ("hold", "breaths", (5, 5), "none"),
    "reclining-twist": ("hold", "breaths", (5, 5), "each"),
    "seated-twist": ("hold", "breaths", (5, 5), "each"),
    "hip-flexor-wall": ("hold", "seconds", (30, 30), "each"),
}

SEED_ROUTINES = {
    # the seated twist right knee first, then left, in the article's order
    "post-run": [
        "butterfly",
        "reclining-twist",
        "seated-twist",
        "seated-twist",
        "hip-flexor-wall",
    ],
    "flare-up": ["childs-pose", "cat-cow", "lower-back-twist", "knee-to-chest", "pelvic-tilt"],
    "core-and-hips": [
        "back-flexion",
        "kneeling-lunge",
        "single-knee-to-chest",
        "piriformis-stretch",
        "glute-bridge",
        "tabletop-leg-press",
    ],
    "quick-knee-to-chest": ["single-knee-to-chest", "single-knee-to-chest", "knee-to-chest"],
    "piriformis-care": ["piriformis-stretch", "glute-bridge", "cat-cow", "pelvic-tilt"],
}


@pytest.fixture(scope="module")
def core():
    content = read_pack_dir(core_content_dir())
    assert content.errors == [], [str(e) for e in content.errors]
    return content


@pytest.mark.parametrize("sid", sorted(SEED_STRETCHES))
def test_every_seed_stretch_is_present_with_its_dose_and_sides(core, sid):
    stretches = {s.id: s for s in core.stretches}
    assert sid in stretches
    stretch = stretches[sid]
    kind, unit, amount, sides = SEED_STRETCHES[sid]
    assert (stretch.kind, stretch.dose.unit, stretch.dose.amount, stretch.sides) == (
        kind,
        unit,
        amount,
        sides,
    )
    assert stretch.sources, "every stretch names its source article"
    assert stretch.steps and stretch.setup


def test_cat_cow_alternates_two_positions_for_thirty_seconds(core):
    cat_cow = next(s for s in core.stretches if s.id == "cat-cow")
    assert [p.name for p in cat_cow.flow] == ["Cat", "Cow"]
    assert cat_cow.dose.total_seconds == 30


def test_the_props_the_articles_give_are_easier_variations(core):
    easier = {s.id: " ".join(s.easier).lower() for s in core.stretches}
    assert "pillow" in easier["childs-pose"]
    assert "blanket" in easier["lower-back-twist"] or "pillow" in easier["lower-back-twist"]
    assert "towel" in easier["cat-cow"] or "blanket" in easier["cat-cow"]


@pytest.mark.parametrize("rid", sorted(SEED_ROUTINES))
def test_every_seed_routine_is_present_in_order(core, rid):
    routines = {r.id: r for r in core.routines}
    assert [step.stretch for step in routines[rid].steps] == SEED_ROUTINES[rid]


def test_the_quick_sequence_is_right_left_then_both_for_fifteen_seconds(core):
    quick = next(r for r in core.routines if r.id == "quick-knee-to-chest")
    assert [(s.sides, s.seconds) for s in quick.steps] == [("right", 15), ("left", 15), (None, 15)]


def test_the_runner_can_pick_post_run_relief_by_name(core):
    assert any(r.name == "Post-run lower-back relief" for r in core.routines)


def test_guidance_covers_safety_and_the_articles_advice(core):
    ids = {g.id for g in core.guidance}
    assert {
        "safety-notice",
        "hold-and-breathe",
        "how-often",
        "strained-back-self-care",
        "returning-to-running",
        "when-to-stop",
    } <= ids
    text = {g.id: " ".join(g.points) for g in core.guidance}
    assert "10" in text["how-often"] and "15" in text["how-often"]
    assert "walk" in text["returning-to-running"].lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_sentence_is_copied_from_the_seed_articles(core):
    """Facts carry over, sentences do not: no run of 7 words matches an article."""
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not beside this checkout")
    window = 7
    seen: set[tuple[str, ...]] = set()
    for seed in SEEDS.glob("*.txt"):
        words = _words(seed.read_text())
        seen.update(tuple(words[i : i + window]) for i in range(len(words) - window + 1))
    texts: dict[str, str] = {}
    plugins = Path(__file__).resolve().parents[2] / "plugins"
    tomls = [*Path(str(core_content_dir())).rglob("*.toml"), *plugins.glob("*/*/content/**/*.toml")]
    for path in sorted(tomls):
        data = tomllib.loads(path.read_text())
        data.pop("sources", None)  # titles are quoted on purpose: they name the article
        texts[path.name] = " ".join(_strings(data))
    for path in sorted(plugins.glob("*/README.md")):
        texts[str(path.relative_to(plugins))] = path.read_text()
    copied = []
    for name, text in texts.items():
        for title in SOURCE_NAMES:  # an article's name, used in prose, names it on purpose
            text = text.replace(title, " ")
        words = _words(text)
        for i in range(len(words) - window + 1):
            if tuple(words[i : i + window]) in seen:
                copied.append(f"{name}: {' '.join(words[i : i + window])}")
    assert copied == []
