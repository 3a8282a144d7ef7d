"""The whole stretch during a session: set-up, every step, easier versions and cautions.

The session's hold shows only what can be read in its time; this is the rest, one key
away. It covers the session, so the session pauses (and says so when it is back).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from limber.core.model import Stretch
from limber.ui.render import stretch_details


class StepsScreen(ModalScreen[None]):
    """One stretch in full, over the paused session."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,i,q,enter", "dismiss", "Back to the session", id="close-steps")]

    def __init__(self, stretch: Stretch) -> None:
        super().__init__()
        self.stretch = stretch

    def compose(self) -> ComposeResult:
        body = stretch_details(self.stretch) + Content.styled(
            "\n\nThe session is paused. Press Escape to go back, then space to resume.",
            "bold $success",
        )
        with VerticalScroll(id="steps-body", classes="dialog"):
            yield Static(body)
