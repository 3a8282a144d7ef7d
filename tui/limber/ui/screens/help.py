"""Help: every key, generated from the bindings in force, so it cannot go stale.

Keys are read the way Textual itself resolves them (each node's bindings with the app's
keymap applied, as ``Screen._binding_chain`` does), so a key remapped under ``[keys]``
in config.toml shows as remapped, and each binding is listed once with all its keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "equals_sign": "=",
    "space": "space",
    "escape": "esc",
    "enter": "enter",
}

PALETTE_ACTIONS = frozenset({"command_palette", "app.command_palette"})
"""Textual's own command palette binding, listed beside Limber's."""


def active_keys(node: DOMNode, keymap: Mapping[str, str]) -> list[tuple[Binding, list[str]]]:
    """``node``'s bindings with ``keymap`` applied: each binding once, with its keys."""
    bindings = node._bindings.copy()
    if keymap:
        bindings.apply_keymap(keymap)
    found: dict[str, tuple[Binding, list[str]]] = {}
    for key, binding in bindings:
        name = binding.id or binding.action
        _, keys = found.setdefault(name, (binding, []))
        if key not in keys:
            keys.append(key)
    return list(found.values())


def binding_rows(
    title: str, nodes: Sequence[DOMNode], keymap: Mapping[str, str], seen: set[str]
) -> list[Content]:
    """A section of help: a row per Limber binding (each has an id) and the palette's,
    each listed once."""
    rows = [Content.styled(title, "bold $accent")]
    for node in nodes:
        for binding, keys in active_keys(node, keymap):
            name = binding.id or binding.action
            ours = binding.id is not None or binding.action in PALETTE_ACTIONS
            if not ours or not binding.description or name in seen:
                continue
            seen.add(name)
            text = " / ".join(KEY_NAMES.get(k, k) for k in keys)
            rows.append(
                Content.assemble(
                    (f"  {text:<13} ", "bold"),
                    f"{binding.description[:1].upper() + binding.description[1:]:<18}",
                    (f"id: {binding.id}" if binding.id else "", "$text-muted"),
                )
            )
    return [*rows, Content("")]


class HelpScreen(ModalScreen[None]):
    """Keys for every pane, the command palette, and where safety advice lives."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="close-help")]

    def __init__(self, sections: list[tuple[str, list[DOMNode]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        keymap = self.app._keymap
        rows: list[Content] = [
            Content.styled("Limber — keys", "bold"),
            Content.styled(
                "Everything works from the keyboard. Remap any key by its id in "
                "config.toml, under [keys].",
                "$text-muted",
            ),
            Content(""),
        ]
        seen: set[str] = set()
        for title, nodes in self.sections:
            rows += binding_rows(title, nodes, keymap, seen)
        rows += [
            Content.styled(
                "The command palette starts any routine or shows any stretch by name. "
                "The safety notice says when to stop and see a professional; guidance "
                "from the articles covers holds, breathing and how often.",
                "$text-muted",
            ),
            Content(""),
            Content.styled("Press esc to close.", "$text-muted"),
        ]
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Content("\n").join(rows))
