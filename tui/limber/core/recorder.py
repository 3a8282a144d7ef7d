"""Bridges a running session to the history store: one committed row per finished phase.

The app and ``limber run --plain`` both record through this, so a session is stored the
same way whichever way it was run. The store never raises on a failed write; the
recorder exposes its one-sentence ``problem`` for the caller to show once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber.core.events import StopPoint

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from limber.core.events import SessionEvent
    from limber.core.history.store import HistoryStore
    from limber.core.programme_model import Programme
    from limber.core.session import SessionEngine

STOP_PAIN = "this-hurts"
"""The stop reason recorded when the runner ends a session because it hurts."""


class SessionRecorder:
    def __init__(
        self,
        store: HistoryStore | None,
        engine: SessionEngine,
        *,
        pack_version: str = "",
        pain_before: int | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.stop_reason = ""
        self.pain_before = pain_before
        self.stopped_at: StopPoint | None = None
        """Where the runner stopped because it hurt, and the pain then."""
        self.rules: tuple[Programme, int, Callable[[], datetime]] | None = None
        """The programme (and week) this session counts for, and the wall clock: each
        of its author's rules a rating crosses is logged with that rating."""
        plan = engine.plan
        pack = plan.routine_id.partition("/")[0]
        self.session_id = (
            store.begin(
                plan.routine_id,
                plan.routine_name,
                pack,
                pack_version,
                plan.total_seconds,
                pain_before,
            )
            if store is not None
            else None
        )

    @property
    def problem(self) -> str | None:
        """Why the session is not being saved, if it is not."""
        return self.store.save_problem if self.store is not None else None

    def on_event(self, event: SessionEvent) -> None:
        """Feed every engine event here; it records what history needs."""
        if self.store is None or self.session_id is None:
            return
        if event.kind == "phase-done":
            for result in reversed(self.engine.results):
                if result.phase.index == event.phase_index:
                    self.store.record_phase(self.session_id, result)
                    break
        elif event.kind == "session-done":
            self.store.finish(
                self.session_id,
                self.engine.status or "ended-early",
                self.engine.active_seconds,
                stop_reason=self.stop_reason,
            )

    def stop_because_it_hurts(self, pain: int | None = None) -> None:
        """End the session now, recording why, where (stretch, side, phase) and the pain."""
        self.stop_reason = STOP_PAIN
        phase = self.engine.current
        if phase is not None:
            self.stopped_at = StopPoint(
                phase.stretch_id, phase.stretch_name, phase.side, phase.index, pain
            )
        else:
            self.stopped_at = StopPoint("", "", "", -1, pain)
        if self.store is not None and self.rules is not None:
            self._rate(stop=self.stopped_at)
        elif self.store is not None:
            self.store.record_stop(self.session_id, self.stopped_at)
        self.engine.end()

    def pain_after(self, value: int | None) -> None:
        """Record the pain after (and, in one transaction, the author's rules it crosses)."""
        if self.store is None or value is None:
            return
        if self.rules is not None:
            self._rate(after=value)
        else:
            self.store.set_pain_after(self.session_id, value)

    def _rate(self, *, after: int | None = None, stop: StopPoint | None = None) -> None:
        # off the start-up path: only a programme's session has rules (crossings: sqlite3)
        from limber.core.crossings import rate
        from limber.core.history.model import check_pain

        assert self.store is not None and self.rules is not None
        check_pain(after if stop is None else stop.pain)
        programme, week, now = self.rules
        rate(self.store, programme, self.session_id, week, now(), after=after, stop=stop)

    def note(self, text: str) -> None:
        if self.store is not None and text:
            self.store.set_note(self.session_id, text)
