"""Command palette (ctrl+p): "Start routine: …" and "Show stretch: …" for every item.

Pack text never goes through markup here: Textual's own ``Matcher.highlight`` parses its
candidate as markup, so hits are highlighted on plain ``Content`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from limber.core.text import clean_line

if TYPE_CHECKING:
    from limber.ui.app import LimberApp


class CatalogueCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        app: LimberApp = self.app  # type: ignore[assignment]
        catalogue = app.context.catalogue
        found: list[tuple[str, Callable[[], None], str]] = []
        for routine in catalogue.routines.values():
            found.append(
                (
                    f"Start routine: {clean_line(routine.name)}",
                    partial(app.start_routine, routine.id),
                    f"{routine.id} · {len(routine.steps)} steps",
                )
            )
        for stretch in catalogue.stretches.values():
            found.append(
                (
                    f"Show stretch: {clean_line(stretch.name)}",
                    partial(app.show_item, stretch.id),
                    stretch.id,
                )
            )
        found.append(
            ("Show guidance", app.action_guidance, "holds, breathing, how often, self-care")
        )
        found.append(
            ("Show safety notice", app.action_safety, "when to stop and see a professional")
        )
        return found

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            if text.startswith("Start routine"):
                yield DiscoveryHit(Content(text), command, text=text, help=_escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                display = Content(text)
                for offset in offsets:
                    display = display.stylize("bold $accent", offset, offset + 1)
                yield Hit(score, display, command, text=text, help=_escape(help_text))


def _escape(text: str) -> str:
    from textual.markup import escape

    return escape(text)
