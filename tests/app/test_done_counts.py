"""A session counts as done only when most of it was done, and there is one weekly goal:
skipping through today's programme session is recorded as skipped through, never
congratulated, and counts for nothing (bar, goal, streak); while a programme is followed
its week's prescription is the goal the history pane shows, and the runner's own goal
returns when it ends."""

from __future__ import annotations

from apptools import FakeClock, history_text, make_app, session_of, tick, visible_text
from limber.core.following import change
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from programmetools import Wall, bar_text, follow


async def test_skipping_through_counts_for_nothing_and_says_so(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall)
    app = make_app(limber_home, clock=clock, now=wall)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        pane = session_of(app)
        while pane.running:
            await pilot.press("n")
            await tick(app, pilot, clock, 1)
        shown = visible_text(app)
        assert "Skipped through" in shown
        assert "It does not count as done" in shown and "at least 80 % of" in shown
        assert "Well done" not in shown
        assert "Week 1 of 2 · 0 of 2 sessions this week" in bar_text(app)
        assert "0 of 2 sessions · programme week 1" in history_text(app)
        assert "Streak 0 days" in history_text(app)
    store = HistoryStore(Paths(limber_home).history_db)
    (session,) = store.sessions()
    store.close()
    assert session.status == "completed"  # recorded as it was: the routine reached its end
    assert session.active_seconds < 0.8 * session.planned_seconds


async def test_one_weekly_goal_while_a_programme_is_followed(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall)
    app = make_app(limber_home, clock=clock, now=wall)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await tick(app, pilot, clock, session_of(app).run.plan.total_seconds + 5)
        assert "Well done" in visible_text(app)
        assert "Week 1 of 2 · 1 of 2 sessions this week" in bar_text(app)
        goal = history_text(app)
        assert "1 of 2 sessions · programme week 1" in goal
        assert "10+ min" not in goal  # the runner's own goal is not shown beside it
        store = app.main.state.history
        change(store, "ended", wall())
        app.main.refresh_history()
        await pilot.pause()
        assert "of 3 sessions of 10+ min" in history_text(app)  # the runner's own goal is back
