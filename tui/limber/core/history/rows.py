"""Sessions and phases as rows: reading them into records, and adding imported ones.

Plain functions on a connection; :mod:`limber.core.history.store` owns the file, the lock
and the error handling around them.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from itertools import groupby
from operator import itemgetter

from limber.core.history.model import PhaseRecord, SessionRecord, local_day


def read_sessions(
    conn: sqlite3.Connection, *, since: date | None, limit: int | None, phases: bool
) -> list[SessionRecord]:
    """Sessions oldest first (with ``limit``: the newest ``limit``, still oldest first)."""
    where, args = ("WHERE local_day >= ?", [since.isoformat()]) if since else ("", [])
    sql = f"SELECT id, {', '.join(_SESSION_COLUMNS)} FROM sessions {where}"
    sql += " ORDER BY started_utc DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit):d}"
    rows = conn.execute(sql, args).fetchall()[::-1]
    by_session: dict[int, list[PhaseRecord]] = {}
    if phases and rows:
        whole = since is None and limit is None
        by_session = _phases_of(conn, [row[0] for row in rows], whole=whole)
    return [
        SessionRecord(*row[1:], phases=tuple(by_session.get(row[0], ())))  # type: ignore[misc]
        for row in rows
    ]


_SESSION_COLUMNS = tuple(name for name in SessionRecord.__struct_fields__ if name != "phases")
_PHASE_COLUMNS = PhaseRecord.__struct_fields__
_SKIPPED = _PHASE_COLUMNS.index("skipped")


def _phases_of(
    conn: sqlite3.Connection, ids: list[int], *, whole: bool
) -> dict[int, list[PhaseRecord]]:
    """Phases of the sessions ``ids`` (of every session with ``whole``), in order."""
    sql = f"SELECT session_id, {', '.join(_PHASE_COLUMNS)} FROM phases"
    batches: list[list[int]] = (
        [[]] if whole else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    )
    found: dict[int, list[PhaseRecord]] = {}
    skipped = _SKIPPED + 1  # in a row, after session_id
    for batch in batches:
        where = "" if whole else f" WHERE session_id IN ({', '.join('?' * len(batch))})"
        rows = conn.execute(f"{sql}{where} ORDER BY session_id, id", batch)
        for session_id, group in groupby(rows, key=itemgetter(0)):  # 400,000 in a big export
            found[session_id] = [
                PhaseRecord(*row[1:skipped], bool(row[skipped]), *row[skipped + 1 :])  # type: ignore[call-arg]
                for row in group
            ]
    return found


def insert_records(conn: sqlite3.Connection, records: list[SessionRecord]) -> int:
    """Add the sessions whose uid is new, with their phases; how many were added."""
    added = 0
    for record in records:
        values = [getattr(record, name) for name in _SESSION_COLUMNS]
        values.append(local_day(record.started_utc, record.utc_offset_minutes))
        cursor = conn.execute(
            f"INSERT INTO sessions ({', '.join(_SESSION_COLUMNS)}, local_day)"
            f" VALUES ({', '.join('?' * (len(_SESSION_COLUMNS) + 1))})"
            " ON CONFLICT (uid) DO NOTHING",
            values,
        )
        if cursor.rowcount == 0:
            continue
        added += 1
        conn.executemany(
            f"INSERT INTO phases (session_id, {', '.join(_PHASE_COLUMNS)})"
            f" VALUES (?, {', '.join('?' * len(_PHASE_COLUMNS))})",
            [
                (cursor.lastrowid, *(getattr(phase, name) for name in _PHASE_COLUMNS))
                for phase in record.phases
            ],
        )
    return added
