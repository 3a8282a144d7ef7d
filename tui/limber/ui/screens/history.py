"""The full history: every session in a virtual list, sessions per routine, left/right balance."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from limber.core.history.model import HistoryStats, RecentSession
from limber.core.history.store import HistoryStore
from limber.core.history.streams import page
from limber.core.text import clean_line
from limber.ui.compositor import FrontCompositor
from limber.ui.widgets.history_pane import summary
from limber.ui.widgets.session_list import HEADER, SessionList


def side_notes(stats: HistoryStats) -> list[Content]:
    lines = [Content.styled("Sessions per routine", "bold $accent")]
    lines += [
        Content(f" {count:>3}  {clean_line(name)}") for name, count in stats.per_routine.items()
    ]
    if stats.side_balance:
        lines += [Content(""), Content.styled("Left/right balance (last 4 weeks)", "bold $accent")]
        for name, sides in stats.side_balance.items():
            lines.append(
                Content(
                    f" {clean_line(name)}: left {sides['left_done'] / 60:.1f} min, "
                    f"right {sides['right_done'] / 60:.1f} min"
                )
            )
    return lines


class HistoryScreen(Screen[None]):
    """Opened with H. Every session in a virtual list read a page at a time from SQL, so
    it opens at once with a million; the per-routine counts and side balance (which read
    every session) fill in from a thread a moment later, and the app stays responsive."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,H,q", "app.pop_screen", "Back", id="close-history")]

    def __init__(
        self,
        store: HistoryStore,
        stats: HistoryStats,
        details: Callable[[], HistoryStats] | None = None,
    ) -> None:
        super().__init__()
        self._compositor = FrontCompositor()  # renders only what it sends, keeps no pieces
        self.store = store
        self.stats = stats
        self._details = details

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="sessions"):
                yield Static(Content.styled(HEADER, "bold"), id="sessions-header")
                yield SessionList(self._page, self.stats.total_sessions, id="session-list")
            with VerticalScroll(id="history-side"):
                yield Static(summary(self.stats))
                yield Static(self._side_text(), id="history-details")
        yield Footer()

    def _page(self, offset: int, limit: int) -> list[RecentSession]:
        return page(self.store, offset, limit)

    def _side_text(self) -> Content:
        if self._details is not None and not self.stats.per_routine:
            return Content("\n").join([Content(""), Content.styled("Counting…", "italic")])
        return Content("\n").join([Content(""), *side_notes(self.stats)])

    def on_mount(self) -> None:
        self.query_one("#sessions").border_title = f"All sessions ({self.stats.total_sessions:,})"
        listing = self.query_one(SessionList)
        listing.focus()
        if self._details is not None:
            # The first page is read before the counting starts: the count holds the
            # store's lock for as long as it reads (a second at a million sessions), and
            # the list's first rows would wait for it.
            listing.session_at(0)
            self.run_worker(self._count, thread=True, group="history-details")

    def _count(self) -> None:
        assert self._details is not None
        stats = self._details()
        self.app.call_from_thread(self._counted, stats)

    def _counted(self, stats: HistoryStats) -> None:
        self.stats = stats
        self._details = None
        self.query_one("#history-details", Static).update(self._side_text())
