"""Helpers for the history tests: a settable wall clock and sessions made in one call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from limber.core.history.store import HistoryStore
from limber.core.plan import Phase
from limber.core.session import PhaseResult


class WallClock:
    """An aware UTC "now" and a local UTC offset (minutes), both set by the test."""

    def __init__(self, now: datetime | None = None, offset: int = 0) -> None:
        self.now = now or datetime(2024, 5, 15, 8, 0, tzinfo=UTC)
        self.offset = offset

    def __call__(self) -> datetime:
        return self.now

    def offset_at(self, _moment: datetime) -> int:
        return self.offset

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def open_store(path: Path, clock: WallClock | None = None) -> HistoryStore:
    clock = clock or WallClock()
    return HistoryStore(path, now=clock, utc_offset=clock.offset_at)


def phase(
    index: int,
    kind: str = "hold",
    *,
    side: str = "",
    stretch: str = "Knee hug",
    seconds: float = 30.0,
) -> Phase:
    return Phase(
        index=index,
        kind=kind,  # type: ignore[arg-type]
        start=0.0,
        seconds=seconds,
        stretch_id=f"core/{stretch.lower().replace(' ', '-')}",
        stretch_name=stretch,
        side=side,
        step_index=0,
        round=1,
        rounds=1,
        instruction="Hold.",
        work=kind in ("hold", "flow", "reps"),
    )


def add_session(
    store: HistoryStore,
    clock: WallClock,
    start: datetime,
    *,
    minutes: float = 12.0,
    status: str = "completed",
    routine: str = "Post-run lower-back relief",
    offset: int | None = None,
    pain: tuple[int | None, int | None] = (None, None),
    note: str = "",
    results: list[PhaseResult] | None = None,
) -> int:
    """A whole session started at ``start`` (UTC), ``minutes`` of active time."""
    clock.now = start
    if offset is not None:
        clock.offset = offset
    sid = store.begin("core/post-run", routine, "core", "0.1.0", minutes * 60, pain[0])
    assert sid is not None, store.save_problem
    for result in results or [PhaseResult(phase(0), minutes * 60, False)]:
        clock.advance(seconds=result.done_seconds)
        assert store.record_phase(sid, result)
    if status != "in-progress":
        assert store.finish(sid, status, minutes * 60, pain_after=pain[1], note=note)
    return sid
