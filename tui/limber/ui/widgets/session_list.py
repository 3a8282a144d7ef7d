"""Every session, newest first, as a virtual list: only the rows on screen are read.

A DataTable holds every row it shows; at a million sessions filling one takes minutes.
This list knows only how many sessions there are; each row drawn asks for its page
(:data:`PAGE` sessions, one SQL query with ``LIMIT``/``OFFSET``), and a few pages are
kept. So the history screen opens at once whatever the history's length.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from limber.core.history.model import RecentSession
from limber.core.text import clean_line

PAGE = 100
"""Sessions read at a time."""
KEEP_PAGES = 8
"""Pages kept, so scrolling back and forth does not read them again."""

Fetch = Callable[[int, int], list[RecentSession]]
"""``(offset, limit)`` → sessions newest first (:meth:`HistoryStore.page`)."""

HEADER = f"{'Date':<16}  {'Routine':<24}  {'Status':<11}  {'Min':>4}  {'Pain':<6}  Note"


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)


def row_text(session: RecentSession) -> str:
    """One session as one line of the list (pack and note text cleaned, never markup)."""
    name = clean_line(session.routine_name)[:24]
    after = session.pain_after if session.pain_after is not None else session.pain_at_stop
    pain = f"{_pain(session.pain_before)}→{_pain(after)}"
    return (
        f"{session.local_start:%Y-%m-%d %H:%M}  {name:<24}  {session.shown_status:<11}  "
        f"{session.active_minutes:>4.0f}  {pain:<6}  {clean_line(session.note)[:40]}"
    )


class SessionList(ScrollView, can_focus=True):
    """``total`` sessions, read a page at a time through ``fetch`` as they come into view."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="history-up"),
        Binding("down,j", "move(1)", "Down", show=False, id="history-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="history-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="history-page-down"),
        Binding("home", "jump(0)", "First", show=False, id="history-first"),
        Binding("end", "jump(-1)", "Last", show=False, id="history-last"),
    ]
    DEFAULT_CSS = """
    SessionList { height: 1fr; }
    """

    cursor: reactive[int] = reactive(0)

    def __init__(self, fetch: Fetch, total: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self.total = total
        self._pages: OrderedDict[int, list[RecentSession]] = OrderedDict()

    def on_mount(self) -> None:
        self.virtual_size = Size(len(HEADER) + 40, self.total)

    def session_at(self, index: int) -> RecentSession | None:
        """The ``index``-th session, newest first (its page read if need be)."""
        if not 0 <= index < self.total:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number * PAGE, PAGE)
            self._pages[number] = page
            if len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        session = self.session_at(index)
        width = self.scrollable_content_region.width
        if session is None:
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index == self.cursor:
            style += Style(reverse=True) if self.has_focus else Style(bold=True)
        text = row_text(session)
        strip = Strip([Segment(text, style)], len(text))
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region_visible(new)
        self.refresh()

    def scroll_to_region_visible(self, index: int) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif height and index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, where: int) -> None:
        if self.total:
            self.cursor = where if where >= 0 else self.total - 1
