"""While a session runs it takes the room: the figure beside a big countdown, read from the
mat, at every size from 80×24; the catalogue and history come back when it ends."""

from __future__ import annotations

import pytest

from apptools import (
    SNAPSHOT_SIZE,
    FakeClock,
    at_twist_left,
    make_app,
    session_of,
    tick,
    visible_text,
)
from limber.core.plan import single_stretch_routine
from limber.ui.widgets.bigtext import BigText
from limber.ui.widgets.figure_view import FigureView
from limber.ui.widgets.session_view import SessionView


@pytest.mark.parametrize("size", [SNAPSHOT_SIZE, (120, 40), (200, 60)])
async def test_a_running_session_takes_the_screen_and_gives_it_back(limber_home, size):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=size) as pilot:
        await at_twist_left(app, pilot, clock)
        main = app.main
        assert not main.query_one("#catalogue").display
        assert not main.query_one("#history").display
        assert session_of(app).region.width == size[0]
        countdown = main.query_one("#countdown", BigText)
        drawn = [row for row in str(countdown.render()).split("\n") if row.strip()]
        assert len(drawn) >= 5  # big glyphs, not Digits' three rows
        figure = main.query_one("#figure", FigureView)
        assert figure.display and figure.region.width >= 20 and figure.region.height >= 8
        assert figure.region.right <= countdown.region.x  # beside the countdown
        if size != SNAPSHOT_SIZE:
            assert countdown.region.height > 10 and figure.region.height > 8  # they grow
        assert "f Full screen" in visible_text(app).split("\n")[-1]
        await tick(app, pilot, clock, 600)
        assert session_of(app).engine.state == "finished"
        assert main.query_one("#catalogue").display


async def test_full_screen_gives_the_figure_more_room(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_twist_left(app, pilot, clock)
        figure = app.main.query_one("#figure", FigureView)
        before = figure.region.size
        await pilot.press("f")
        await pilot.pause()
        after = figure.region.size
        assert after.width > before.width and after.height >= before.height


async def start_stretch(app, pilot, clock, stretch_id: str, seconds: float) -> SessionView:
    stretch = app.state.catalogue.stretches[stretch_id]
    app.main.start_session(single_stretch_routine(stretch))
    await pilot.pause()
    view = app.main.query_one(SessionView)
    view.moving = True  # as in the app: the factory turns animation off for snapshots
    await tick(app, pilot, clock, seconds)
    return view


async def test_a_movement_moves_only_while_the_session_runs(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, "core/pelvic-tilt", 1)
        figure = app.main.query_one("#figure", FigureView)
        assert figure.figure is not None and figure.figure.frames >= 2
        assert not figure.animating  # getting ready: the still pose
        await tick(app, pilot, clock, 6)
        assert session_of(app).engine.current.kind == "reps"
        assert figure.animating
        figure.step()
        assert figure.frame == 1
        await pilot.press("space")
        await pilot.pause()
        assert session_of(app).engine.state == "paused"
        assert not figure.animating and figure.frame == 0  # paused: the still pose
        await pilot.press("space")
        await pilot.pause()
        assert figure.animating
        assert figure.figure.tempo_seconds >= 0.5  # at most two frames a second


async def test_a_held_pose_never_runs_a_timer(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, "core/hip-flexor-wall", 5 + 3)
        figure = app.main.query_one("#figure", FigureView)
        assert figure.figure is not None and figure.figure.frames == 1
        assert not figure.animating


async def test_the_other_side_shows_the_figure_mirrored(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await start_stretch(app, pilot, clock, "core/hip-flexor-wall", 5 + 3)
        figure = app.main.query_one("#figure", FigureView)
        first = session_of(app).engine.current
        assert first.side == "left"
        left = (figure.mirror, str(figure.render()))
        await tick(app, pilot, clock, first.seconds + 5 + 2)  # the switch, then the right
        assert session_of(app).engine.current.side == "right"
        right = (figure.mirror, str(figure.render()))
        assert left[0] != right[0] and left[1] != right[1]
        assert right[0] == figure.figure.mirror_for("right")


async def test_a_rest_shows_no_figure(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 5 + 25 + 2)
        assert session_of(app).engine.current.kind == "rest"
        assert not app.main.query_one("#figure", FigureView).display
