"""Key H at a big history: the list's first rows do not wait for the counts per routine,
which read every session under the store's lock (a second at a million sessions)."""

from __future__ import annotations

import threading
from datetime import timedelta

from apptools import NOW, make_app
from historytools import WallClock, add_session, open_store
from limber.core.history.streams import figures
from limber.ui.screens.history import HistoryScreen


async def test_the_rows_show_while_the_counts_are_still_being_read(limber_home):
    wall = WallClock(NOW)
    store = open_store(limber_home / "history.sqlite3", wall)
    for days_ago in range(3):
        add_session(store, wall, NOW - timedelta(days=days_ago, hours=2), routine="Hamstrings")
    today = NOW.date()
    quick = figures(store, today, 3, 10, 10, details=False)
    release, counted = threading.Event(), threading.Event()

    def details():  # a slow count: it holds the store's lock while it reads
        with store._reading():
            release.wait(5)
        counted.set()
        return figures(store, today, 3, 10, 10, details=True)

    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen(store, quick, details))
        await pilot.pause()
        shown = app.export_screenshot()
        assert "Hamstrings" in shown and "Counting…" in shown
        assert not counted.is_set()  # the rows did not wait for the count
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Sessions&#160;per&#160;routine" in app.export_screenshot()
