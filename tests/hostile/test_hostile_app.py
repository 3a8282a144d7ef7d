"""The app with hostile packs registered: it opens, lists what loaded (a stretch and a
routine sharing an id included), shows nothing a pack could use to drive the terminal,
and a pack's event hook raising SystemExit does not end a session."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from tests.hostile.conftest import ESCAPE
from textual.widgets import OptionList

from apptools import FakeClock, make_app, tick
from limber.ui.widgets.pack_notice import PackNoticeLine


def hostile(site: Path, *names: str) -> list[tuple[str, object]]:
    sys.path.insert(0, str(site))
    try:
        return [(n, importlib.import_module(f"hostile_limber_{n}")) for n in names]
    finally:
        sys.path.remove(str(site))


async def test_the_app_opens_and_works_beside_hostile_packs(hostile_site, limber_home):
    packs = hostile(hostile_site, "good", "twins", "escapes", "brokenfolder", "hugeid", "exits")
    clock = FakeClock()
    app = make_app(limber_home, packs=packs, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        report = {r.name: r for r in app.state.report.packs}
        assert report["twins"].status == "loaded" and report["good"].status == "loaded"
        assert report["brokenfolder"].status == "failed"
        assert len(report["hugeid"].error) < 700
        items = app.main.query_one("#items", OptionList)
        ids = [items.get_option_at_index(i).id for i in range(items.option_count)]
        assert "routines:twins/same" in ids and "stretches:twins/same" in ids
        await pilot.press("slash", *"Hug", "enter")
        await pilot.pause()
        screen = app.export_screenshot()
        assert not ESCAPE.search(screen), "an escape byte reached the screen"
        app.main.start_routine("good/quick")
        await pilot.pause()
        await tick(app, pilot, clock, 60)
        run = app.main.session.run
        assert run is not None and run.engine.status == "completed"
        # A pack's failure mid-session is on the line above the footer, not over the session.
        line = str(app.main.query_one(PackNoticeLine).render())
        assert "Pack 'exits' failed" in line and "SystemExit" in line
        notices = " ".join(str(n.message) for n in app._notifications)
        assert not ESCAPE.search(notices) and not ESCAPE.search(line)
        await pilot.press("ctrl+q")
