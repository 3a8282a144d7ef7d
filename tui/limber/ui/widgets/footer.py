"""A Footer that redraws once per burst of binding changes, not once per change.

Textual's Footer recomposes (rebuilding a widget per key) every time the screen's
bindings change; at start-up focus and screen changes publish that several times in a
row, and each recompose costs milliseconds of start-up. Coalescing them keeps the first
paint fast. Relies on Footer's ``bindings_changed`` hook (Textual is pinned exactly).

On a narrow, tall screen (a phone held upright) the stylesheet lays the keys out as a
grid (``limber.tcss``), and the footer gives it as many columns of :data:`KEY_COLUMN`
cells as its width holds, so no key falls off the right edge where a finger cannot
reach it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

KEY_COLUMN = 20
"""Cells for one key in the narrow grid: the longest ("t Today's session", 17) and a gap."""


class CalmFooter(Footer):
    _recompose_pending = False

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self._fit_columns(self.size.width)

    def on_resize(self, event: Resize) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        """Footer sets one grid column per key; the grid is used only on a phone held
        upright, where as many columns as fit keep every key in view."""
        self.styles.grid_size_columns = max(1, width // KEY_COLUMN)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._recompose_pending:
            return
        if self.is_attached and screen is self.screen:
            self._recompose_pending = True
            # After this screen's next refresh. Not ``call_after_refresh``: its request
            # is a message, and Textual hands it to whichever screen is on top when the
            # message is read; a screen opened meanwhile and closed before it drew (a
            # "?" then Esc, on a busy machine) took the redraw with it, and with
            # ``_recompose_pending`` left set the footer never changed again.
            screen._invoke_later(self._recompose_once, self)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()

    async def recompose(self) -> None:
        """Textual's recompose, then :meth:`_forget_removed_keys` (however it was asked
        for: a burst of binding changes, or Textual itself)."""
        await super().recompose()
        self._forget_removed_keys()
        # Its arrangements of the old keys: Textual drops them when a new key asks for a
        # layout, and the keys, which cannot scroll, no longer ask twice (textual_fixes).
        self._clear_arrangement_cache()

    def _forget_removed_keys(self) -> None:
        """Drop the watchers that the keys just removed left on this footer. Each key
        watches the footer's ``compact`` (``data_bind``), and Textual prunes the watchers
        of removed widgets only when the value watched changes, which ``compact`` never
        does here: every recompose (each session started and ended) kept the old keys
        alive (Textual issue 6666). The same pruning as Textual's, done now."""
        watchers: dict[str, list[tuple[Any, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if not node._closing]
