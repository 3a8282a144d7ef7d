"""What the main screen loads once its first frame is on the terminal: the history (in a
thread, and only if there is one), the packs (in a thread: a pack's slow hook never
freezes the screen), the routines' times for a ``max:`` filter, and then what waits for
the catalogue (the packs screen, pack notices, the programme, ``limber run ROUTINE``).

In this order (CONTRIBUTING, "Keeping start-up fast"); the garbage collector paused for
start-up runs again as the packs start loading, and what they made is frozen once in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber.core import collector
from limber.ui.context import Packs, pack_notices
from limber.ui.widgets.catalogue_pane import CataloguePane
from limber.ui.widgets.history_pane import HistoryPane
from limber.ui.widgets.pack_notice import PackNoticeLine

if TYPE_CHECKING:
    from limber.core.history.model import HistoryStats
    from limber.ui.flows.opening import OpeningFlow
    from limber.ui.flows.port import MainScreenPort
    from limber.ui.flows.programme import ProgrammeFlow


class LoadingFlow:
    """The history and the packs, loaded after the first frame."""

    def __init__(
        self, screen: MainScreenPort, programme: ProgrammeFlow, opening: OpeningFlow
    ) -> None:
        self.screen = screen
        self.programme = programme
        """Told when the history and the packs are in (the bar, a `t` pressed early)."""
        self.opening = opening
        """Works out the history figures the pane shows."""

    def first_frame_drawn(self) -> None:
        """What waits until the first frame is on the terminal, so as not to delay it."""
        screen = self.screen
        if screen.services.background and screen.state.has_history:
            # Importing sqlite3, opening and checking the file take tens of ms with a long
            # history; a thread started before the first frame would hold the GIL against it.
            screen.run_worker(self.open_history, thread=True, group="history")
        self._load_deferred()

    def _load_deferred(self) -> None:
        screen = self.screen
        try:
            if not screen.state.loaded and screen.services.background:
                # In a thread: a pack's slow hook (up to the host's limit) never freezes
                # the screen; ctrl+q works while packs load.
                screen.run_worker(self._load_packs_in_thread, thread=True, group="packs")
            elif not screen.state.loaded:
                self._packs_loaded(screen.services.load_packs())
        finally:
            if screen.services.resume_gc:
                collector.resume_after_start_up()

    def _load_packs_in_thread(self) -> None:
        from limber.core.durations import item_seconds  # off the first frame: once packs load

        screen = self.screen
        packs = screen.services.load_packs()
        # Every item's time, here rather than on the key that completes a `max:` term.
        catalogue = packs.catalogue
        seconds = item_seconds(
            catalogue.routines.values(), catalogue.stretches, screen.services.plan_settings
        )
        screen.app.call_from_thread(self._packs_loaded, packs, seconds)

    def _packs_loaded(
        self, packs: Packs, seconds: tuple[dict[str, float], dict[str, float]] | None = None
    ) -> None:
        screen = self.screen
        screen.state.packs = packs
        pane = screen.query_one(CataloguePane)
        pane.catalogue = screen.catalogue
        if seconds is not None:
            pane.set_seconds(*seconds)
        pane.refilter(screen.query_one("#filter").value)  # the highlight previews itself
        if screen.services.resume_gc:  # the catalogue lives as long as the app
            collector.freeze_long_lived()
        self.packs_ready()

    def packs_ready(self) -> None:
        """What waits for the catalogue: the packs screen if it is open, pack notices,
        the programme, a `t` pressed while the packs loaded, `limber run`."""
        screen = self.screen
        # (Not by looking for a PacksScreen on the stack: that would import the screen's
        # module at every start.)
        waiting, self.opening.packs_waiting = self.opening.packs_waiting, None
        if waiting is not None and waiting in screen.app.screen_stack and waiting.loading:
            waiting.show_report(screen.state.report)
        for title, message, severity in pack_notices(screen.state.report):
            screen.notify(markup=False, message=message, title=title, severity=severity, timeout=15)
        for record in screen.state.report.packs:
            if record.notice:  # what a pack said as it loaded (its limber_notice)
                screen.query_one(PackNoticeLine).say(record.notice)
        self.programme.refresh()
        self.programme.today_if_pressed()
        if start := screen.services.start_routine:
            # `limber run ROUTINE`: once the screen has composed, not before. (On a first
            # run this screen opens only once the safety notice has been read.)
            screen.call_after_refresh(screen.start_routine, start)

    def open_history(self) -> None:
        """Read the history's figures (in the history thread, or inline). With nothing
        recorded yet the pane already says so, and the store is not opened."""
        screen = self.screen
        store = screen.state.kept_history
        notice, stats = (store.notice, self.opening.stats(store)) if store else (None, None)
        if screen.services.background and store is not None:
            screen.app.call_from_thread(self._history_opened, notice, stats)
        else:
            self._history_opened(notice, stats)

    def _history_opened(self, notice: str | None, stats: HistoryStats | None) -> None:
        screen = self.screen
        if stats is not None:
            screen.query_one(HistoryPane).show(stats, notice)
        self.programme.history_ready = True
        self.programme.refresh()
        self.programme.today_if_pressed()
        if notice:
            screen.notify(
                markup=False, message=notice, title="History", severity="warning", timeout=20
            )
