"""One line above the footer: the latest thing a pack told the runner.

A pack's sentence (its ``limber_notice`` at load, or what its event hook returned during
a session, such as the voice pack's "no speech engine was found") shows here, in the
flow of the screen, so it never covers a running session the way a toast over the
session pane did. The packs screen (``P``) keeps it under the pack. Hidden while there
is nothing to say.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class PackNoticeLine(Static):
    """The latest pack notice, on one line; ``P`` opens the packs screen for the rest."""

    DEFAULT_CSS = """
    PackNoticeLine {
        height: 1;
        padding: 0 1;
        display: none;
        color: $text-warning;
        background: $warning-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PackNoticeLine.-shown { display: block; }
    """

    def say(self, message: str) -> None:
        """Show ``message`` (already cleaned and bounded where it entered)."""
        self.update(Content.assemble((" P: packs ", "bold reverse"), " ", message))
        self.add_class("-shown")
