"""Running a pack's code inside a guard: any exception (``BaseException`` too) becomes
one line, and work that takes longer than :data:`HOOK_SECONDS` is abandoned to a daemon
thread (Python cannot stop a thread; whatever it returns later is ignored).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from limber.core.text import untrusted_line

HOOK_SECONDS = 5.0
"""How long one pack's import, or its content hooks, may take before it is reported
as too slow and left out (``LIMBER_HOOK_SECONDS`` changes it, for tests)."""


def hook_seconds(environ: Mapping[str, str] = os.environ) -> float:
    try:
        value = float(environ.get("LIMBER_HOOK_SECONDS", HOOK_SECONDS))
    except ValueError:
        return HOOK_SECONDS
    return value if value > 0 else HOOK_SECONDS


def one_line(exc: BaseException | None) -> str:
    try:
        text = str(exc)
    except BaseException:  # an exception whose __str__ itself fails
        text = ""
    return untrusted_line(f"{type(exc).__name__}: {text or 'no message'}")


def too_slow(seconds: float) -> str:
    return f"took longer than {seconds:g} s, so Limber went on without it"


Outcome = tuple[bool, Any, BaseException | None]
"""``(finished, result, exception)`` of one piece of a pack's work."""


def timed_each(works: Sequence[Callable[[], Any]], seconds: float) -> list[Outcome]:
    """Run each of ``works`` in turn, each for at most ``seconds``: one outcome each.

    They run one after another in a daemon thread while the caller waits. A piece still
    running after ``seconds`` is reported unfinished and left behind in that thread (what
    it returns later is ignored, and it runs nothing else); the pieces after it go on in
    a new thread. One thread for all, rather than one each, saves starting a thread and
    two hand-overs between threads per piece: on a busy machine each can wait for a core.
    """
    outcomes: list[Outcome] = []
    while len(outcomes) < len(works):
        run = _Run(works, len(outcomes), seconds)
        outcomes += run.wait()
    return outcomes


class _Run:
    """Pieces ``works[start:]`` in one daemon thread, watched by the caller."""

    def __init__(self, works: Sequence[Callable[[], Any]], start: int, seconds: float) -> None:
        self.works, self.seconds = works, seconds
        self.lock = threading.Condition()
        self.current, self.began = start, time.monotonic()
        self.outcomes: list[Outcome] = []
        self.abandoned = self.finished = False
        threading.Thread(target=self._work, name="limber-pack", daemon=True).start()

    def _work(self) -> None:
        for index in range(self.current, len(self.works)):
            with self.lock:
                if self.abandoned:
                    return
                self.current, self.began = index, time.monotonic()
            try:
                outcome: Outcome = (True, self.works[index](), None)
            except BaseException as exc:
                outcome = (True, None, exc)
            with self.lock:
                if self.abandoned:
                    return
                self.outcomes.append(outcome)
        with self.lock:
            self.finished = True
            self.lock.notify()

    def wait(self) -> list[Outcome]:
        """The outcomes up to the end, or up to and including a piece that was too slow."""
        with self.lock:
            while not self.finished:
                left = self.began + self.seconds - time.monotonic()
                if left <= 0:
                    self.abandoned = True
                    return [*self.outcomes, (False, None, None)]
                self.lock.wait(left)
            return self.outcomes


def describe(value: object) -> str:
    return type(value).__name__ if value is not None else "None"
