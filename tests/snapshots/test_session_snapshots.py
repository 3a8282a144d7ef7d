"""Snapshots of a running session's room: the figure beside the countdown as the screen
grows, and a movement's two keyframes. Each SVG was looked at before it was committed."""

from __future__ import annotations

from apptools import SNAPSHOT_SIZE, FakeClock, at_twist_left, make_app, tick
from limber.core.plan import single_stretch_routine
from limber.ui.widgets.figure_view import FigureView


def test_session_mid_hold_120x40(snap_compare, limber_home):
    """Reclining twist, LEFT side, mid-hold at 120×40: the catalogue and history have
    stepped back; the figure and a countdown ten rows tall fill the pane, the movement
    and the caution below, no empty lower half."""
    clock = FakeClock()

    async def run(pilot):
        await at_twist_left(pilot.app, pilot, clock)

    app = make_app(limber_home, clock=clock)
    assert snap_compare(app, run_before=run, terminal_size=(120, 40))


def _pelvic_tilt_reps(clock: FakeClock, frame: int):
    async def run(pilot):
        app = pilot.app
        stretch = app.state.catalogue.stretches["core/pelvic-tilt"]
        app.main.start_session(single_stretch_routine(stretch))
        await pilot.pause()
        await tick(app, pilot, clock, 5 + 9)
        figure = app.main.query_one("#figure", FigureView)
        for _ in range(frame):
            figure.step()
        await pilot.pause()

    return run


def test_movement_first_keyframe(snap_compare, limber_home):
    """Pelvic tilt, rep 3 of 15 at 80×24: the figure's first keyframe (lower back in
    neutral), the rep count in big glyphs, the movement and the caution whole."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    assert snap_compare(app, run_before=_pelvic_tilt_reps(clock, 0), terminal_size=SNAPSHOT_SIZE)


def test_movement_second_keyframe(snap_compare, limber_home):
    """The same moment, the figure one step on: its second keyframe (the pelvis tipped,
    the lower back flat); nothing else on the screen changes."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    assert snap_compare(app, run_before=_pelvic_tilt_reps(clock, 1), terminal_size=SNAPSHOT_SIZE)
