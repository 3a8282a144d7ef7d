"""A hold keeps its caution at every size: at 80×24 the runner on the mat reads the
movement and the key caution whole, never a sentence cut in the middle, and the way out
of the pose only as the hold ends."""

from __future__ import annotations

import re

import pytest

from apptools import SNAPSHOT_SIZE, FakeClock, make_app, session_of, tick, visible_text
from limber.core.instructions import full_stop, sentences
from limber.core.plan import single_stretch_routine


def session_words(app) -> str:
    """The session pane's text as one line: wrapped sentences read as they would aloud."""
    box = session_of(app).region
    rows = visible_text(app).split("\n")[box.y + 1 : box.bottom - 1]
    return re.sub(r"\s+", " ", " ".join(row[box.x + 1 : box.right - 1] for row in rows))


async def start_stretch(app, pilot, clock, stretch_id: str, seconds: float) -> None:
    stretch = app.state.catalogue.stretches[stretch_id]
    app.main.start_session(single_stretch_routine(stretch))
    await pilot.pause()
    await tick(app, pilot, clock, seconds)


@pytest.mark.parametrize(
    "stretch_id", ["core/hip-flexor-wall", "core/kneeling-lunge", "core/pelvic-tilt"]
)
async def test_mid_hold_at_80x24_the_caution_shows_whole(limber_home, stretch_id):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, stretch_id, 5 + 8)
        phase = session_of(app).engine.current
        assert phase.kind in ("hold", "reps")
        shown = session_words(app)
        caution = full_stop(sentences(app.state.catalogue.stretches[stretch_id].cautions[0], 1))
        assert caution in shown
        assert "…" not in shown  # nothing cut in the middle of a sentence
        last_move = phase.instruction.removesuffix(phase.caution).split(". ")[-1].strip()
        assert last_move in shown  # and the movement itself


@pytest.mark.parametrize("stretch_id", ["core/hip-flexor-wall", "core/pelvic-tilt"])
async def test_in_a_small_terminal_the_caution_still_shows_whole(limber_home, stretch_id):
    """At 44×18 the caution takes more rows than the others leave the instruction: the
    box grows to hold it rather than cut it."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(44, 18)) as pilot:
        await start_stretch(app, pilot, clock, stretch_id, 5 + 8)
        assert session_of(app).engine.current.kind in ("hold", "reps")
        caution = full_stop(sentences(app.state.catalogue.stretches[stretch_id].cautions[0], 1))
        assert caution in session_words(app)


async def test_the_hip_flexor_hold_shows_its_knee_caution_to_the_end(limber_home):
    """Today's cut read "Keep your front knee…": now the whole sentence is there."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, "core/hip-flexor-wall", 5 + 8)
        assert "than your front ankle." in session_words(app)


async def test_the_way_out_shows_as_the_hold_ends_not_during_it(limber_home):
    """The glute bridge's last step (lowering the hips) is not read mid-hold, so nobody
    ends the hold early; it shows in the hold's last seconds, the caution still there."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, "core/glute-bridge", 5 + 10)
        phase = session_of(app).engine.current
        stretch = app.state.catalogue.stretches["core/glute-bridge"]
        assert phase.kind == "hold" and phase.way_out == full_stop(sentences(stretch.steps[-1], 1))
        assert phase.way_out not in session_words(app)
        assert phase.way_out not in phase.instruction
        await tick(app, pilot, clock, phase.seconds - 10 - 3)  # 3 s left
        shown = session_words(app)
        assert f"Coming out: {phase.way_out}" in shown
        assert phase.caution in shown


async def test_a_stretch_that_stays_put_to_the_end_has_no_way_out(limber_home):
    """The butterfly's last step ("Stay there, breathing slowly.") is part of the hold."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_stretch(app, pilot, clock, "core/butterfly", 5 + 3)
        phase = session_of(app).engine.current
        assert phase.way_out == "" and "Stay there, breathing slowly." in session_words(app)
