"""A physio's emailed plan followed in the app: the plan, a settable wall clock, and one
programme session driven through Pilot (for the app tests and the snapshots)."""

from __future__ import annotations

from apptools import NOW, session_of, tick
from limber.core.following import start
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.core.programme import parse_programme
from limber.testing import load_pack
from limber.ui.screens.pain import NotePrompt, PainPrompt
from limber.ui.widgets.programme_bar import ProgrammeBar

PLAN = """\
id = "back"
title = "Jane's back plan"
summary = "Two weeks of post-run relief."
review = "After 2 weeks, book a review."

[author]
name = "Jane Doe"
credentials = "MCSP"
role = "physio"
contact = "Clinic: 01234 567890"

[get_in_touch]
pain_after = 6
advice = "Stop the programme and ring the clinic."

[[weeks]]
routines = ["post-run"]
sessions = 2

[[weeks]]
routines = ["post-run"]
sessions = 2
"""


class Wall:
    """The wall clock the app and its history read; a test moves it by days."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def follow(home, wall: Wall, plan: str = PLAN) -> None:
    """The runner started the emailed plan (as `limber programme start FILE` does)."""
    routines = dict(load_pack("core").known_routines)
    programme = parse_programme(plan, file="plan.toml", routines=routines)
    store = HistoryStore(Paths(home).history_db, now=wall)
    start(store, programme, wall(), text=plan, file="plan.toml")
    store.close()


def bar_text(app) -> str:
    return str(app.main.query_one(ProgrammeBar).render())


async def programme_session(app, pilot, clock, *, before: int, after: int) -> None:
    """t, pain before, the whole routine on the fake clock, pain after, no note."""
    await pilot.press("t")
    assert isinstance(app.screen, PainPrompt)
    await pilot.press(str(before))
    await pilot.pause()
    run = session_of(app).run
    assert run is not None and run.programme[0] == "file/back"
    await tick(app, pilot, clock, run.plan.total_seconds + 5)
    assert isinstance(app.screen, PainPrompt)
    await pilot.press(str(after))
    await pilot.pause()
    assert isinstance(app.screen, NotePrompt)
    await pilot.press("escape")
    await pilot.pause()
