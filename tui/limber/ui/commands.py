"""Command palette (ctrl+p): "Start routine: …", "Show stretch: …" and "Follow
programme: …" for every item.

The palette knows no App: on a screen that offers a catalogue (the main screen) it
lists the catalogue's items and posts :mod:`limber.ui.messages` to that screen, which
decides what to do; guidance and safety are the app's own actions.

Pack text never goes through markup here: Textual's own ``Matcher.highlight`` parses its
candidate as markup, so hits are highlighted on plain ``Content`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.message import Message

from limber.core.catalogue import Catalogue
from limber.core.text import clean_line
from limber.ui.messages import FollowProgramme, ShowItem, StartRoutine


@runtime_checkable
class OffersCatalogue(Protocol):
    """A screen whose catalogue the palette can start and show items from."""

    @property
    def catalogue(self) -> Catalogue: ...

    def post_message(self, message: Message) -> bool: ...


class CatalogueCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        if not isinstance(screen, OffersCatalogue):
            return []
        found: list[tuple[str, Callable[[], object], str]] = []
        for routine in screen.catalogue.routines.values():
            found.append(
                (
                    f"Start routine: {clean_line(routine.name)}",
                    partial(_post, screen, StartRoutine, routine.id),
                    f"{routine.id} · {len(routine.steps)} steps",
                )
            )
        for pid, programme in screen.catalogue.programmes.items():
            found.append(
                (
                    f"Follow programme: {clean_line(programme.title)}",
                    partial(_post, screen, FollowProgramme, pid),
                    f"{pid} · {len(programme.weeks)} weeks",
                )
            )
        for stretch in screen.catalogue.stretches.values():
            found.append(
                (
                    f"Show stretch: {clean_line(stretch.name)}",
                    partial(_post, screen, ShowItem, stretch.id),
                    stretch.id,
                )
            )
        found.append(
            (
                "Show guidance",
                partial(self.app.run_action, "guidance"),
                "holds, breathing, how often, self-care",
            )
        )
        found.append(
            (
                "Show safety notice",
                partial(self.app.run_action, "safety"),
                "when to stop and see a professional",
            )
        )
        return found

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            if text.startswith(("Start routine", "Follow programme")):
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


def _post(
    screen: OffersCatalogue,
    message: type[StartRoutine | ShowItem | FollowProgramme],
    item_id: str,
) -> None:
    """Tell the screen what was chosen; the message is only made once it is."""
    screen.post_message(message(item_id))


def _escape(text: str) -> str:
    return escape(text)
