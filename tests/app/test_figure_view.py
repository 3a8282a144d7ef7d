"""FigureView: the figure fills the box it is given, and a movement steps only while
asked to; a held pose never has a timer."""

from __future__ import annotations

from pathlib import Path

import msgspec
from textual.app import App, ComposeResult

from limber.core.figure import Figure
from limber.core.packs.content import read_pack_dir
from limber.ui.widgets.figure_view import FigureView

REPO = Path(__file__).resolve().parents[2]


def knee_to_chest() -> Figure:
    content = read_pack_dir(REPO / "content")
    figure = next(s.figure for s in content.stretches if s.id == "single-knee-to-chest")
    assert figure is not None
    return figure


def two_keyframes(figure: Figure) -> Figure:
    """The same pose twice, the pulled knee lower in the second: a movement."""
    first = figure.keyframes[0]
    lower = msgspec.structs.replace(first, right_knee=(45.0, 24.0))
    return msgspec.structs.replace(figure, keyframes=(first, lower))


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield FigureView(id="figure")


async def test_the_drawing_fills_the_box_and_follows_a_resize():
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(knee_to_chest())
        await pilot.pause()
        drawn = view.drawn()
        assert drawn is not None
        assert len(drawn.lines) == view.content_size.height == 12
        assert all(len(line) == 40 for line in drawn.lines)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        bigger = view.drawn()
        assert bigger is not None and len(bigger.lines) == 20 and len(bigger.lines[0]) == 60


async def test_a_movement_steps_only_while_playing_and_a_held_pose_never_does():
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        held = knee_to_chest()
        view.show(held)
        view.play(True)
        assert not view.animating  # one keyframe: no timer at all
        view.show(two_keyframes(held))
        view.play(True)
        assert view.animating
        await pilot.pause()
        first = view.drawn()
        assert first is not None and first.text().strip()
        view.step()
        await pilot.pause()
        assert view.frame == 1 and view.drawn() != first
        view.play(False)  # paused: the still pose, and no timer
        assert not view.animating and view.frame == 0 and view.drawn() == first


async def test_no_figure_shows_nothing():
    app = _Host()
    async with app.run_test(size=(40, 12)):
        view = app.query_one(FigureView)
        view.show(None)
        assert view.drawn() is None and not view.display
