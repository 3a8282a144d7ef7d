"""Following a programme in the app, across simulated weeks on the fake clocks: the bar
over the panes shows the week and the sessions done; ``t`` starts today's routine as part
of the programme; after a session that crosses the author's rule, the clinician's
contact, their advice and when to stop show, and the programme log records both."""

from __future__ import annotations

from datetime import timedelta

from apptools import NOW, FakeClock, make_app, session_of, tick, visible_text
from limber.core.following import status
from limber.core.history import programmes as plog
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.testing import load_pack
from limber.ui.screens.pain import NotePrompt, PainPrompt
from limber.ui.screens.safety import SafetyScreen
from limber.ui.widgets.programme_bar import ProgrammeBar
from programmetools import PLAN, Wall, bar_text, follow, programme_session


async def test_a_programme_followed_across_weeks(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall)
    app = make_app(limber_home, clock=clock, now=wall, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Week 1 of 2 · 0 of 2 sessions this week · next: Post-run" in bar_text(app)
        assert "t: start it" in bar_text(app)
        await programme_session(app, pilot, clock, before=3, after=2)
        assert app.screen is app.main  # no rule crossed: no dialog
        assert "Week 1 of 2 · 1 of 2 sessions this week" in bar_text(app)
        wall.now = NOW + timedelta(days=8)
        app.main.refresh_history()
        await pilot.pause()
        assert "Week 2 of 2 · 0 of 2 sessions this week" in bar_text(app)
        run_started = session_of(app)
        await programme_session(app, pilot, clock, before=5, after=6)
        assert run_started.run is not None and run_started.run.programme == ("file/back", 2)
        assert isinstance(app.screen, SafetyScreen)
        shown = str(app.screen.query_one("#safety-body").query_one("Static").render())
        assert "Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 6" in shown
        assert "Jane Doe, MCSP · Clinic: 01234 567890" in shown
        assert "Stop the programme and ring the clinic." in shown
        assert "When to stop" in shown or "when to stop" in shown.lower()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
    store = HistoryStore(Paths(limber_home).history_db, now=wall)
    kinds = [(e.kind, e.week) for e in plog.entries(store, "file/back")]
    assert kinds == [("started", 1), ("threshold-crossed", 2), ("contact-shown", 2)]
    routines = dict(load_pack("core").known_routines)
    found = status(store, {}, routines, wall())
    assert [(w.week, w.done, w.prescribed) for w in found.adherence] == [(1, 1, 2), (2, 1, 2)]


async def test_another_routine_runs_outside_the_programme(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall)
    app = make_app(limber_home, clock=clock, now=wall)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.start_routine("core/flare-up")
        await pilot.pause()
        assert session_of(app).run.programme == ("", 0)


async def test_no_programme_no_bar_and_no_t(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.main.query_one(ProgrammeBar).display
        await pilot.press("t")
        assert session_of(app).run is None


MISSING_PLAN = PLAN.replace("pain_after = 6", "missed_in_a_row = 3") + 2 * (
    '\n[[weeks]]\nroutines = ["post-run"]\nsessions = 2\n'
)
"""Four weeks of two sessions (one due every 3.5 days); get in touch after 3 missed."""


async def open_at(home, wall, clock, days: float, check) -> None:
    """Open the app ``days`` after the plan was started, and run ``check(app, pilot)``."""
    wall.now = NOW + timedelta(days=days)
    app = make_app(home, clock=clock, now=wall, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await check(app, pilot)


async def test_missed_sessions_in_a_row_are_shown_once_per_run(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall, MISSING_PLAN)

    async def nothing_shown(app, pilot):
        assert app.screen is app.main
        assert "Week" in bar_text(app)

    async def rule_shown(app, pilot):
        assert isinstance(app.screen, SafetyScreen)
        shown = str(app.screen.query_one("#safety-body").query_one("Static").render())
        rule = "Your physio's rule (Jane Doe, MCSP): get in touch if you miss 3 sessions in a row"
        assert rule in shown
        assert "Jane Doe, MCSP · Clinic: 01234 567890" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main

    async def a_session(app, pilot):
        await programme_session(app, pilot, clock, before=2, after=2)
        assert app.screen is app.main

    await open_at(limber_home, wall, clock, 6.9, nothing_shown)  # 1 missed so far
    await open_at(limber_home, wall, clock, 10.6, rule_shown)  # 3 in a row, in week 2
    await open_at(limber_home, wall, clock, 12, nothing_shown)  # the same run: shown already
    await open_at(limber_home, wall, clock, 12.5, a_session)
    await open_at(limber_home, wall, clock, 19, nothing_shown)  # 1 missed since
    await open_at(limber_home, wall, clock, 23.1, rule_shown)  # a new run, in week 4
    store = HistoryStore(Paths(limber_home).history_db, now=wall)
    kinds = [(e.kind, e.week) for e in plog.entries(store, "file/back")]
    assert kinds == [
        ("started", 1),
        ("threshold-crossed", 2),
        ("contact-shown", 2),
        ("threshold-crossed", 4),
        ("contact-shown", 4),
    ]


async def test_this_hurts_in_runner_strengths_programme_says_see_a_professional(limber_home):
    """Its author (the Limber developers) gives no contact: after "this hurts" and the
    when-to-stop page, the follow-up sends the runner to a physiotherapist or doctor,
    names whose rule it is and the article it comes from, and does not show when-to-stop
    a second time."""
    import limber_runner_strength

    from limber.core.following import start

    wall, clock = Wall(), FakeClock()
    app = make_app(
        limber_home,
        clock=clock,
        now=wall,
        ask_pain=True,
        packs=[("runner-strength", limber_runner_strength)],
    )
    programme = app.state.catalogue.programmes["runner-strength/four-weeks"]
    store = HistoryStore(Paths(limber_home).history_db, now=wall)
    start(store, programme, wall())
    store.close()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t", "2")
        await pilot.pause()
        await tick(app, pilot, clock, 8)
        await pilot.press("h", "5")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and app.screen.stopped
        assert "When to stop" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        if isinstance(app.screen, PainPrompt | NotePrompt):  # a note after "this hurts"
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and not app.screen.stopped
        dialog = app.screen
        assert dialog.title_text == "See a professional"
        shown = str(dialog.query_one("#safety-body").query_one("Static").render())
        assert "see a physiotherapist or doctor instead" in shown
        assert "The rule of this programme's author (The Limber developers, not clinicians)" in (
            shown
        )
        assert "The exercises article: stop at once" in shown  # the rule's source, briefly
        assert "Sources: Exercises for runners' back pain (untitled article);" in shown
        assert "Get in touch" not in visible_text(app)
        assert dialog.pages == []  # when-to-stop was the page before: not twice in a row
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
