"""What a running session says, and when: the engine's events, queued and delivered.

:class:`~limber.core.session.SessionEngine` keeps the state and the time;
:class:`Announcer` turns what happens into :class:`SessionEvent` values:

- **Events after state.** Events are queued while a call changes the engine's state and
  delivered, in order, once the state has settled. A handler may therefore call the
  engine again (pause on ``phase-done``, say) safely, and sees the engine's latest state;
  each event says what it is about (``phase_index``, ``elapsed``).
- **Each call said once a phase.** Halfway through a work phase, and 3, 2, 1 before the
  end of a phase whose kind counts down (only the latest number if ticks lag); an
  extension lets the numbers it moves away sound again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from limber.core.events import EventKind, SessionEvent
from limber.core.phases import PHASES
from limber.core.plan_model import Plan

COUNTDOWN = (3, 2, 1)
HALFWAY = 0
"""Marks the halfway event as said, beside the countdown's numbers."""


class Announcer:
    """Queues a session's events and hands them, in order, to one handler."""

    def __init__(self, plan: Plan, on_event: Callable[[SessionEvent], None] | None) -> None:
        self._plan = plan
        self._on_event = on_event
        self._said: set[int] = set()
        """The calls of the current phase already made: :data:`HALFWAY` and 3, 2, 1."""
        self._queue: deque[SessionEvent] = deque()
        self._delivering = False

    def emit(self, kind: EventKind, index: int, *, elapsed: float, **fields: Any) -> None:
        """Queue an event; one about a phase (``index`` ≥ 0) describes that phase."""
        phase = self._plan.phases[index] if index >= 0 else None
        if phase is not None:
            fields.update(
                stretch_id=phase.stretch_id,
                side=phase.side,
                phase_kind=phase.kind,
                stretch_name=phase.stretch_name,
                position=phase.position,
                phase_seconds=phase.seconds,
                round=phase.round,
                rounds=phase.rounds,
            )
        self._queue.append(
            SessionEvent(
                kind=kind,
                routine_id=self._plan.routine_id,
                phase_index=index,
                elapsed=elapsed,
                **fields,
            )
        )

    def phase_started(self, index: int, elapsed: float) -> None:
        """A phase begins: nothing of it said yet; ``switch-sides`` if its kind switches."""
        self._said = set()
        self.emit("phase-started", index, elapsed=elapsed)
        if PHASES[self._plan.phases[index].kind].switches_side:
            self.emit("switch-sides", index, elapsed=elapsed)

    def countdown(self, index: int, left: float, length: float, done: float) -> None:
        """Announce halfway through a work phase, then 3, 2, 1 as ``left`` reaches each.

        ``length`` is the phase's seconds with extensions, ``done`` the active seconds
        before it began; the events' ``elapsed`` is the moment each call was due.
        """
        phase = self._plan.phases[index]
        if phase.work and HALFWAY not in self._said and left <= length / 2:
            self._said.add(HALFWAY)
            self.emit("halfway", index, elapsed=done + length / 2)
        if not PHASES[phase.kind].countdown:
            return
        due = [n for n in COUNTDOWN if n not in self._said and left <= n]
        if due:
            self._said.update(due)
            n = min(due)
            self.emit("countdown", index, seconds_left=n, elapsed=done + max(0.0, length - n))

    def extended(self, left: float) -> None:
        """The phase was given more time: the numbers now ahead of it sound again."""
        self._said = {n for n in self._said if n >= left or n == HALFWAY}

    def waits(self, index: int, remaining: float, length: float) -> list[float]:
        """Seconds until each call of the phase still to come, and until its end."""
        waits = [remaining]
        phase = self._plan.phases[index]
        if phase.work and HALFWAY not in self._said:
            waits.append(remaining - length / 2)
        if PHASES[phase.kind].countdown:
            waits += [remaining - n for n in COUNTDOWN if n not in self._said]
        return waits

    def deliver(self) -> None:
        """Hand the queued events to the handler, unless already doing so further up."""
        if self._delivering:
            return
        self._delivering = True
        try:
            while self._queue:
                event = self._queue.popleft()
                if self._on_event is not None:
                    self._on_event(event)
        finally:
            self._delivering = False
