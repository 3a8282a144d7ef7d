"""History in the app: a session is recorded phase by phase, with pain before and after."""

from __future__ import annotations

from datetime import timedelta

from apptools import NOW, FakeClock, history_text, make_app, session_of, tick
from historytools import WallClock, add_session, open_store
from limber.ui.screens.pain import NotePrompt, PainPrompt
from limber.ui.screens.safety import SafetyScreen


async def test_a_finished_session_is_recorded_with_pain_and_note(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "No sessions yet" in history_text(app)
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.pause()
        assert isinstance(app.screen, PainPrompt)
        await pilot.press("6")
        engine = session_of(app).engine
        assert engine is not None and engine.state == "running"
        await tick(app, pilot, clock, engine.plan.total_seconds + 1)
        assert engine.status == "completed"
        assert isinstance(app.screen, PainPrompt)
        await pilot.press("right", "right", "right", "enter")
        assert isinstance(app.screen, NotePrompt)
        await pilot.press(*"felt easier", "enter")
        await pilot.pause()
        assert "Streak 1 day" in history_text(app)
        assert "pain 6→3" in history_text(app)
    (record,) = app.state.history.sessions()
    assert (record.status, record.pain_before, record.pain_after) == ("completed", 6, 3)
    assert record.note == "felt easier"
    assert len(record.phases) == len(engine.plan.phases)
    assert record.active_seconds == engine.plan.total_seconds


async def test_escape_skips_the_pain_rating(limber_home):
    app = make_app(limber_home, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await pilot.press("escape")
        assert session_of(app).engine.state == "running"
    (record,) = app.state.history.sessions()
    assert record.pain_before is None and record.status == "in-progress"


async def test_this_hurts_ends_the_session_records_why_and_shows_when_to_stop(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 12)
        await pilot.press("h", "4")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and app.screen.stopped
    (record,) = app.state.history.sessions()
    assert (record.status, record.stop_reason) == ("ended-early", "this-hurts")
    assert record.phases and record.phases[-1].skipped


async def test_a_session_that_cannot_be_saved_still_runs_and_says_so(limber_home):
    """The data folder is unusable (here: a file where a folder should be; root ignores
    permissions, so a read-only folder would not do in CI)."""
    clock = FakeClock()
    blocked = limber_home / "blocked" / "history.sqlite3"
    app = make_app(limber_home, clock=clock, history=lambda: open_store(blocked))
    (limber_home / "blocked").write_text("a file, not a folder")
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.pause()
        await tick(app, pilot, clock, 20)
        assert session_of(app).engine.state == "running"
        messages = [n.message for n in app._notifications]
        assert any("could not be saved" in m for m in messages), messages


async def test_history_pane_shows_streak_week_and_recent(limber_home):
    wall = WallClock(NOW)
    store = open_store(limber_home / "history.sqlite3", wall)
    for days_ago, pain in [(3, (6, 4)), (2, (5, 3)), (1, (4, 3)), (0, (4, 2))]:
        add_session(store, wall, NOW - timedelta(days=days_ago, hours=2), minutes=12, pain=pain)
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = history_text(app)
        assert "Streak 4 days" in text
        assert "pain 4→2" in text


async def test_a_history_file_that_is_a_symlink_loop_is_named_in_the_pane(limber_home):
    """The pane says what `limber history` says, instead of "No sessions yet"."""
    (limber_home / "history.sqlite3").symlink_to(limber_home / "history.sqlite3")
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = history_text(app)
        assert "History is not available" in text and "leads back to itself" in text
        assert "No sessions yet" in text  # and the figures it could show: none
