"""The main screen: catalogue, session and history side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input

from limber.core.model import Routine, Stretch
from limber.core.recorder import STOP_PAIN
from limber.ui.context import AppContext
from limber.ui.widgets.catalogue_pane import CataloguePane, single_stretch_routine
from limber.ui.widgets.footer import CalmFooter
from limber.ui.widgets.history_pane import HistoryPane
from limber.ui.widgets.session_pane import SessionPane

if TYPE_CHECKING:
    from limber.core.history.model import HistoryStats
    from limber.core.history.store import HistoryStore

WIDE = 140
"""From this many columns the history pane gets its own column."""
PREVIEW_DELAY = 0.12
"""While the filter is being typed in, the preview waits this long for typing to pause."""
NARROW = 72
"""Below this many columns one pane at a time: the catalogue, or the running session."""


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("f", "zoom", "Zoom", id="zoom", show=False),
        Binding("g", "app.guidance", "Guidance", id="guidance", show=False),
        Binding("H", "history", "History", id="history"),
        Binding("P", "packs", "Packs", id="packs", show=False),
        Binding("B", "build", "Build", id="build"),
        Binding("question_mark", "app.help", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≈")
        with Container(id="panes"):
            yield CataloguePane(self.context.catalogue, self.context.plan_settings, id="catalogue")
            yield SessionPane(self.context, id="session")
            path = self.context.history_path
            yield HistoryPane(has_history=path is not None and path.exists(), id="history")
        yield CalmFooter()

    AUTO_FOCUS = "#items"
    """Focus lands on the list once, at start; moving it later would redraw the footer."""

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.context.animate
        if not self.context.background:
            self._open_history()  # inline, so what a snapshot shows does not depend on timing
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        """What waits until the first frame is on screen, so as not to delay it."""
        if self.context.background:
            # Importing sqlite3, opening and checking the file take tens of ms with a long
            # history; a thread started before the first frame would hold the GIL against it.
            self.run_worker(self._open_history, thread=True, group="history")
        self.app.first_frame_drawn()  # type: ignore[attr-defined]

    def catalogue_loaded(self) -> None:
        """The packs are in: list them (the highlighted one previews itself)."""
        pane = self.query_one(CataloguePane)
        pane.catalogue = self.context.catalogue
        pane.refilter(self.query_one("#filter", Input).value)

    def _open_history(self) -> None:
        store = self.context.history
        if store is None:
            return
        notice, stats = store.notice, self._stats(store)
        if self.context.background:
            self.app.call_from_thread(self._history_opened, notice, stats)
        else:
            self._history_opened(notice, stats)

    def _history_opened(self, notice: str | None, stats: HistoryStats) -> None:
        self.query_one(HistoryPane).show(stats)
        if notice:
            self.notify(
                markup=False, message=notice, title="History", severity="warning", timeout=20
            )

    def refresh_history(self) -> None:
        """Recompute the history figures (SQL, a few ms) and show them."""
        store = self.context.history
        if store is None:
            return
        self.query_one(HistoryPane).show(self._stats(store))

    def _stats(self, store: HistoryStore) -> HistoryStats:
        settings = self.context.settings
        return store.stats(
            self.context.now().astimezone().date(),
            goal_sessions=settings.weekly_goal_sessions,
            goal_minutes=settings.weekly_goal_minutes,
        )

    @on(SessionPane.Finished)
    def _finished(self, event: SessionPane.Finished) -> None:
        recorder = event.recorder
        self.refresh_history()
        if recorder.stop_reason == STOP_PAIN:
            from limber.ui.screens.safety import SafetyScreen

            self.app.push_screen(SafetyScreen(self.context.catalogue, stopped=True))
            return
        if not self.context.settings.ask_pain:
            return
        from limber.ui.screens.pain import NotePrompt, PainPrompt

        def after_note(note: str | None) -> None:
            recorder.note(note or "")
            self.refresh_history()

        def after_pain(rating: int | None) -> None:
            recorder.pain_after(rating)
            self.app.push_screen(NotePrompt(), after_note)

        self.app.push_screen(PainPrompt("Done. How is your back now, 0 to 10?"), after_pain)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")
        self.set_class(event.size.width < NARROW, "-narrow")

    @property
    def session(self) -> SessionPane:
        return self.query_one(SessionPane)

    @on(CataloguePane.Highlighted)
    def _preview(self, event: CataloguePane.Highlighted) -> None:
        """Preview the highlighted item; while typing a filter, once typing pauses."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        item = self.context.catalogue.item(event.item_id)
        typing = isinstance(self.focused, Input)
        if typing and self.context.animate:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.session.preview(item))
        else:
            self.session.preview(item)

    @on(CataloguePane.Chosen)
    def _chosen(self, event: CataloguePane.Chosen) -> None:
        item = self.context.catalogue.item(event.item_id)
        if isinstance(item, Routine):
            self.session.start(item)
        elif isinstance(item, Stretch):
            self.session.start(single_stretch_routine(item))

    def start_routine(self, routine_id: str) -> None:
        """Start a routine by id (command palette, ``limber run``)."""
        routine = self.context.catalogue.routines[routine_id]
        self.session.preview(routine)
        self.session.start(routine)

    def show_item(self, item_id: str) -> None:
        """Preview a stretch or routine in the session pane (command palette)."""
        if not self.session.running:
            self.session.preview(self.context.catalogue.item(item_id))

    def action_filter(self) -> None:
        self.query_one(CataloguePane).focus_filter()

    def action_history(self) -> None:
        """The full history screen: every session, per routine, left/right balance."""
        store = self.context.history
        if store is None:
            return
        from limber.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(store, self._stats(store)))

    def action_build(self) -> None:
        """The routine builder: a new routine, or (on a routine) edit yours / copy theirs."""
        from limber.ui.screens.builder import BuilderScreen

        start_from = self.session.previewed if not self.session.running else None
        if start_from is not None and start_from.id not in self.context.catalogue.routines:
            start_from = None  # a single stretch's practice routine is not a routine to edit
        screen = BuilderScreen(
            self.context.catalogue,
            self.context.plan_settings,
            self.context.paths.routines_dir,
            start_from,
        )
        self.app.push_screen(screen, self._built)

    def _built(self, routine: Routine | None) -> None:
        if routine is None:
            return
        self.context.catalogue.add([routine], {routine.id: f"routines/{routine.local_id}.toml"})
        pane = self.query_one(CataloguePane)
        pane.forget(routine.id)
        pane.refilter(self.query_one("#filter", Input).value)
        self.session.preview(routine)

    def action_packs(self) -> None:
        """Installed packs, and why any of them did not load."""
        from limber.ui.screens.packs import PacksScreen

        self.app.push_screen(PacksScreen(self.context.report))

    def action_zoom(self) -> None:
        """Give the session the whole screen, or bring the other panes back."""
        self.toggle_class("-zoom")
        if self.has_class("-zoom") or self.session.running:
            self.session.focus()
        else:
            self.query_one("#items").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and self.session.running:
            return False
        return True
