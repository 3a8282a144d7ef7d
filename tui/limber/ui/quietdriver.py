"""Textual's Linux driver with an input thread that sleeps until there is something to do.

Textual's input thread asks the terminal for keys with a tenth of a second's patience, over
and over, to notice when the app ends and when a lone Escape has waited long enough to be
a key: ten wake-ups a second for as long as the app is open. That is all of the minimal
Textual app's CPU at rest (0.13–0.15 % of a core in ``make bench``) and was about a fifth
of a running session's. Here it waits with no time limit, except while an Escape waits
for what may follow it (then exactly as long as that wait has left), and the app's end
wakes it through a pipe (``os.pipe``) that :class:`_WakingEvent` writes to when it is set.

What it reads and how keys are parsed is Textual's own (``XTermParser``, the same calls
in the same order as ``LinuxDriver.run_input_thread`` of the pinned Textual); the parser's
pending wait is read from its ``_timeout_time`` (Textual is pinned exactly; a test in a
real terminal presses a lone Escape, and the app's own pty tests quit it).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from threading import Event
from typing import TYPE_CHECKING, Any

from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App


class _WakingEvent(Event):
    """The driver's ``exit_event``: setting it also wakes the input thread."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self.wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        if self.wake_fd < 0:  # the driver is closed
            return
        try:
            os.write(self.wake_fd, b"!")
        except BlockingIOError:  # the pipe is full: the thread has plenty to wake it
            pass


class QuietLinuxDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread does not poll (see the module's doc)."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._wake_read = self._wake_write = -1

    def start_application_mode(self) -> None:
        """A new pipe each time the input thread starts (at start-up, and on resuming
        after ctrl+z: suspending closes the driver)."""
        self._close_pipe()
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self.exit_event = _WakingEvent(self._wake_write)
        super().start_application_mode()  # type: ignore[no-untyped-call]

    @staticmethod
    def _drain(fd: int) -> None:
        try:
            while os.read(fd, 64):
                pass
        except BlockingIOError:
            pass

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events: Textual's loop, without its 0.1 s poll."""
        selector = selectors.SelectSelector()
        fileno, wake = self.fileno, self._wake_read
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def dispatch(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for key, mask in ready:
                if key.fd == wake:
                    self._drain(wake)
                elif mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final)
                    if not data:  # stdin piped, and at its end
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                pending = parser._timeout_time  # a lone Escape waiting for what follows
                timeout = None if pending is None else max(0.0, pending - get_time())
                dispatch(selector.select(timeout))
            selector.unregister(fileno)
            dispatch([], final=True)
        finally:
            selector.close()

    def close(self) -> None:
        super().close()
        self._close_pipe()

    def _close_pipe(self) -> None:
        if isinstance(self.exit_event, _WakingEvent):
            self.exit_event.wake_fd = -1  # closed: never written to again
        for fd in (self._wake_read, self._wake_write):
            if fd >= 0:
                os.close(fd)
        self._wake_read = self._wake_write = -1
