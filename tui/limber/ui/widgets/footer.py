"""A Footer that redraws once per burst of binding changes, not once per change.

Textual's Footer recomposes (rebuilding a widget per key) every time the screen's
bindings change; at start-up focus and screen changes publish that several times in a
row, and each recompose costs milliseconds of start-up. Coalescing them keeps the first
paint fast. Relies on Footer's ``bindings_changed`` hook (Textual is pinned exactly).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class CalmFooter(Footer):
    _recompose_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._recompose_pending:
            return
        if self.is_attached and screen is self.screen:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()
