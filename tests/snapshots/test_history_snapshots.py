"""Snapshots of history: empty, a week of sessions, a long history, and the pain prompt."""

from __future__ import annotations

from datetime import timedelta

from apptools import NOW, SNAPSHOT_SIZE, make_app
from historytools import WallClock, add_session, open_store


def fill(home, days: int, per_day: int = 1) -> None:
    wall = WallClock(NOW)
    store = open_store(home / "history.sqlite3", wall)
    for day in range(days, -1, -1):
        for n in range(per_day):
            if (day * 7 + n) % 5 == 4:
                continue  # a gap now and then, as real weeks have
            before = 3 + (day * 5) % 5
            pain = (before, max(0, before - 1 - day % 3)) if day % 3 != 1 else (None, None)
            note = "Tight after hills" if day == 2 else ""
            add_session(
                store,
                wall,
                NOW - timedelta(days=day, hours=3 + n),
                minutes=11 + day % 4,
                pain=pain,
                note=note,
                routine="Post-run lower-back relief" if n == 0 else "Piriformis care",
            )


def test_history_pane_empty(snap_compare, limber_home):
    """No sessions yet: the pane says what it will show once there are some."""
    assert snap_compare(make_app(limber_home), terminal_size=(120, 40))


def test_history_pane_with_a_week(snap_compare, limber_home):
    """A week of sessions: streak, this week against 3 × 10 min, pain sparklines, recent."""
    fill(limber_home, days=6)
    assert snap_compare(make_app(limber_home), terminal_size=(200, 60))


def test_history_screen_long_history(snap_compare, limber_home):
    """H on a year of sessions: the table of every session, per routine, balance."""
    fill(limber_home, days=365, per_day=2)
    assert snap_compare(make_app(limber_home), press=["H"], terminal_size=(120, 40))


def test_pain_prompt(snap_compare, limber_home):
    """Starting a routine asks for 0–10 before it begins; Esc would skip."""

    async def start(pilot):
        pilot.app.main.start_routine("core/post-run")
        await pilot.pause()

    assert snap_compare(
        make_app(limber_home, ask_pain=True), run_before=start, terminal_size=SNAPSHOT_SIZE
    )
