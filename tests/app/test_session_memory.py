"""A day of sessions in one app leaves nothing of the old ones behind: not the footer's
keys (Textual issue 6666, worked around in ``ui/widgets/footer.py``), nor the widgets'
rendered lines (Textual issue 6665, worked around in ``ui/textual_fixes.py``), nor an
entry in Textual's query cache for each part at each phase."""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from apptools import FakeClock, make_app, session_of
from limber.ui import textual_fixes
from limber.ui.widgets.session_view import SessionView


def _alive() -> tuple[int, int, int, int]:
    """Footer keys alive, those of them no longer on screen, widgets alive, and widgets'
    style caches alive (each widget makes one). Counted, not kept: a list of them would
    keep them alive."""
    gc.collect()
    things = gc.get_objects()
    keys = [thing for thing in things if isinstance(thing, FooterKey)]
    widgets = sum(isinstance(thing, Widget) for thing in things)
    caches = sum(isinstance(thing, StylesCache) for thing in things)
    return len(keys), sum(not key.is_attached for key in keys), widgets, caches


async def _settled(pilot, before: tuple[int, int, int, int]) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """:func:`_alive` once the widgets taken off have closed: each closes in a task of its
    own, which on a busy machine may still be running a few pauses later (and holds its
    widget until it ends). Two seconds at most, then what is still held is held.
    ``before``: the counts before the first session, which take in what other tests' apps
    in this process have left (this test asks only that this app leave no more)."""
    for _ in range(40):
        await pilot.pause(0.05)
        counts = _alive()
        if counts[1] <= before[1] and counts[3] - counts[2] <= before[3] - before[2]:
            break
    return counts


def test_the_styles_cache_work_around_is_in_place_with_the_pinned_textual():
    assert textual_fixes.APPLIED  # when a Textual upgrade makes this fail, drop the fix


async def test_sessions_one_after_another_leave_nothing_of_the_old_ones_behind(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        kept: list[int] = []
        await pilot.pause()
        before = _alive()
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
            keys, removed, widgets, caches = await _settled(pilot, before)
            held = removed - before[1]
            assert held <= 0, f"{held} keys taken off the footer are still held"
            lines = (caches - widgets) - (before[3] - before[2])
            assert lines <= 0, f"{lines} gone widgets' lines are still held"
            kept.append(keys - removed)  # the keys on this app's footer
        assert kept[0] == kept[-1] > 0  # the keys shown, and no more
        # Each phase shows or hides parts of the view, which moves the key Textual keeps
        # its query cache under: a view that looked its parts up on each tick left an
        # entry for each part at each phase (hundreds over a long session).
        view = pane.query_one(SessionView)
        assert len(view._query_one_cache) <= len(view.query("*"))
