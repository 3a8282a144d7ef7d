"""The history pane. Recording sessions comes with the history store; until then it says
plainly what it will show, so nobody thinks their sessions are being kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

PROMISE = Content.assemble(
    ("Your progress will show here:\n", "bold"),
    " • streak: days in a row with a session\n",
    " • this week against your weekly goal\n",
    " • pain before → after, as a trend\n",
    " • recent sessions\n\n",
    ("Sessions are not recorded yet in this version.", "italic $text-muted"),
)


class HistoryPane(VerticalScroll):
    BORDER_TITLE = "History"

    def compose(self) -> ComposeResult:
        yield Static(PROMISE, id="history-body")
