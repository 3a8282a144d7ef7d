"""Help: every key, generated from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "equals_sign": "=",
    "space": "space",
    "ctrl+p": "ctrl+p",
    "escape": "esc",
    "enter": "enter",
}


def key_text(binding: Binding, keymap: Mapping[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key)
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(
    title: str, bindings: list[BindingType], keymap: Mapping[str, str]
) -> list[Content]:
    rows = [Content.styled(title, "bold $accent")]
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        rows.append(
            Content.assemble(
                (f"  {key_text(binding, keymap):<14}", "bold"),
                f"{binding.description:<18}",
                (f"id: {binding.id}" if binding.id else "", "$text-muted"),
            )
        )
    return [*rows, Content("")]


class HelpScreen(ModalScreen[None]):
    """Keys for every pane, the command palette, and where safety advice lives."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="close-help")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]], keymap: Mapping[str, str]):
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        rows: list[Content] = [
            Content.styled("Limber — keys", "bold"),
            Content.styled(
                "Everything works from the keyboard. Remap any key by its id in "
                "config.toml, under [keys].",
                "$text-muted",
            ),
            Content(""),
        ]
        for title, bindings in self.sections:
            rows += binding_rows(title, bindings, self.keymap)
        rows += [
            Content.styled("Command palette", "bold $accent"),
            Content("  ctrl+p        Start any routine or show any stretch by name; change theme."),
            Content(""),
            Content.styled("Safety", "bold $accent"),
            Content("  s             The safety notice: when to stop and see a professional."),
            Content("  g             Guidance from the articles: holds, breathing, how often."),
            Content(""),
            Content.styled("Press esc to close.", "$text-muted"),
        ]
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Content("\n").join(rows))
