"""FigureView: the figure fills the box it is given, and a movement steps only while
asked to; a held pose never has a timer."""

from __future__ import annotations

from pathlib import Path

import msgspec
from textual.app import App, ComposeResult
from textual.screen import Screen

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


def _rows_painted(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The rows of the figure Textual asks for, as it repaints them."""
    painted: list[int] = []
    render_line = FigureView.render_line

    def counting(self, y):  # type: ignore[no-untyped-def]
        painted.append(y)
        return render_line(self, y)

    monkeypatch.setattr(FigureView, "render_line", counting)
    return painted


async def test_a_step_repaints_only_the_rows_that_move_and_never_lays_out(monkeypatch):
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(two_keyframes(knee_to_chest()))
        await pilot.pause()
        still = view.drawn()
        layouts: list[object] = []
        refresh_layout = Screen._refresh_layout
        monkeypatch.setattr(
            Screen,
            "_refresh_layout",
            lambda s, *a, **k: (layouts.append(s), refresh_layout(s, *a, **k)),
        )
        painted = _rows_painted(monkeypatch)
        view.step()
        await pilot.pause()
        moved = view.drawn()
        assert still is not None and moved is not None
        differ = {
            row
            for row in range(len(still.lines))
            if (still.lines[row], still.roles[row]) != (moved.lines[row], moved.roles[row])
        }
        assert differ and len(differ) < len(still.lines)  # the knee moves, the rest stays
        assert set(painted) == differ
        assert layouts == []
        # What is on screen is the second keyframe, every row of it.
        shown = [view.render_line(row).text for row in range(len(moved.lines))]
        assert shown == list(moved.lines)


async def test_each_keyframe_is_styled_once_per_size(monkeypatch):
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(FigureView)
        view.show(two_keyframes(knee_to_chest()))
        styled: list[tuple[int, int]] = []
        render = FigureView.render

        def counting(self):  # type: ignore[no-untyped-def]
            styled.append((self.frame, self.size.width))
            return render(self)

        monkeypatch.setattr(FigureView, "render", counting)
        await pilot.pause()
        for _ in range(5):  # there and back, and there and back again
            view.step()
            await pilot.pause()
        assert styled == [(0, 40), (1, 40)]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        view.step()
        await pilot.pause()
        assert styled[2:] == [(1, 60), (0, 60)]


async def test_a_new_theme_restyles_the_working_limb():
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        app.theme = "textual-dark"
        view = app.query_one(FigureView)
        view.show(knee_to_chest())
        await pilot.pause()
        drawn = view.drawn()
        assert drawn is not None
        row, col = next(
            (r, c)
            for r in range(len(drawn.lines))
            for c in range(len(drawn.lines[r]))
            if drawn.role_at(c, r) == "working"
        )

        def colour() -> object:
            strip = view.render_line(row).crop(col, col + 1)
            return next(iter(strip)).style.color  # type: ignore[union-attr]

        dark = colour()
        app.theme = "nord"  # another accent colour
        await pilot.pause()
        assert colour() != dark
