"""Running a pack's code inside a guard: any exception (``BaseException`` too) becomes
one line, and work that takes longer than :data:`HOOK_SECONDS` is abandoned to a daemon
thread (Python cannot stop a thread; whatever it returns later is ignored).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
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


def timed(work: Callable[[], Any], seconds: float) -> tuple[bool, Any, BaseException | None]:
    """Run ``work`` in a daemon thread for at most ``seconds``:
    ``(finished, result, exception)``. A thread still running is left behind."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((work(), None))
        except BaseException as exc:
            outcome.append((None, exc))

    thread = threading.Thread(target=target, name="limber-pack", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        return False, None, None
    result, exc = outcome[0]
    return True, result, exc


def describe(value: object) -> str:
    return type(value).__name__ if value is not None else "None"
