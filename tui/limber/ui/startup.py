"""The start-up trick of the app, in one place: work that can wait starts once the first
frame has been *written to the terminal*, not merely drawn.

Textual mounts the app inside a batch, so the first ``App._display`` writes nothing and
``call_after_refresh`` from a screen's ``on_mount`` runs before a single byte reaches the
terminal: whatever it starts (the packs, the history, the safety notice) delays the first
paint a person sees. :class:`FirstWriteApp` watches ``_display`` for the next frame that
is actually sent to the driver (outside a batch; headless test drivers count too), waits
until the driver's writer thread has taken it, and only then runs what
:func:`after_next_write` queued. The main screen queues its deferred start-up from
``on_mount``; a first run queues the packs behind the safety notice the same way.
(The other start-up trick, the garbage collector paused until the first screen is up,
is ``core/collector.py``.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.screen import Screen
    from textual.timer import Timer

Callback = Callable[[], object]

_BEFORE_ANY_SCREEN = frozenset(
    {
        "limber",
        "limber._version",
        "limber.cli",
        "limber.commands",
        "limber.commands.formats",  # the CLI's choices and help: a table, no renderer
        "limber.launch",
        # the core every first frame needs (a routine's plan, the catalogue, settings)
        "limber.core",
        "limber.core.catalogue",
        "limber.core.clock",
        "limber.core.collector",
        "limber.core.errors",
        "limber.core.figure",
        "limber.core.files",
        "limber.core.instructions",
        "limber.core.model",
        "limber.core.packs",
        "limber.core.packs.report",
        "limber.core.packs.requires",
        "limber.core.painrule",
        "limber.core.paths",
        "limber.core.phases",
        "limber.core.plan",
        "limber.core.plan_model",
        "limber.core.programme_model",
        "limber.core.settings",
        "limber.core.text",
        "limber.core.validate",
        "limber.core.wording",
        # the app
        "limber.ui",
        "limber.ui.app",
        "limber.ui.context",
        # the stylesheet's rules parsed last time: cheaper to read than to parse
        "limber.ui.csscache",
        "limber.ui.render",
        "limber.ui.screens",
        "limber.ui.startup",
        # Textual's bugs worked around before it draws anything
        "limber.ui.textual_fixes",
        # the terminal's driver, its input thread waiting without polling
        "limber.ui.quietdriver",
    }
)
"""Loaded before either first screen is written (the main screen, or the first run's
notice)."""

MAIN_SCREEN_MODULES = frozenset(
    {
        "limber.core.events",
        "limber.core.figure_draw",
        "limber.core.packs.courier",
        "limber.core.recorder",
        "limber.core.session",
        "limber.core.session_events",
        "limber.core.sessionrun",
        "limber.ui.compositor",
        "limber.ui.flows",
        "limber.ui.flows.loading",
        "limber.ui.flows.opening",
        "limber.ui.flows.pain",
        "limber.ui.flows.programme",
        "limber.ui.messages",
        "limber.ui.screens.main",
        "limber.ui.widgets",
        "limber.ui.widgets.catalogue_pane",
        "limber.ui.widgets.figure_view",
        "limber.ui.widgets.footer",
        "limber.ui.widgets.hanging",
        "limber.ui.widgets.history_pane",
        "limber.ui.widgets.pack_notice",
        "limber.ui.widgets.programme_bar",
        "limber.ui.widgets.session_pane",
    }
)
"""The main screen's module, its panes and the core they run sessions with: on a first
run they are loaded once the notice has been read, not before its frame."""

FIRST_FRAME_MODULES = _BEFORE_ANY_SCREEN | MAIN_SCREEN_MODULES
"""The start-up allow-list: Limber's modules loaded when the main screen's first frame is
written, for a returning runner (with a history or without: it opens after the frame).
``tests/cli/test_startup_modules.py`` runs ``limber`` in a terminal and compares. A module
that joins this path delays every start: import it inside the function that needs it
(saying so in a comment), or, if the first frame cannot do without it, add it here."""

FIRST_RUN_MODULES = _BEFORE_ANY_SCREEN | {
    # the safety notice, from the core's own pages, alone on the screen
    "limber.core.figure_check",
    "limber.core.packs.content",
    "limber.core.packs.coreguidance",
    "limber.core.packs.parsecache",
    "limber.ui.screens.safety",
}
"""The same for a first run: the modules loaded when the safety notice is written."""

FIRST_FRAME_PACKAGES = frozenset({"gc", "msgspec", "tomllib"})
"""Top-level packages and modules (the standard library's too) loaded by the first frame
beyond those a minimal Textual app loads (``bench/minimal_app.py``): the same test
compares. sqlite3, pluggy and the packs wait until the frame is out. tomllib only for a
config.toml: state.toml as Limber writes it is read without it (``core/settings.py``)."""

FIRST_RUN_PACKAGES = FIRST_FRAME_PACKAGES
"""The same for a first run (the notice reads the core's pages as files, in a wheel or
a checkout: ``core/paths.py``)."""
WRITER_WAIT = 0.25
"""At most this long for the terminal's writer thread to take the first frame."""


class FirstWriteApp(App[None]):
    """An app that knows when a frame has gone out to the terminal."""

    WRITE_DEADLINE = 2.0
    """Seconds: if no frame has been written by then, what waits runs anyway (a screen
    that never draws must not keep the packs from loading)."""

    def __init__(self) -> None:
        super().__init__()
        self._after_write: list[Callback] = []
        """What runs once the next frame is written (at start-up: the first)."""
        self._deadline: Timer | None = None

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if not self._after_write or renderable is None or self._batch_count:
            return  # nothing was written (Textual's own batch at mount returns early)
        self.call_later(self._after_flush, self._take_waiting())

    def _take_waiting(self) -> list[Callback]:
        if self._deadline is not None:
            self._deadline.stop()
            self._deadline = None
        callbacks, self._after_write = self._after_write, []
        return callbacks

    async def _after_flush(self, callbacks: list[Callback]) -> None:
        await _writer_drained(self._driver)
        for callback in callbacks:
            callback()

    def _deadline_passed(self) -> None:
        self._deadline = None
        for callback in self._take_waiting():
            callback()

    def after_next_write(self, callback: Callback) -> None:
        """Run ``callback`` once the next frame is on the terminal. Called from a screen's
        ``on_mount`` (or just after pushing a screen), the next frame is that screen's
        first."""
        self._after_write.append(callback)
        if self._deadline is None:
            self._deadline = self.set_timer(self.WRITE_DEADLINE, self._deadline_passed)


def after_next_write(app: App[Any], callback: Callback) -> None:
    """``callback`` once the app's next frame is written (see :class:`FirstWriteApp`)."""
    assert isinstance(app, FirstWriteApp), "the Limber app is a FirstWriteApp"
    app.after_next_write(callback)


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
