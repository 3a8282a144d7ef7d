"""The footer's keys are made anew whenever the keys change (each session started and
ended); the old ones are let go, so a day of sessions in one app does not pile them up."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from apptools import FakeClock, make_app, session_of


def _footer_keys() -> tuple[int, int]:
    """How many footer keys are alive, and how many of those are no longer on screen
    (counted, not kept: a list of them would keep them alive)."""
    gc.collect()
    keys = [thing for thing in gc.get_objects() if isinstance(thing, FooterKey)]
    return len(keys), sum(not key.is_attached for key in keys)


async def test_sessions_one_after_another_leave_no_old_footer_keys_behind(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        kept: list[int] = []
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
            alive, removed = _footer_keys()
            assert removed == 0, f"{removed} keys taken off the footer are still held"
            kept.append(alive)
        assert kept[0] == kept[-1] > 0  # the keys shown, and no more
