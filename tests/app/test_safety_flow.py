"""A runner in pain, on a mat, two metres from the keyboard: what the session does."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Static

from apptools import FakeClock, at_twist_left, make_app, session_of, tick, visible_text
from limber.ui.screens.guidance import GuidanceScreen
from limber.ui.screens.pain import PainPrompt
from limber.ui.screens.safety import SafetyScreen
from limber.ui.screens.startchoice import StartChoice


async def test_this_hurts_asks_the_pain_records_where_and_never_says_well_done(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_twist_left(app, pilot, clock)
        await pilot.press("h")
        await pilot.pause()
        engine = session_of(app).engine
        assert isinstance(app.screen, PainPrompt)
        assert engine.state == "paused"  # at once, before the answer
        await tick(app, pilot, clock, 20)
        assert engine.state == "paused"
        await pilot.press("6")  # one key
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and app.screen.stopped
        shown = visible_text(app)
        assert "When to stop" in shown
        await pilot.press("enter")
        await pilot.pause()
        pane = visible_text(app)
        assert "Stopped because it hurts" in pane
        assert "stopped at Reclining twist," in pane and "left side, pain 6 of 10" in pane
        assert "Well done" not in pane
    with sqlite3.connect(limber_home / "history.sqlite3") as db:
        row = db.execute(
            "SELECT stop_reason, stop_stretch_id, stop_stretch_name, stop_side, stop_phase,"
            " pain_at_stop FROM sessions"
        ).fetchone()
    assert row[:4] == ("this-hurts", "core/reclining-twist", "Reclining twist", "left")
    assert row[4] >= 0 and row[5] == 6


async def test_severe_pain_at_the_stop_points_to_self_care_as_limbers_own(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 8)
        await pilot.press("h", "9")
        await pilot.pause()
        shown = str(app.screen.query_one("#safety-body").query_one("Static").render())
        assert "Limber's own pointer" in shown  # the dialog, read to its end
        assert "Self-care for a strained lower-back muscle" in shown
        assert "one or two days" in shown


async def test_a_rise_of_two_after_a_session_points_to_self_care(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, ask_pain=True)
    async with app.run_test(size=(100, 40)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.press("3")
        for _ in range(10):
            await tick(app, pilot, clock, 15)
        assert isinstance(app.screen, PainPrompt)
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert "your pain went from 3 to 5" in visible_text(app)


async def test_a_rating_of_ten_before_points_to_self_care_and_asks_before_starting(
    limber_home,
):
    app = make_app(limber_home, ask_pain=True)
    async with app.run_test(size=(100, 40)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.press("right", "right", "right", "right", "right")
        await pilot.press(*["right"] * 5, "enter")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert "you rated your pain 10 out of 10" in visible_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert session_of(app).engine is None  # not started: Escape means not now


@pytest.mark.parametrize("rating", ["7", "8"])
async def test_a_rating_of_seven_or_more_before_makes_not_today_the_choice_enter_takes(
    limber_home, rating
):
    """A runner rates 7 and presses Enter without reading: no session starts, and the
    app says so; the other button (→ then Enter) starts anyway."""
    app = make_app(limber_home, ask_pain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.press(rating)
        await pilot.pause()
        assert isinstance(app.screen, StartChoice)
        shown = visible_text(app)
        assert f"you rated your pain {rating} out of 10" in shown
        assert "Limber counts 7 to 10 as severe pain" in shown
        assert app.focused is not None and str(app.focused.label) == "Not today"
        await pilot.press("enter")
        await pilot.pause()
        assert session_of(app).engine is None
        assert any("Not today" in n.message for n in app._notifications)
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.press(rating)
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert str(app.focused.label) == "Start anyway"
        await pilot.press("enter")
        await pilot.pause()
        assert session_of(app).engine is not None


async def test_a_rating_of_six_before_starts_at_once(limber_home):
    app = make_app(limber_home, ask_pain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.press("6")
        await pilot.pause()
        assert not isinstance(app.screen, SafetyScreen)
        assert session_of(app).engine is not None


async def test_e_and_q_ask_once_and_say_what_happens(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        engine = session_of(app).engine
        await pilot.press("e")
        await pilot.pause()
        assert engine.state == "running"
        assert "Press e again" in visible_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and engine.state == "running"
        assert any("Press q (or ctrl+q) again to quit" in n.message for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
    assert engine.status == "ended-early"
    (record,) = app.state.history.sessions()
    assert record.status == "ended-early"


async def test_help_over_a_running_hold_pauses_it_and_says_so_after(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 10)
        engine = session_of(app).engine
        left = engine.remaining
        for key in ("question_mark", "g", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, type(app.main))
            assert engine.state == "paused"
            clock.advance(30)
            await pilot.press("escape")
            await pilot.pause()
            assert engine.remaining == left  # nothing ran on unseen
            assert "Paused while another screen was open" in visible_text(app)
        await pilot.press("space")
        assert engine.state == "running"


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_first_run_notice_cannot_be_skipped_unseen(limber_home, size):
    """Enter first scrolls: the notice closes only once its end (the warning signs and
    the stop rule) has been on screen. On a tiny terminal the whole hint still shows; at
    80×24 it all fits, so the hint says Enter goes on."""
    app = make_app(limber_home, safety_read=False)
    seen = ""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        last_word = "with s." if size == (80, 24) else "there)."
        assert last_word in visible_text(app)  # the hint, to its last word
        for _ in range(40):
            if not isinstance(app.screen, SafetyScreen):
                break
            seen += " ".join(visible_text(app).replace("█", " ").split()) + " "
            await pilot.press("enter")
            await pilot.pause()
        assert not isinstance(app.screen, SafetyScreen)
    assert "stop at once" in seen
    assert "numbness, weakness" in seen
    assert "fever with back pain" in seen  # the end of the notice's last point


NOTICE_LINES = (
    "It is not medical advice",  # what Limber is
    "stop at once and see a professional",  # the stop rule
    "This is the exercises article's rule; Limber's own advice is to follow it",
    "numbness, weakness or tingling: see a professional before you stretch",
    "The best-stretch article gives these signs; the rule is Limber's own advice.",
    "Limber's own advice: some signs need urgent care, not a stretch.",
    "loss of bladder or bowel control",
    "groin or inner-thigh numbness",
    "pain after a fall or accident",
    "fever with back pain",
    "Exercises for runners' back pain (untitled article)",  # the sources, in full
    "The best stretch to relieve lower back pain after running",
    "g for the full wording",
)


async def test_the_first_run_notice_fits_one_screen_at_80x24(limber_home):
    """Every line, with whose rule it is, on screen at once: nothing to scroll, and the
    first Enter goes on."""
    app = make_app(limber_home, safety_read=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert app.screen.query_one("#safety-body").max_scroll_y == 0
        shown = " ".join(visible_text(app).replace("█", " ").split())
        for line in NOTICE_LINES:
            assert line in shown, line
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SafetyScreen)


async def test_g_on_the_notice_opens_the_full_wording_and_escape_comes_back(limber_home):
    app = make_app(limber_home, safety_read=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuidanceScreen)
        page = str(app.screen.query_one("#guidance-body", Static).render())
        assert page.startswith("What Limber is, and what it isn't")
        assert "Every stretch and dose here comes from a published article" in page
        assert "Exercises for runners' back pain (untitled article)" in page
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and app.screen.must_read


async def test_reps_count_reps_at_the_tempo_with_the_time_small(limber_home):
    from limber.core.plan import single_stretch_routine

    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        tilt = app.state.catalogue.stretches["core/pelvic-tilt"]
        session_of(app).begin(single_stretch_routine(tilt), None)
        await pilot.pause()
        await tick(app, pilot, clock, 5 + 9)  # get ready, then 9 s at 4 s a rep
        shown = visible_text(app)
        assert "rep 3 of 15" in shown
        assert "one every 4 s" in shown and "0:51 left" in shown


async def test_the_footer_keeps_this_hurts_at_60x20(limber_home):
    app = make_app(limber_home, clock=FakeClock())
    async with app.run_test(size=(60, 20)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await pilot.pause()
        footer = visible_text(app).splitlines()[-1]
        assert "h This hurts" in footer
