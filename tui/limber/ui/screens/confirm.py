"""A yes-or-no question before something that replaces what the runner has (following a
programme ends the one followed before): Enter or y says yes, Esc or n keeps things."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks ``question``; dismisses with True for yes."""

    CSS_PATH = "screens.tcss"  # the .dialog box
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #confirm-question { margin: 1 0; }
    """
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, question: str, keys: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.keys = keys
        """What Enter and Esc do, in words: "Enter: follow it · Esc: keep …"."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"))
            yield Static(Content(self.question), id="confirm-question")
            yield Static(Content.styled(self.keys, "$text-muted"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
