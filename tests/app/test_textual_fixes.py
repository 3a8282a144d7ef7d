"""Widgets taken off the screen take their rendered lines with them: a day of sessions in
one app does not pile them up (Textual issue 6665, worked around in
``ui/textual_fixes.py``)."""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget

from apptools import FakeClock, make_app, session_of
from limber.ui import textual_fixes


def _widgets_and_style_caches() -> tuple[int, int]:
    """How many widgets are alive, and how many widgets' style caches (each widget makes
    one): counted, not kept, as a list of them would keep them alive."""
    gc.collect()
    things = gc.get_objects()
    return sum(isinstance(t, Widget) for t in things), sum(
        isinstance(t, StylesCache) for t in things
    )


def test_the_work_around_is_in_place_with_the_pinned_textual():
    assert textual_fixes.APPLIED  # when a Textual upgrade makes this fail, drop the fix


async def test_sessions_one_after_another_leave_no_dead_widgets_lines_behind(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(3):
            app.main.start_routine("core/quick-knee-to-chest")
            await pilot.pause()
            pane = session_of(app)
            assert pane.engine is not None
            while pane.engine.state != "finished":
                clock.advance(5)
                pane.tick()
                await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await pilot.pause()
        widgets, caches = _widgets_and_style_caches()
        assert caches == widgets > 0  # none left over from the sessions' widgets
