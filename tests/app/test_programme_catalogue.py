"""Programmes in the catalogue: a pack's programmes are listed in their own group,
previewed in the session pane (who wrote it and how to reach them, the weeks, the review
point, the author's rules said as theirs), and Enter follows one, asking first when the
runner already follows another (one at a time)."""

from __future__ import annotations

from apptools import make_app
from limber.core.history import programmes as plog
from limber.core.history.store import HistoryStore
from limber.core.packs.host import FolderPack
from limber.core.paths import Paths
from limber.ui.screens.confirm import ConfirmScreen
from programmetools import PLAN, Wall, bar_text, follow

CLINIC_PLAN = PLAN.replace('"post-run"', '"core/post-run"').replace(
    "pain_after = 6", "pain_after = 6\nmissed_in_a_row = 3"
)


def clinic(make_pack):
    root = make_pack("clinic", files={"programmes/back.toml": CLINIC_PLAN})
    return [("clinic", FolderPack(root))]


def rows(app) -> list[str]:
    items = app.main.query_one("#items")
    return [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


def preview(app) -> str:
    return str(app.main.query_one("#preview-body").render())


def started(home) -> list[tuple[str, str]]:
    store = HistoryStore(Paths(home).history_db)
    return [(e.programme_id, e.kind) for e in plog.entries(store)]


async def test_a_programme_is_listed_previewed_and_followed(limber_home, make_pack):
    app = make_app(limber_home, packs=clinic(make_pack))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "clinic · programmes" in rows(app)
        assert rows(app)[rows(app).index("clinic · programmes") + 1] == " 2 wk  Jane's back plan"
        await pilot.press("slash", *"jane")
        await pilot.pause()
        assert rows(app) == ["clinic · programmes", " 2 wk  Jane's back plan"]
        shown = preview(app)
        assert shown.startswith("Jane's back plan\nBy Jane Doe, MCSP · Clinic: 01234 567890\n")
        assert "2 weeks\n  1. Post-run lower-back relief  2 sessions a week\n  2. " in shown
        assert "Review\nAfter 2 weeks, book a review." in shown
        assert " • Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 6" in shown
        assert "get in touch if you miss 3 sessions in a row" in shown
        assert " • Stop the programme and ring the clinic." in shown
        await pilot.press("enter", "enter")  # the filter hands over to the list; follow
        await pilot.pause()
        assert "Jane's back plan  Week 1 of 2 · 0 of 2 sessions this week" in bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main  # already followed: said, nothing asked or logged
        assert "You are already following" in [n.message for n in app._notifications][-1]
    assert started(limber_home) == [("clinic/back", "started")]


async def test_following_another_asks_first(limber_home, make_pack):
    follow(limber_home, Wall())  # the emailed plan, file/back
    app = make_app(limber_home, packs=clinic(make_pack))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"jane", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("You are following 'Jane's back plan'. Follow 'Jane's")
        await pilot.press("escape")  # keep the one followed
        await pilot.pause()
        assert app.screen is app.main
        assert started(limber_home) == [("file/back", "started")]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is app.main
    assert started(limber_home) == [
        ("file/back", "started"),
        ("file/back", "ended"),
        ("clinic/back", "started"),
    ]
