"""Textual's Linux driver with an input thread that sleeps until there is something to do.

Textual's input thread asks the terminal for keys with a tenth of a second's patience, over
and over, to notice when the app ends and when a lone Escape has waited long enough to be
a key: ten wake-ups a second for as long as the app is open. That is all of the minimal
Textual app's CPU at rest (0.13–0.15 % of a core in ``make bench``) and was about a fifth
of a running session's. Here it waits with no time limit, except while an Escape waits
for what may follow it (then exactly as long as that wait has left), and the app's end
wakes it through a pipe (``os.pipe``) that :class:`_WakingEvent` writes to when it is set.

Keys are read and parsed as Textual does (its ``XTermParser``, fed and ticked as in
``LinuxDriver.run_input_thread`` of the pinned Textual), with two differences: at the end
of its input (stdin closed) it stops watching stdin instead of spinning on it, and on
the way out it does not sleep a last tenth of a second. The parser's pending wait is read
from its ``_timeout_time`` (Textual is pinned exactly; a test checks the attribute, and
one in a real terminal presses a lone Escape, ctrl+z and ctrl+q).

The pipe is made once for the driver and closed when the driver is let go, never while
the app runs: a ctrl+z closes the driver and ``fg`` starts it again, from signal handlers
that may interrupt anything, so no file descriptor is closed under them.

Signals wake the main thread too. Textual handles ctrl+z from a shell (SIGTSTP), ``fg``
(SIGCONT) and a resized window (SIGWINCH) in Python handlers, which only the main thread
runs, and only once it wakes. The kernel may hand such a signal to any thread (after a
stop, to whichever runs first), and an app at rest has nothing else to wake its main
thread: after ``fg`` it stayed as the shell left it, keys echoed and unread, and a
ctrl+z from a shell did not stop it (three times in about 1,300 runs of the ctrl+z
test on a loaded machine; a test aims the signals at another thread). Python's
``signal.set_wakeup_fd`` writes each signal's number to a pipe the event loop watches,
as asyncio does for its own signal handlers; here it is set once the loop runs, unless
something already set one, kept through a ctrl+z and put back when the app ends.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
import threading
import weakref
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
        try:
            os.write(self.wake_fd, b"!")
        except BlockingIOError:  # the pipe is full: the thread has plenty to wake it
            pass


class QuietLinuxDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread does not poll (see the module's doc)."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._wake_read, wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(wake_write, False)
        self.exit_event = _WakingEvent(wake_write)
        weakref.finalize(self, _close_all, self._wake_read, wake_write)

    _signal_wake: tuple[asyncio.AbstractEventLoop, int, int] | None = None
    """The event loop and the pipe it reads signals' numbers from, once set."""

    def start_application_mode(self) -> None:
        self._wake_main_thread_on_signals()
        super().start_application_mode()  # type: ignore[no-untyped-call]

    def _wake_main_thread_on_signals(self) -> None:
        """Have every signal wake the event loop (see the module's doc); once."""
        if (
            self._signal_wake is not None
            or threading.current_thread() is not threading.main_thread()
        ):
            return
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        if previous != -1:  # the loop's own signal handling already wakes it
            signal.set_wakeup_fd(previous)
            _close_all(read, write)
            return
        loop = asyncio.get_running_loop()
        loop.add_reader(read, _drain, read)
        self._signal_wake = (loop, read, write)

    _suspending = False

    def suspend_application_mode(self) -> None:
        """A ctrl+z: Textual closes the driver too, but signals must still wake the
        main thread while it is stopped, for the ``fg`` that continues it."""
        self._suspending = True
        try:
            super().suspend_application_mode()
        finally:
            self._suspending = False

    def close(self) -> None:
        super().close()
        if self._signal_wake is None or self._suspending:
            return
        loop, read, write = self._signal_wake
        self._signal_wake = None
        try:
            current = signal.set_wakeup_fd(-1)
            if current != write:  # not ours any more: put it back
                signal.set_wakeup_fd(current)
        except ValueError:  # not the main thread
            pass
        loop.remove_reader(read)
        _close_all(read, write)

    def _drain_wake(self) -> None:
        """Empty the pipe, unless the app is ending: then it stays readable, so that no
        input thread can sleep through the end."""
        if not self.exit_event.is_set():
            _drain(self._wake_read)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events: Textual's loop, without its 0.1 s poll."""
        self._drain_wake()  # left by the end of the thread before (ctrl+z, then fg)
        selector = selectors.SelectSelector()
        fileno, wake = self.fileno, self._wake_read
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def dispatch(ready: list[tuple[selectors.SelectorKey, int]]) -> None:
            for key, _mask in ready:
                if key.fd == wake:
                    self._drain_wake()
                    continue
                raw = os.read(fileno, 1024 * 4)
                if not raw:  # stdin closed (piped, and at its end): stop watching it
                    selector.unregister(fileno)
                    continue
                text = decode(raw)
                if not text:  # a character cut between two reads: wait for its end
                    continue  # (feeding "" would tell the parser the input ended)
                for event in parser.feed(text):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                pending = parser._timeout_time  # a lone Escape waiting for what follows
                timeout = None if pending is None else max(0.0, pending - get_time())
                dispatch(selector.select(timeout))
            dispatch([])
        finally:
            selector.close()


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _close_all(*fds: int) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
