"""The catalogue's times come with the packs, worked out in the loading thread: the key
that completes a ``max:`` term adds up nothing and builds no plan."""

from __future__ import annotations

from textual.widgets import Input

from apptools import NOW, wait_for_packs
from limber.core import durations
from limber.core.paths import Paths
from limber.core.plan import build_plan, single_stretch_routine
from limber.core.settings import State, save_state
from limber.ui.app import create_app
from limber.ui.widgets.catalogue_pane import CataloguePane


async def test_times_arrive_with_the_packs_and_max_uses_them(limber_home, monkeypatch):
    monkeypatch.setenv("LIMBER_PACKS", "")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        await pilot.pause()
        pane = app.main.query_one(CataloguePane)
        catalogue = pane.catalogue
        assert catalogue.routines
        for routine in catalogue.routines.values():
            assert (
                pane._seconds[routine.id] == build_plan(routine, catalogue.stretches).total_seconds
            )
        for stretch in catalogue.stretches.values():
            practice = build_plan(single_stretch_routine(stretch), catalogue.stretches)
            assert pane._stretch_seconds[stretch.id] == practice.total_seconds

        def no_sums(*args: object) -> float:
            raise AssertionError("a time was added up on a key")

        monkeypatch.setattr(durations, "routine_seconds", no_sums)
        monkeypatch.setattr(durations, "stretch_seconds", no_sums)
        app.main.query_one("#filter", Input).value = "max:3"
        await pilot.pause()
        within = [s for s in pane._seconds.values() if s <= 180]
        within += [s for s in pane._stretch_seconds.values() if s <= 180]
        assert 0 < len(within) < len(catalogue.routines) + len(catalogue.stretches)
        assert pane.border_subtitle == f"{len(within):,} found"
