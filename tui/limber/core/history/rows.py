"""Sessions and phases as rows: reading them into records, and adding imported ones.

Plain functions on a connection; :mod:`limber.core.history.store` owns the file, the lock
and the error handling around them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta, timezone
from functools import lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, Protocol

from limber.core.history.model import (
    DONE_SQL,
    PhaseRecord,
    RecentSession,
    SessionRecord,
    parse_stamp,
)


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


def csv_rows(
    conn: sqlite3.Connection, columns: Sequence[str], *, since: date | None
) -> sqlite3.Cursor:
    """The CSV export's rows (``columns``, named as in ``export.CSV_COLUMNS``), oldest
    first, as tuples straight from the cursor, each cell as
    :func:`limber.core.history.export.to_csv` writes it: the same bytes, but worked out
    by SQLite (times, formula guards) rather than per session in Python; only the
    minutes are rounded in Python (as Python rounds), called from the query."""
    cells = csv_cells_sql(columns)
    register_csv_functions(conn)
    where, args = ("WHERE local_day >= ?", [since.isoformat()]) if since else ("", [])
    return conn.execute(f"SELECT {cells} FROM sessions {where} ORDER BY started_utc, id", args)


def csv_cells_sql(columns: Sequence[str]) -> str:
    """The cells of :func:`csv_rows`, as the list of a ``SELECT`` on ``sessions`` (they
    call :func:`register_csv_functions`' functions)."""
    missing = [name for name in columns if name not in CSV_CELLS]
    if missing:
        raise ValueError(f"no SQL for the CSV column(s) {', '.join(missing)} in CSV_CELLS")
    return ", ".join(_csv_cell(*CSV_CELLS[name]) for name in columns)


def register_csv_functions(conn: sqlite3.Connection) -> None:
    """The Python functions the CSV cells' SQL calls, on ``conn``."""
    conn.create_function("limber_minutes", 1, minutes_text, deterministic=True)
    # The CSV export only: the export module (csv, io, jsonout) stays off the history pane.
    from limber.core.history.export import neutralise

    conn.create_function("limber_cell", 1, neutralise, deterministic=True)


_OFFSET = "utc_offset_minutes || ' minutes'"
CSV_CELLS: dict[str, tuple[str, str]] = {
    "date": ("time", f"date(started_utc, {_OFFSET})"),
    "started_local": (
        "time",
        f"strftime('%Y-%m-%dT%H:%M:%S', started_utc, {_OFFSET})"
        " || CASE WHEN utc_offset_minutes < 0 THEN '-' ELSE '+' END"
        " || printf('%02d:%02d', abs(utc_offset_minutes) / 60, abs(utc_offset_minutes) % 60)",
    ),
    "routine_id": ("text", "routine_id"),
    "routine_name": ("text", "routine_name"),
    "pack": ("text", "pack"),
    "status": ("text", "status"),
    "planned_minutes": ("minutes", "planned_seconds"),
    "active_minutes": ("minutes", "active_seconds"),
    "pain_before": ("plain", "pain_before"),
    "pain_after": ("plain", "pain_after"),
    "note": ("text", "note"),
    "stop_reason": ("text", "stop_reason"),
    "uid": ("text", "uid"),
    "stop_stretch_id": ("text", "stop_stretch_id"),
    "stop_stretch_name": ("text", "stop_stretch_name"),
    "stop_side": ("text", "stop_side"),
    "stop_phase": ("plain", "CASE WHEN stop_phase >= 0 THEN stop_phase ELSE '' END"),
    "pain_at_stop": ("plain", "pain_at_stop"),
}
"""Each CSV column: its kind and its SQL. ``text`` loses its invisible characters and
gets a leading ``'`` where it starts as a formula would (``export.neutralise``),
``minutes`` are seconds rounded in Python to a tenth of a minute, ``plain`` is written as
it comes (a number; ``time``: text or nothing). A new column in
``export.CSV_COLUMNS`` needs its line here (a test compares this with ``to_csv``)."""


def _csv_cell(kind: str, sql: str) -> str:
    if kind == "minutes":
        return f"limber_minutes({sql})"
    if kind != "text":
        return sql
    # Only text beyond ASCII can hold an invisible character: export.neutralise makes
    # such a cell. A cell is ASCII when its characters are as many as its bytes (a test
    # far cheaper than a GLOB; a NUL, which ends SQLite's count, sends it to Python too).
    ascii_ = f"length({sql}) = length(CAST({sql} AS BLOB))"
    risky = "('=', '+', '-', '@', char(9), char(13))"  # export._FORMULA_START
    return (
        f"CASE WHEN NOT {ascii_} THEN limber_cell({sql})"
        f" WHEN substr({sql}, 1, 1) IN {risky} THEN '''' || {sql} ELSE {sql} END"
    )


@lru_cache(maxsize=4096)  # the same few durations come back again and again
def minutes_text(seconds: float) -> str:
    """A CSV minutes cell: ``round(seconds / 60, 1)`` as Python writes it, guarded."""
    text = str(round(seconds / 60, 1))
    return "'" + text if text.startswith("-") else text


def read_page(conn: sqlite3.Connection, offset: int, limit: int) -> list[RecentSession]:
    """Sessions newest first, from ``offset``: one page of the history screen's list.

    SQLite walks past every skipped row of an ``OFFSET``, so a page in the older half is
    read from the oldest end instead: no page costs more than half the history.
    """
    columns = (
        "SELECT id, started_utc, utc_offset_minutes, routine_name, status, active_seconds,"
        " pain_before, pain_after, note, stop_reason = 'this-hurts', pain_at_stop,"
        f" {DONE_SQL} FROM sessions"
    )
    offset, limit = max(0, offset), max(0, limit)
    total = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] if offset > 1000 else 0
    if offset > total // 2 > 0:
        from_oldest = max(0, total - offset - limit)
        rows = conn.execute(
            f"{columns} ORDER BY started_utc, id LIMIT ? OFFSET ?",
            (min(limit, total - offset), from_oldest),
        ).fetchall()[::-1]
    else:
        rows = conn.execute(
            f"{columns} ORDER BY started_utc DESC, id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
    return [
        RecentSession(
            id=row[0],
            local_start=parse_stamp(row[1]).astimezone(timezone(timedelta(minutes=row[2]))),
            routine_name=row[3],
            status=row[4],
            active_minutes=row[5] / 60,
            pain_before=row[6],
            pain_after=row[7],
            note=row[8],
            stopped_for_pain=bool(row[9]),
            pain_at_stop=row[10],
            counts=bool(row[11]),
        )
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


def insert_records(
    conn: sqlite3.Connection, batches: Iterable[Sequence[NewSession]]
) -> tuple[int, int]:
    """Add the sessions whose uid is new, with their phases: ``(added, already there)``.

    A batch at a time, in bulk (``executemany`` from generators, each new session given
    the next id, which its phases take), so a million sessions import in seconds and
    only one batch is ever held as Python objects. Within the caller's transaction.
    """
    known = {uid for (uid,) in conn.execute("SELECT uid FROM sessions")}
    first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM sessions").fetchone()[0]
    added = seen = 0
    indexes: list[tuple[str, str]] = []
    for batch in batches:
        seen += len(batch)
        new = []
        for session in batch:
            if session.uid not in known:
                known.add(session.uid)
                new.append(session)
        if not indexes and added + len(new) > BULK:
            indexes = _drop_indexes(conn)
        _insert_new(conn, new, first + added)
        added += len(new)
    for _name, sql in indexes:
        conn.execute(sql)
    return added, seen - added


BULK = 20_000
"""From this many new sessions, the indexes are built once after the rows are in: far
faster than keeping them up to date row by row."""


class NewSession(Protocol):
    """A session to add (:class:`~limber.core.history.importer.SessionIn`): it has every
    ``sessions`` column as an attribute, and its phases every ``phases`` column."""

    @property
    def uid(self) -> str: ...

    @property
    def phases(self) -> Sequence[Any]: ...


def _drop_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Within the caller's transaction: drop the sessions' and phases' own indexes, and
    return them, to be created again (exactly as they were) once the rows are in."""
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('sessions', 'phases')"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    return indexes


# The new session's id, its columns, then its start and offset again: its local day is
# worked out by SQLite. Plain ``?`` placeholders: Python 3.12 deprecates binding a
# sequence to numbered ones (``?1``), and 3.14 refuses it.
_INSERT_SESSION = (
    f"INSERT INTO sessions (id, {', '.join(_SESSION_COLUMNS)}, local_day) VALUES ("
    + ", ".join("?" * (len(_SESSION_COLUMNS) + 1))
    + ", date(?, ? || ' minutes'))"
)
_local_day_values = attrgetter("started_utc", "utc_offset_minutes")
_INSERT_PHASE = (
    f"INSERT INTO phases (session_id, {', '.join(_PHASE_COLUMNS)})"
    f" VALUES (?, {', '.join('?' * len(_PHASE_COLUMNS))})"
)
_session_values = attrgetter(*_SESSION_COLUMNS)
_phase_values = attrgetter(*_PHASE_COLUMNS)


def _insert_new(conn: sqlite3.Connection, new: Sequence[NewSession], first: int) -> None:
    """Sessions numbered from ``first`` (the caller's transaction holds the write lock,
    so no other id can be taken meanwhile), and their phases under those numbers."""
    conn.executemany(
        _INSERT_SESSION,
        ((n, *_session_values(s), *_local_day_values(s)) for n, s in enumerate(new, first)),
    )
    conn.executemany(
        _INSERT_PHASE,
        ((n, *_phase_values(p)) for n, s in enumerate(new, first) for p in s.phases),
    )
