"""The session's progress bar: Textual's ProgressBar, woken and redrawn only when what it
shows changes.

A session moves its bar once a second, but at 32 cells (two steps a cell) and whole
percents the bar and its number change every few seconds. Textual's bar repaints itself,
its bar and its percentage on every update, and wakes once a second on its own timer to
re-estimate an ETA; this one shows no ETA, so it has no timer, and an update that would
draw the same cells is not passed on.
"""

from __future__ import annotations

from textual.events import Mount
from textual.widgets import ProgressBar


class SessionBar(ProgressBar):
    """A ProgressBar without an ETA, its own timer or redraws that change nothing."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(show_eta=False, show_percentage=True, **kwargs)  # type: ignore[arg-type]
        self._drawn: tuple[object, ...] = ()

    def _on_mount(self, event: Mount) -> None:
        """As ProgressBar's ``on_mount``, but without its once-a-second timer (it serves
        only the ETA). Preventing the default skips the handlers of the classes above
        this one, so Widget's own is called here."""
        event.prevent_default()
        super()._on_mount(event)
        self.update()

    def show(self, progress: float, total: float) -> None:
        """Set the bar to ``progress`` of ``total``, if that changes a cell it shows."""
        width = self.query_one("#bar").size.width * 2
        fraction = min(max(progress / total, 0.0), 1.0) if total else 1.0
        # What Bar (steps of half a cell) and PercentageStatus (whole percents) keep.
        drawn = (total, int(fraction * width) / width if width else fraction, round(fraction * 100))
        if drawn != self._drawn:
            self._drawn = drawn
            self.update(total=total, progress=progress)
