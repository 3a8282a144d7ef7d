"""Work handed to one background thread, done in the order it was posted.

A session tells the packs' event hooks about each event through a courier, so a pack's
hook never runs on the thread that draws the session: a hook that hangs cannot freeze
the countdown, the keys or ctrl+q (the host also gives each hook call at most
:data:`~limber.core.packs.guard.HOOK_SECONDS`).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

IDLE_SECONDS = 30.0
"""How long the thread waits for more work before it ends (the next post starts one)."""


class Courier:
    """Runs each posted callable in turn in a daemon thread, started when needed."""

    def __init__(self, name: str = "limber-events") -> None:
        self._name = name
        self._work: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pending = 0

    def post(self, work: Callable[[], object]) -> None:
        """Do ``work`` after everything posted before it; return at once."""
        with self._lock:
            self._pending += 1
            self._work.put(work)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def drain(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for what was posted to be done; True if it was."""
        done = threading.Event()
        self.post(done.set)
        return done.wait(seconds)

    def _run(self) -> None:
        while True:
            try:
                work = self._work.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._pending == 0:
                        self._thread = None
                        return
                continue
            with contextlib.suppress(BaseException):  # the work guards itself; go on
                work()
            del work  # not held while waiting: it may hold a whole app (its session's hooks)
            with self._lock:
                self._pending -= 1
