"""The guided-session engine: a state machine over a :class:`Plan`, on an injected clock.

Why it is built this way:

- **Deadlines, not tick counts.** The time left is always ``deadline - clock()``. When
  the caller ticks late, every phase whose deadline has passed ends at its deadline and
  the next one starts *at that deadline*, not "now", so boundaries never drift however
  irregular the ticks are. Pausing freezes the time left; resuming moves the deadline.
- **A sleep guard.** A laptop lid closed mid-session makes the monotonic clock leap.
  Racing through the phases that "passed" while asleep would be wrong, so a leap of
  more than :data:`JUMP_LIMIT` seconds since the last tick pauses the session at the
  last tick's time (``paused_reason == "clock-jump"``) and emits nothing for the gap.
- **No I/O, no threads.** The UI calls :meth:`SessionEngine.tick` a few times a second
  (or sleeps for :attr:`SessionEngine.until_next_event`); tests drive a fake clock.
- **Events after state.** What the session says is :mod:`limber.core.session_events`:
  events are queued while a call changes state and delivered, in order, once the state
  has settled, so a handler may call the engine again. A ``phase-done`` event is
  delivered after its :class:`PhaseResult` is in :attr:`SessionEngine.results`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import msgspec

from limber.core.events import EventKind, SessionEvent
from limber.core.phases import PHASES
from limber.core.plan import Phase, Plan
from limber.core.session_events import Announcer

Clock = Callable[[], float]
"""Monotonic seconds, such as ``time.monotonic``."""
State = Literal["ready", "running", "paused", "finished"]
Status = Literal["", "completed", "ended-early"]

JUMP_LIMIT = 60.0
"""A clock leap longer than this since the last tick is taken for sleep, not time spent."""
RESTART_AFTER = 3.0
""":meth:`SessionEngine.back` restarts the phase when further in than this; else goes back."""


class PhaseResult(msgspec.Struct, frozen=True):
    """How a phase went, recorded when it ends; the history store commits each one."""

    phase: Phase
    done_seconds: float
    """Active seconds spent in it (more than planned if it was extended)."""
    skipped: bool
    """Left before its time was up: skipped, gone back from, or the session ended."""


class SessionEngine:
    """Runs a plan: start, pause, resume, skip, back, extend, end, and tick."""

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        on_event: Callable[[SessionEvent], None] | None = None,
        *,
        jump_limit: float = JUMP_LIMIT,
    ) -> None:
        self.plan = plan
        self._clock = clock
        self._jump_limit = jump_limit
        self._state: State = "ready"
        self._status: Status = ""
        self.paused_reason: Literal["", "user", "clock-jump"] = ""
        self._index = -1
        self._phase_started_at = 0.0
        """Clock time the current phase started, moved forward by pauses."""
        self._phase_length = 0.0
        """The current phase's seconds, plus extensions."""
        self._paused_at = 0.0
        self._last = 0.0
        """Clock time of the last tick or action, for the sleep guard."""
        self._active_done = 0.0
        """Active seconds of the phases (and restarted parts) already behind us."""
        self._final_progress = 0.0
        self._results: list[PhaseResult] = []
        self._events = Announcer(plan, on_event)

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def status(self) -> Status:
        """``completed`` or ``ended-early`` once finished; empty before."""
        return self._status

    @property
    def index(self) -> int:
        """The current phase's index: -1 before the start, ``len(phases)`` once completed."""
        return self._index

    @property
    def current(self) -> Phase | None:
        """The phase under way (running or paused), else None."""
        if self._state in ("running", "paused"):
            return self.plan.phases[self._index]
        return None

    @property
    def phase_seconds(self) -> float:
        """The current phase's length including extensions (for a per-phase bar)."""
        return self._phase_length if self.current is not None else 0.0

    @property
    def remaining(self) -> float:
        """Seconds left in the current phase: deadline minus now, frozen while paused."""
        if self.current is None:
            return 0.0
        return max(0.0, self._deadline - self._now())

    @property
    def phase_elapsed(self) -> float:
        if self.current is None:
            return 0.0
        return min(self._phase_length, max(0.0, self._now() - self._phase_started_at))

    @property
    def session_elapsed(self) -> float:
        """Active seconds so far: pauses and sleep excluded, extensions included."""
        return self._active_done + self.phase_elapsed

    @property
    def active_seconds(self) -> float:
        """The same as :attr:`session_elapsed`; the name the history store records."""
        return self.session_elapsed

    @property
    def progress(self) -> float:
        """How far through the plan, 0 to 1 (a skip jumps it, an extension slows it)."""
        phase = self.current
        if phase is None:
            return self._final_progress
        total = self.plan.total_seconds
        share = self.phase_elapsed / self._phase_length if self._phase_length > 0 else 1.0
        return min(1.0, (phase.start + phase.seconds * share) / total) if total > 0 else 1.0

    @property
    def skipped_work(self) -> int:
        """Work phases left early and not done since (skipped, then redone with b: not)."""
        last: dict[int, bool] = {}
        for result in self._results:
            if result.phase.work:
                last[result.phase.index] = result.skipped
        return sum(last.values())

    @property
    def results(self) -> list[PhaseResult]:
        """One result per phase ended so far, in the order they ended."""
        return list(self._results)

    @property
    def until_next_event(self) -> float | None:
        """Seconds until a tick could next change something (a countdown or a deadline).

        Lets a caller sleep exactly that long instead of polling; None unless running.
        """
        if self._state != "running":
            return None
        remaining = self._deadline - self._clock()
        return max(0.0, min(self._events.waits(self._index, remaining, self._phase_length)))

    # -- acting ----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin with the first phase. Does nothing unless the session is ready."""
        if self._state != "ready":
            return
        now = self._clock()
        self._state = "running"
        self._last = now
        self._emit("session-started")
        self._begin(0, now)
        self._advance(now)
        self._deliver()

    def tick(self) -> None:
        """Catch up with the clock: countdowns, phase ends, the next phases."""
        self._catch_up()
        self._deliver()

    def pause(self) -> None:
        self._catch_up()
        if self._state == "running":
            self._pause(self._clock(), "user")
        self._deliver()

    def resume(self) -> None:
        """Carry on from where the pause began; the time paused is not counted."""
        self._catch_up()
        if self._state == "paused":
            now = self._clock()
            self._phase_started_at += now - self._paused_at
            self._state = "running"
            self.paused_reason = ""
            self._last = now
            self._advance(now)
        self._deliver()

    def toggle_pause(self) -> None:
        if self._state == "running":
            self.pause()
        elif self._state == "paused":
            self.resume()

    def skip(self) -> None:
        """End the current phase now (marked skipped) and start the next; a pause stays."""
        self._catch_up()
        if self.current is not None:
            now = self._now()
            self._end_phase(now, skipped=True)
            self._begin(self._index + 1, now)
        self._deliver()

    def back(self) -> None:
        """Restart the phase if more than 3 s into it; else go back a stretch.

        "Back a stretch" is the start of the previous block of work (one hold, or all the
        positions of one side of a flow), from the get-ready or switch-sides before it.
        """
        self._catch_up()
        if self.current is not None:
            now = self._now()
            target = self._index
            if self.phase_elapsed <= RESTART_AFTER:
                target = self._back_target()
            if target == self._index:
                self._active_done += self.phase_elapsed
                self._begin(self._index, now)
            else:
                self._end_phase(now, skipped=True)
                self._begin(target, now)
        self._deliver()

    def extend(self, seconds: float = 10) -> None:
        """Give the current phase ``seconds`` more; its countdown will sound again."""
        if seconds <= 0:
            raise ValueError("extend() takes a positive number of seconds")
        self._catch_up()
        if self.current is not None:
            self._phase_length += seconds
            self._events.extended(self._deadline - self._now())
        self._deliver()

    def end(self) -> None:
        """Stop now; the session finishes as ``ended-early``. Only once it has started."""
        self._catch_up()
        if self.current is not None:
            self._end_phase(self._now(), skipped=True)
            self._finish("ended-early")
        self._deliver()

    # -- inside ----------------------------------------------------------------------------

    @property
    def _deadline(self) -> float:
        return self._phase_started_at + self._phase_length

    def _now(self) -> float:
        return self._paused_at if self._state == "paused" else self._clock()

    def _catch_up(self) -> None:
        if self._state != "running":
            return
        now = self._clock()
        if now - self._last > self._jump_limit:
            self._pause(self._last, "clock-jump")
            return
        self._last = now
        self._advance(now)

    def _pause(self, at: float, reason: Literal["user", "clock-jump"]) -> None:
        self._state = "paused"
        self._paused_at = at
        self.paused_reason = reason

    def _advance(self, now: float) -> None:
        """End every phase whose deadline has passed, each next one starting at it."""
        while self._state == "running" and now >= self._deadline:
            boundary = self._deadline
            self._end_phase(boundary, skipped=False)
            self._begin(self._index + 1, boundary)
        if self._state == "running":
            left = self._deadline - now
            self._events.countdown(self._index, left, self._phase_length, self._active_done)

    def _begin(self, index: int, at: float) -> None:
        if index >= len(self.plan.phases):
            self._index = len(self.plan.phases)
            self._finish("completed")
            return
        phase = self.plan.phases[index]
        self._index = index
        self._phase_started_at = at
        self._phase_length = phase.seconds
        self._events.phase_started(index, self._active_done)

    def _end_phase(self, at: float, *, skipped: bool) -> None:
        done = min(self._phase_length, max(0.0, at - self._phase_started_at))
        self._active_done += done
        self._results.append(PhaseResult(self.plan.phases[self._index], done, skipped))
        self._emit("phase-done", self._index)

    def _finish(self, status: Literal["completed", "ended-early"]) -> None:
        self._final_progress = 1.0 if status == "completed" else self.progress
        self._state = "finished"
        self._status = status
        self.paused_reason = ""
        self._emit("session-done", status=status)

    def _back_target(self) -> int:
        phases = self.plan.phases
        earlier = [p for p in phases[: self._index] if p.work]
        if not earlier:
            return 0
        start = earlier[-1]
        block = (start.step_index, start.round, start.side)
        target = start.index
        while target > 0 and phases[target - 1].work:
            before = phases[target - 1]
            if (before.step_index, before.round, before.side) != block:
                break
            target -= 1
        if target > 0 and PHASES[phases[target - 1].kind].lead_in:
            target -= 1
        return target

    def _emit(self, kind: EventKind, index: int = -1, **fields: Any) -> None:
        fields.setdefault("elapsed", self._active_done)
        self._events.emit(kind, index, **fields)

    def _deliver(self) -> None:
        self._events.deliver()
