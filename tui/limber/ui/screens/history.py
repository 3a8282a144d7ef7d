"""The full history: every session in a table, sessions per routine, left/right balance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from limber.core.history.model import HistoryStats
from limber.core.history.store import HistoryStore
from limber.core.text import clean_line
from limber.ui.widgets.history_pane import summary


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)


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
    """Opened with H. Long histories scroll in a DataTable, which stays fast at thousands.

    Pack and note text go in as Rich ``Text``: a plain ``str`` cell would be parsed as
    markup by DataTable."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,H,q", "app.pop_screen", "Back", id="close-history")]

    def __init__(self, store: HistoryStore, stats: HistoryStats) -> None:
        super().__init__()
        self.store = store
        self.stats = stats

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="history-side"):
                yield Static(summary(self.stats))
                yield Static(Content("\n").join([Content(""), *side_notes(self.stats)]))
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = f"All sessions ({self.stats.total_sessions})"
        table.add_columns("Date", "Routine", "Status", "Min", "Pain", "Note")
        for record in reversed(self.store.sessions(phases=False)):
            table.add_row(
                record.local_start.strftime("%Y-%m-%d %H:%M"),
                Text(clean_line(record.routine_name)),
                record.status,
                f"{record.active_seconds / 60:.0f}",
                f"{_pain(record.pain_before)}→{_pain(record.pain_after)}",
                Text(clean_line(record.note)[:40]),
            )
        table.focus()
