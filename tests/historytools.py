"""Helpers for the history tests: a settable wall clock and sessions made in one call."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from datetime import UTC, date, datetime, timedelta
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


def fill_history(path: Path, sessions: int, *, phases: int = 2) -> None:
    """``sessions`` completed sessions (one a day-ish, oldest first) and ``phases`` phases
    each, written straight into the file by SQL: seconds for a million, for measuring."""
    import sqlite3

    open_store(path).stats(datetime(2024, 5, 15).date())  # creates the file and schema
    with open_store(path) as store:
        store.begin("core/x", "X", "core", "1", 1, None)  # make sure the schema is there
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM sessions")
    conn.execute("BEGIN")
    conn.execute(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO sessions (uid, routine_id, routine_name, pack, pack_version, started_utc,
            utc_offset_minutes, local_day, ended_utc, status, planned_seconds,
            active_seconds, pain_before, pain_after, note)
        SELECT 'uid-' || i, 'core/post-run', 'Post-run lower-back relief', 'core', '0.1.0',
            strftime('%Y-%m-%dT%H:%M:%SZ', 1000000000 + i * 600, 'unixepoch'), 0,
            date(1000000000 + i * 600, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%SZ', 1000000000 + i * 600 + 300, 'unixepoch'),
            'completed', 300, 290, i % 11, (i + 3) % 11, CASE WHEN i % 7 = 0 THEN 'ok' ELSE '' END
        FROM n
        """,
        (sessions,),
    )
    for number in range(phases):
        side = ("left", "right")[number % 2]
        conn.execute(
            "INSERT INTO phases (session_id, idx, stretch_id, stretch_name, side, kind,"
            " planned_seconds, done_seconds, skipped, ended_utc)"
            " SELECT id, ?, 'core/knee-hug', 'Knee hug', ?, 'hold', 30, 30, 0, ended_utc"
            " FROM sessions",
            (number, side),
        )
    conn.execute("COMMIT")
    conn.close()


def at(day: str, hour: int = 8) -> datetime:
    """``2024-05-06`` at ``hour`` o'clock, UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def four_sessions(folder: Path) -> list:  # type: ignore[type-arg]
    """The report's history: completed 4 → 2 (left and right piriformis); ended early;
    stopped for pain on the left piriformis, 6 → 7, as the "this hurts" flow records it;
    interrupted."""
    from limber.core.events import StopPoint
    from limber.core.recorder import STOP_PAIN

    clock = WallClock()
    store = open_store(folder / "h.sqlite3", clock)
    left = PhaseResult(phase(0, side="left", stretch="Piriformis stretch"), 30, False)
    right = PhaseResult(phase(1, side="right", stretch="Piriformis stretch"), 12, True)
    add_session(store, clock, at("2024-05-06"), pain=(4, 2), results=[left, right])
    add_session(store, clock, at("2024-05-07"), pain=(5, None), status="ended-early", minutes=3)
    hurt = add_session(store, clock, at("2024-05-08"), pain=(6, None), status="in-progress")
    assert store.record_stop(hurt, StopPoint("core/piriformis", "Piriformis stretch", "left", 0, 7))
    assert store.finish(hurt, "ended-early", 12 * 60, pain_after=7, stop_reason=STOP_PAIN)
    add_session(store, clock, at("2024-05-09"), status="interrupted", minutes=1)
    return store.sessions()


def exported(
    store: HistoryStore, fmt: str, since: date | None = None, *, goal_sessions: int = 3
) -> str:
    """What ``limber history export --format FMT`` writes for ``store``, through the
    command's own dispatch (the format table), captured."""
    from limber.commands.history_cmds import export
    from limber.core.settings import Settings

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    with redirect_stdout(out):
        export(store, Settings(weekly_goal_sessions=goal_sessions), fmt, since)
        out.flush()
    return raw.getvalue().decode("utf-8")


def markdown(records: list, context: object = None, since: date | None = None) -> str:  # type: ignore[type-arg]
    """The Markdown report of ``records``: the one layout (``sections.build``) with
    ``context`` (a ``ReportContext``; the default: an empty one), rendered."""
    from limber.core.history.markdown import render
    from limber.core.history.reportparts import ReportContext
    from limber.core.history.sections import build

    return render(build(records, context or ReportContext(), since))  # type: ignore[arg-type]
