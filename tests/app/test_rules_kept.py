"""A physio's rule crossed is never lost: the crossing is logged with the rating that
crosses it, so quitting at any dialog after that rating (the care pointer, the note, the
contact dialog, when-to-stop) still leaves it in the log and in the report's "At a
glance". After "this hurts" the runner may add a note, as after any session."""

from __future__ import annotations

import pytest

from apptools import FakeClock, make_app, session_of, tick
from historytools import exported
from limber.core.history import programmes as plog
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.ui.screens.pain import NotePrompt, PainPrompt
from limber.ui.screens.safety import SafetyScreen
from programmetools import PLAN, Wall, follow

RULES_PLAN = PLAN.replace(
    "pain_after = 6", "pain_after = 6\npain_rise = 2\nstopped_for_pain = true"
)
AFTER = "Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 6 or more"
RISE = (
    "Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 2 or more above pain before"
)
STOPPED = "Your physio's rule (Jane Doe, MCSP): get in touch if you stop a session because it hurts"


def crossed(home) -> list[str]:
    store = HistoryStore(Paths(home).history_db)
    try:
        return [
            e.detail.partition(": ")[0]
            for e in plog.entries(store)
            if e.kind == "threshold-crossed"
        ]
    finally:
        store.close()


def glance(home) -> str:
    """The report's "At a glance" section, as Markdown."""
    store = HistoryStore(Paths(home).history_db)
    try:
        text = exported(store, "md")
    finally:
        store.close()
    return text.split("## At a glance", 1)[1].split("\n## ", 1)[0]


async def rated_3_then_7(app, pilot, clock) -> None:
    """Today's session, rated 3 before and 7 after: both rules crossed."""
    await pilot.press("t")
    await pilot.press("3")
    await pilot.pause()
    run = session_of(app).run
    await tick(app, pilot, clock, run.plan.total_seconds + 5)
    assert isinstance(app.screen, PainPrompt)
    await pilot.press("7")
    await pilot.pause()


async def to_note(app, pilot) -> None:
    assert isinstance(app.screen, SafetyScreen)  # Limber's own care pointer (a rise of 4)
    await pilot.press("enter")
    await pilot.pause()


async def to_contact(app, pilot) -> None:
    await to_note(app, pilot)
    assert isinstance(app.screen, NotePrompt)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, SafetyScreen)
    assert app.screen.title_text.startswith("Get in touch")


async def nothing(app, pilot) -> None:
    assert isinstance(app.screen, SafetyScreen)


@pytest.mark.parametrize("walk", [nothing, to_note, to_contact], ids=["pointer", "note", "contact"])
async def test_quitting_at_a_dialog_after_a_crossing_rating_keeps_the_crossing(limber_home, walk):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall, RULES_PLAN)
    app = make_app(limber_home, clock=clock, now=wall, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await rated_3_then_7(app, pilot, clock)
        await walk(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert crossed(limber_home) == ["pain_after", "pain_rise"]
    shown = glance(limber_home)
    assert "Rules crossed: 2, in the order they happened." in shown
    assert f"{AFTER} (pain 3 → 7)" in shown and f"{RISE} (pain 3 → 7)" in shown


async def test_a_stop_for_pain_is_kept_then_a_note_may_follow(limber_home):
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall, RULES_PLAN)
    app = make_app(limber_home, clock=clock, now=wall, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t", "2")
        await pilot.pause()
        await tick(app, pilot, clock, 8)
        await pilot.press("h", "6")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen) and app.screen.stopped
        assert crossed(limber_home) == ["pain_after", "pain_rise", "stopped_for_pain"]  # no key yet
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotePrompt)
        for key in "it tingled down my leg":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    store = HistoryStore(Paths(limber_home).history_db)
    (session,) = store.sessions()
    store.close()
    assert (session.note, session.pain_at_stop, session.stop_reason) == (
        "it tingled down my leg",
        6,
        "this-hurts",
    )
    shown = glance(limber_home)
    assert f"{STOPPED} (pain 2 → 6 at the stop)" in shown
    assert "names: tingled." in shown
    assert "Limber's own pointer, not a diagnosis" in shown


async def test_a_note_too_long_or_with_control_characters_gets_one_sentence(limber_home):
    from textual.widgets import Input

    wall, clock = Wall(), FakeClock()
    app = make_app(limber_home, clock=clock, now=wall, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await pilot.press("escape")  # no rating before
        await pilot.pause()
        await tick(app, pilot, clock, session_of(app).run.plan.total_seconds + 5)
        await pilot.press("escape")  # no rating after
        await pilot.pause()
        assert isinstance(app.screen, NotePrompt)
        box = app.screen.query_one("#note", Input)
        box.value = "x" * 100_000
        await pilot.press("enter")
        await pilot.pause()
        said = str(app.screen.query_one("#note-problem").render())
        assert "This note is 100,000 characters; a note keeps at most 2,000" in said
        assert isinstance(app.screen, NotePrompt) and len(box.value) == 100_000  # all kept
        box.value = "tight \x1b[31mleft\x07 hamstring\x9b"
        await pilot.press("enter")
        await pilot.pause()
        said = str(app.screen.query_one("#note-problem").render())
        assert said.startswith("Control characters were taken out of the note")
        assert box.value == "tight left hamstring"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
    store = HistoryStore(Paths(limber_home).history_db)
    (session,) = store.sessions()
    store.close()
    assert session.note == "tight left hamstring"
