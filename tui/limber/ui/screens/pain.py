"""The pain rating: 0–10, before and after a session. One key to answer, one to skip."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from limber.core.text import clean

SCALE = "0 = no pain · 10 = the worst pain you can imagine"


class PainPrompt(ModalScreen[int | None]):
    """Asks for a rating. Digits 0–9 answer at once; ←/→ and Enter reach 10; Esc skips."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("left", "move(-1)", "Less", id="pain-less"),
        Binding("right", "move(1)", "More", id="pain-more"),
        Binding("enter", "choose", "Choose", id="pain-choose"),
        Binding("escape", "skip", "Skip", id="pain-skip"),
        *[Binding(str(n), f"pick({n})", show=False, id=f"pain-{n}") for n in range(10)],
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.value = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-dialog", classes="dialog"):
            yield Static(Content.styled(self.question, "bold"))
            yield Static(Content.styled(SCALE, "$text-muted"))
            yield Static(id="pain-scale")
            yield Static(
                Content.styled("0–9 answer at once · ← → then Enter · Esc to skip", "$text-muted")
            )

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        parts: list[str | tuple[str, str]] = []
        for n in range(11):
            parts.append((f" {n} ", "bold reverse $accent") if n == self.value else f" {n} ")
        self.query_one("#pain-scale", Static).update(Content.assemble(*parts))

    def action_move(self, step: int) -> None:
        self.value = max(0, min(10, self.value + step))
        self._draw()

    def action_pick(self, value: int) -> None:
        self.value = value
        self.dismiss(value)

    def action_choose(self) -> None:
        self.dismiss(self.value)

    def action_skip(self) -> None:
        self.dismiss(None)


NOTE_LIMIT = 2000
"""The longest note kept (as ``limber history import`` takes): a longer one is refused
with one sentence and stays in the box to be shortened, never cut silently."""


class NotePrompt(ModalScreen[str]):
    """An optional note for the log after a session; Enter saves, Esc skips."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape", "skip", "Skip", id="note-skip")]

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Content.styled("A note for your log?", "bold"))
            yield Static(
                Content.styled(
                    "How it felt, what you changed. Your physio sees it in the export.",
                    "$text-muted",
                )
            )
            yield Input(placeholder="Type, then Enter · Esc to skip", id="note")
            yield Static(id="note-problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = clean(event.value).strip()
        problem = ""
        if len(text) > NOTE_LIMIT:
            problem = (
                f"This note is {len(text):,} characters; a note keeps at most {NOTE_LIMIT:,}: "
                "shorten it (it is all still here), or Esc to skip it."
            )
        elif text != event.value.strip():
            event.input.value = text
            problem = (
                "Control characters were taken out of the note; press Enter again to save "
                "it as it reads now."
            )
        if problem:
            self.query_one("#note-problem", Static).update(Content.styled(problem, "$error"))
            return
        self.dismiss(text)

    def action_skip(self) -> None:
        self.dismiss("")
