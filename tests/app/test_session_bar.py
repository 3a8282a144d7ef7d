"""The session's progress bar draws what Textual's ProgressBar (without its ETA) draws,
and a tick that changes no cell repaints nothing."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import ProgressBar

from apptools import record_refreshes
from limber.ui.widgets.session_bar import BAR_CELLS, PERCENT_CELLS, SessionBar


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield SessionBar(id="ours")
        yield ProgressBar(id="textual", show_eta=False)


@pytest.mark.parametrize("done", [0, 0.4, 1, 31, 32, 45.5, 64, 99.2, 99.9, 100])
async def test_it_shows_what_textuals_progress_bar_shows(done):
    app = _Host()
    async with app.run_test(size=(60, 4)) as pilot:
        ours = app.query_one(SessionBar)
        theirs = app.query_one(ProgressBar)
        ours.show(done, 100)
        theirs.update(total=100, progress=done)
        await pilot.pause()
        bar = theirs.query_one("#bar")
        percent = theirs.query_one("#percentage")
        expected = bar.render_line(0).text + percent.render_line(0).text
        assert ours.render_line(0).text.strip() == expected.strip()
        assert len(ours.render_line(0).text) == ours.size.width


async def test_a_tick_that_moves_no_cell_repaints_nothing(monkeypatch):
    app = _Host()
    async with app.run_test(size=(60, 4)) as pilot:
        bar = app.query_one(SessionBar)
        bar.show(10, 1000)
        await pilot.pause()
        repaints = record_refreshes(monkeypatch, SessionBar)
        bar.show(11, 1000)  # still 1 %, still the same half cell
        assert repaints == []
        bar.show(20, 1000)  # 2 %, and the bar grows by half a cell
        assert len(repaints) == 1 and repaints[0]  # from the first cell that changed
        (region,) = repaints[0]  # to the last: the bar's new half cell to the percent
        assert region.width < BAR_CELLS + PERCENT_CELLS < bar.size.width  # type: ignore[attr-defined]
