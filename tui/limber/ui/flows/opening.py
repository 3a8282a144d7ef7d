"""The main screen's keys that open another screen (history, the builder, packs,
help), and the history figures they and the pane are given.

Each screen is imported when first opened, so none of them is on the way to the first
frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber.ui.widgets.catalogue_pane import CataloguePane

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from limber.core.history.model import HistoryStats
    from limber.core.history.store import HistoryStore
    from limber.core.model import Routine
    from limber.ui.flows.port import MainScreenPort
    from limber.ui.screens.packs import PacksScreen


class OpeningFlow:
    """Opening the other screens, each given what it shows."""

    def __init__(self, screen: MainScreenPort) -> None:
        self.screen = screen
        self.packs_waiting: PacksScreen | None = None
        """The packs screen opened before the packs had loaded, to be shown them."""

    def history(self) -> None:
        """The full history screen: every session, per routine, left/right balance."""
        store = self.screen.state.history
        if store is None:
            return
        from limber.ui.screens.history import HistoryScreen  # off the start-up path

        background = self.screen.services.background
        details = None if not background else lambda: self.stats(store, details=True)
        stats = self.stats(store, details=not background)
        self.screen.app.push_screen(HistoryScreen(store, stats, details))

    def build(self) -> None:
        """The routine builder: a new routine, or (on a routine) edit yours / copy theirs."""
        from limber.ui.screens.builder import BuilderScreen  # off the start-up path

        screen = self.screen
        start_from = screen.session.previewed if not screen.session.running else None
        if start_from is not None and start_from.id not in screen.catalogue.routines:
            start_from = None  # a single stretch's practice routine is not a routine to edit
        builder = BuilderScreen(
            screen.catalogue,
            screen.services.plan_settings,
            screen.services.paths.routines_dir,
            start_from,
        )
        screen.app.push_screen(builder, self._built)

    def _built(self, routine: Routine | None) -> None:
        if routine is None:
            return
        screen = self.screen
        screen.catalogue.add([routine], {routine.id: f"routines/{routine.local_id}.toml"})
        pane: CataloguePane = screen.query_one(CataloguePane)
        pane.forget(routine.id)
        pane.refilter(screen.query_one("#filter").value)
        screen.session.preview(routine)

    def packs(self) -> None:
        """Installed packs, and why any of them did not load."""
        from limber.ui.screens.packs import PacksScreen  # off the start-up path

        state = self.screen.state
        shown = PacksScreen(state.report if state.loaded else None)
        self.packs_waiting = None if state.loaded else shown
        self.screen.app.push_screen(shown)

    def help(self, screen: DOMNode) -> None:
        """Every key, from the bindings in force (remapped keys included): the app's,
        ``screen``'s (the main screen's own), the catalogue's and the session's."""
        from limber.ui.screens.help import HelpScreen  # off the start-up path

        sections: list[tuple[str, list[DOMNode]]] = [
            ("Anywhere", [screen, self.screen.app]),
            ("Catalogue", [self.screen.query_one(CataloguePane)]),
            ("Session", [self.screen.session]),
        ]
        self.screen.app.push_screen(HelpScreen(sections))

    def stats(self, store: HistoryStore, *, details: bool = False) -> HistoryStats:
        """The pane's figures; ``details`` (per routine, side balance) only for H."""
        from limber.core.history.streams import figures  # sqlite3: after the first frame

        settings = self.screen.services.settings
        return figures(
            store,
            self.screen.services.now().astimezone().date(),
            settings.weekly_goal_sessions,
            settings.weekly_goal_minutes,
            10,
            details=details,
        )
