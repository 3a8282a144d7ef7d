"""The main screen's keys that open another screen (history, the builder, packs, help),
and the history figures they and the pane are given.

A base class of :class:`~limber.ui.screens.main.MainScreen`, so that screen's module
keeps to start-up and the session; each screen here is imported when first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Input

from limber.ui.widgets.catalogue_pane import CataloguePane

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from limber.core.catalogue import Catalogue
    from limber.core.history.model import HistoryStats
    from limber.core.history.store import HistoryStore
    from limber.core.model import Routine
    from limber.ui.context import ScreenState, Services
    from limber.ui.widgets.session_pane import SessionPane


class OpensScreens(Screen[None]):
    """Opening the other screens; :class:`MainScreen` provides what they are given."""

    services: Services
    state: ScreenState

    if TYPE_CHECKING:

        @property
        def catalogue(self) -> Catalogue: ...

        @property
        def session(self) -> SessionPane: ...

    def action_history(self) -> None:
        """The full history screen: every session, per routine, left/right balance."""
        store = self.state.history
        if store is None:
            return
        from limber.ui.screens.history import HistoryScreen

        details = None if not self.services.background else lambda: self._stats(store, details=True)
        stats = self._stats(store, details=not self.services.background)
        self.app.push_screen(HistoryScreen(store, stats, details))

    def action_build(self) -> None:
        """The routine builder: a new routine, or (on a routine) edit yours / copy theirs."""
        from limber.ui.screens.builder import BuilderScreen

        start_from = self.session.previewed if not self.session.running else None
        if start_from is not None and start_from.id not in self.catalogue.routines:
            start_from = None  # a single stretch's practice routine is not a routine to edit
        screen = BuilderScreen(
            self.catalogue,
            self.services.plan_settings,
            self.services.paths.routines_dir,
            start_from,
        )
        self.app.push_screen(screen, self._built)

    def _built(self, routine: Routine | None) -> None:
        if routine is None:
            return
        self.catalogue.add([routine], {routine.id: f"routines/{routine.local_id}.toml"})
        pane = self.query_one(CataloguePane)
        pane.forget(routine.id)
        pane.refilter(self.query_one("#filter", Input).value)
        self.session.preview(routine)

    def action_packs(self) -> None:
        """Installed packs, and why any of them did not load."""
        from limber.ui.screens.packs import PacksScreen

        self.app.push_screen(PacksScreen(self.state.report if self.state.loaded else None))

    def action_help(self) -> None:
        """Every key, from the bindings in force (remapped keys included)."""
        from limber.ui.screens.help import HelpScreen

        sections: list[tuple[str, list[DOMNode]]] = [
            ("Anywhere", [self, self.app]),
            ("Catalogue", [self.query_one(CataloguePane)]),
            ("Session", [self.session]),
        ]
        self.app.push_screen(HelpScreen(sections))

    def _stats(self, store: HistoryStore, *, details: bool = False) -> HistoryStats:
        """The pane's figures; ``details`` (per routine, side balance) only for H."""
        from limber.core.history.streams import figures

        settings = self.services.settings
        return figures(
            store,
            self.services.now().astimezone().date(),
            settings.weekly_goal_sessions,
            settings.weekly_goal_minutes,
            10,
            details=details,
        )
