"""The start-up trick of the app, in one place: work that can wait starts once the first
frame has been *written to the terminal*, not merely drawn.

Textual mounts the app inside a batch, so the first ``App._display`` writes nothing and
``call_after_refresh`` from a screen's ``on_mount`` runs before a single byte reaches the
terminal: whatever it starts (the packs, the history, the safety notice) delays the first
paint a person sees. :class:`FirstWriteApp` watches ``_display`` for the first frame that
is actually sent to the driver (outside a batch; headless test drivers count too), waits
until the driver's writer thread has taken it, and only then runs what
:func:`after_first_write` queued. (``launch.open_app`` holds the other start-up trick: the
garbage collector paused until then.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.screen import Screen

Callback = Callable[[], object]
WRITER_WAIT = 0.25
"""At most this long for the terminal's writer thread to take the first frame."""


class FirstWriteApp(App[None]):
    """An app that knows when its first frame went out to the terminal."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting_for_first_write: list[Callback] | None = []
        """What runs after the first write; None once it has happened."""

    @property
    def first_frame_written(self) -> bool:
        return self._waiting_for_first_write is None

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        waiting = self._waiting_for_first_write
        if waiting is None or renderable is None or self._batch_count:
            return  # nothing was written (Textual's own batch at mount returns early)
        self._waiting_for_first_write = None
        self.call_later(self._after_flush, waiting)

    async def _after_flush(self, callbacks: list[Callback]) -> None:
        await _writer_drained(self._driver)
        for callback in callbacks:
            callback()

    def after_first_write(self, callback: Callback) -> None:
        """Run ``callback`` once the first frame is on the terminal (soon, if it is)."""
        if self._waiting_for_first_write is None:
            self.call_later(callback)
        else:
            self._waiting_for_first_write.append(callback)


def after_first_write(app: App[Any], callback: Callback) -> None:
    """``callback`` after the app's first frame is written (see :class:`FirstWriteApp`)."""
    assert isinstance(app, FirstWriteApp), "the Limber app is a FirstWriteApp"
    app.after_first_write(callback)


async def _writer_drained(driver: object) -> None:
    """Until the driver's writer thread has taken every queued write, then one more turn
    of the event loop without the GIL, so it can finish the write itself. Drivers
    without a writer thread (headless, Windows) write at once."""
    queue = getattr(getattr(driver, "_writer_thread", None), "_queue", None)
    if queue is None:
        return
    loop = asyncio.get_running_loop()
    give_up = loop.time() + WRITER_WAIT
    while not queue.empty() and loop.time() < give_up:
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.001)
