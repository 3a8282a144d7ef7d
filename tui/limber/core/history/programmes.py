"""The programme side of the history file: the programme log, sessions tagged with their
programme and week, and adherence counted from them.

Part of the history package, so it uses the store's own write and read paths (its lock,
its error handling, its refusal to write a newer file) rather than a second connection.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from limber.core.history.model import DONE_SQL, WORK_KINDS_SQL, SideRow, stamp

if TYPE_CHECKING:
    from datetime import datetime

    from limber.core.history.store import HistoryStore

LOG_KINDS = ("started", "paused", "resumed", "ended", "threshold-crossed", "contact-shown")
"""``contact-shown``: the app showed the author's contact and advice after a rule was crossed."""


class LogEntry(NamedTuple):
    """One row of the programme log."""

    programme_id: str
    kind: str
    at_utc: str
    week: int
    session_id: int | None
    detail: str


def log(
    store: HistoryStore,
    programme_id: str,
    kind: str,
    at: datetime,
    *,
    week: int = 0,
    session_id: int | None = None,
    detail: str = "",
) -> bool:
    """Add one entry to the programme log; False if it could not be saved."""
    if kind not in LOG_KINDS:
        raise ValueError(f"unknown programme log kind {kind!r}")
    values = (programme_id, kind, stamp(at), week, session_id, detail)

    def insert(conn: sqlite3.Connection) -> bool:
        conn.execute(
            "INSERT INTO programme_log (programme_id, kind, at_utc, week, session_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            values,
        )
        return True

    return store._write(insert) or False


def entries(store: HistoryStore, programme_id: str | None = None) -> list[LogEntry]:
    """The log, oldest first (of one programme, or of all)."""
    sql = "SELECT programme_id, kind, at_utc, week, session_id, detail FROM programme_log"
    args: tuple[str, ...] = ()
    if programme_id is not None:
        sql, args = sql + " WHERE programme_id = ?", (programme_id,)
    with store._reading() as conn:
        if conn is None:
            return []
        try:
            return [LogEntry(*row) for row in conn.execute(sql + " ORDER BY at_utc, id", args)]
        except sqlite3.Error:
            return []


def tag_session(store: HistoryStore, session_id: int | None, programme_id: str, week: int) -> bool:
    """Mark a session as one of ``programme_id``'s, in week ``week``."""
    return store._update(
        "UPDATE sessions SET programme_id = ?, programme_week = ? WHERE id = ?",
        (programme_id, week, session_id),
    )


class Done(msgspec.Struct, frozen=True):
    """A programme's sessions since it was started: completed ones per week (every week
    a session of it was tagged with is a key, 0 when none was done), the last done."""

    per_week: dict[int, int]
    last_utc: str | None


def done(store: HistoryStore, programme_id: str, since_utc: str, *, since_day: str = "") -> Done:
    """Sessions of ``programme_id`` started at or after ``since_utc`` (and on or after the
    local day ``since_day``), counted per week when they completed with
    :data:`~limber.core.history.model.DONE_SHARE` of their time done. The one count of
    adherence: the programme followed and the report both read it."""
    counted = f"status = 'completed' AND {DONE_SQL}"
    with store._reading() as conn:
        if conn is None:
            return Done({}, None)
        try:
            rows = conn.execute(
                f"SELECT programme_week, SUM({counted}),"
                f" MAX(CASE WHEN {counted} THEN started_utc END) FROM sessions"
                " WHERE programme_id = ? AND started_utc >= ? AND local_day >= ?"
                " AND programme_week > 0 GROUP BY programme_week",
                (programme_id, since_utc, since_day),
            ).fetchall()
        except sqlite3.Error:
            return Done({}, None)
    last = max((row[2] for row in rows if row[2] is not None), default=None)
    return Done({row[0]: int(row[1]) for row in rows}, last)


def session_pain(store: HistoryStore, session_id: int | None) -> tuple[int | None, ...] | None:
    """``(pain_before, pain_after, stopped_for_pain)`` of one session, as stored."""
    if session_id is None:
        return None
    with store._reading() as conn:
        if conn is None:
            return None
        row = conn.execute(
            "SELECT pain_before, pain_after, stop_reason = 'this-hurts' FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
    return tuple(row) if row is not None else None


def side_rows(
    store: HistoryStore, since_day: str = "", programme_id: str | None = None
) -> list[SideRow]:
    """Per stretch and side, in SQL (a long history has hundreds of thousands of phases):
    see :data:`SideRow`."""
    sql = (
        "SELECT CASE WHEN p.stretch_name = '' THEN p.stretch_id ELSE p.stretch_name END AS name,"
        " CASE WHEN p.side = '' THEN '-' ELSE p.side END AS side_, SUM(1 - p.skipped),"
        " COUNT(*), SUM(p.done_seconds), SUM(p.skipped), SUM(p.planned_seconds),"
        " MAX(p.kind = 'reps'), MIN(p.stretch_id)"
        " FROM phases p JOIN sessions s ON s.id = p.session_id"
        f" WHERE p.kind IN {WORK_KINDS_SQL} AND s.local_day >= ?"
    )
    args: list[str] = [since_day]
    if programme_id is not None:
        sql, args = sql + " AND s.programme_id = ?", [*args, programme_id]
    with store._reading() as conn:
        if conn is None:
            return []
        rows = conn.execute(sql + " GROUP BY name, side_ ORDER BY name, side_", args).fetchall()
    return [
        (r[0], r[1], int(r[2]), int(r[3]), float(r[4]), int(r[5]), float(r[6]), bool(r[7]), r[8])
        for r in rows
    ]
