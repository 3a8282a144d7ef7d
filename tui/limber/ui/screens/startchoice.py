"""Start anyway, or not today: the choice after a severe rating before a session.

Limber's own pointer (:mod:`limber.core.painrule`) and the pages it points to, then two
buttons. "Not today" has the focus, so Enter, the key a runner presses without reading,
does not start a session on a back they just rated 7 or more.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button

from limber.core.catalogue import Catalogue
from limber.ui.screens.safety import SafetyScreen

NOT_TODAY_ID = "not-today"
START_ID = "start-anyway"


class StartChoice(SafetyScreen):
    """Dismissed with True only when the runner picks "Start anyway"."""

    DEFAULT_CSS = """
    StartChoice #start-choice { height: auto; align-horizontal: center; }
    StartChoice #start-choice Button { margin: 0 2; }
    """
    BINDINGS = [
        Binding("left,right", "switch", "Other choice", id="start-choice-switch"),
        Binding("escape", "close", "Not today", id="start-choice-close"),
        Binding("up,pageup", "scroll_text(-1)", "Scroll up", id="start-choice-up"),
        Binding("down,pagedown", "scroll_text(1)", "Scroll down", id="start-choice-down"),
    ]

    def __init__(self, catalogue: Catalogue, *, pages: tuple[str, ...], intro: str) -> None:
        hint = "Enter: not today · → then Enter: start anyway"
        super().__init__(
            catalogue, pages=pages, title="About that pain rating", intro=intro, hint=hint
        )

    def on_mount(self) -> None:
        super().on_mount()
        not_today = Button("Not today", id=NOT_TODAY_ID, variant="primary")
        choice = Horizontal(not_today, Button("Start anyway", id=START_ID), id="start-choice")
        self.query_one("#safety-dialog").mount(choice, before="#safety-hint")
        self.call_after_refresh(not_today.focus)

    def action_scroll_text(self, direction: int) -> None:
        """The pages scroll while a button keeps the focus."""
        body = self.query_one("#safety-body", VerticalScroll)
        if direction < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_switch(self) -> None:
        self.focus_next(Button)

    def action_read(self) -> None:
        """Enter on the dialog itself (no button focused) is "not today"."""
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == START_ID)
