"""Calling the packs' session-event hooks: each guarded, each for a bounded time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from limber.core.events import HookProblem, SessionEvent
from limber.core.packs.guard import one_line, timed_each, too_slow
from limber.core.text import clean_line


def call_event_hooks(
    calls: Sequence[tuple[str, Callable[..., Any]]],
    event: SessionEvent,
    seconds: float,
    stuck: set[str],
) -> list[HookProblem]:
    """Call each ``(pack, hook)`` with ``event``; one problem per failure or notice.

    The calls run one after another in a worker thread, each for at most ``seconds``
    (:func:`timed_each`, as the import and content hooks do). A pack whose hook is still
    running then is reported as too slow and added to ``stuck``, so the caller leaves it
    out from then on; Python cannot stop its thread, and what it returns is ignored.
    """
    outcomes = timed_each([partial(hook, event=event) for _, hook in calls], seconds)
    problems = []
    for (name, _), (finished, notice, exc) in zip(calls, outcomes, strict=False):
        if not finished:
            stuck.add(name)
            problems.append(
                HookProblem(name, f"Pack '{name}' on {event.kind}: {too_slow(seconds)}")
            )
        elif exc is not None:
            message = f"Pack '{name}' failed on {event.kind}: {one_line(exc)}"
            problems.append(HookProblem(name, message))
        elif isinstance(notice, str) and notice:
            problems.append(HookProblem(name, f"Pack '{name}': {clean_line(notice)[:200]}"))
    return problems
