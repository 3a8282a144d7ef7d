"""The history store: every session and every finished phase, in one SQLite file.

Why it is built this way:

- **One committed row per finished phase.** :meth:`HistoryStore.record_phase` commits as
  each phase ends, so a crash (or a closed terminal) loses at most the phase under way.
  A session whose process is gone without finishing reads as ``interrupted``.
- **Two Limber processes at once.** WAL, a 5 s ``busy_timeout`` and ``BEGIN IMMEDIATE``
  for every write let two processes (the app and ``limber run --plain``, say) record at
  the same time; each keeps its own session, and neither marks the other's live session
  as interrupted (see :func:`limber.core.history.db.is_abandoned`).
- **Recording never stops a session.** A full disk, a read-only folder or a file written
  by a newer Limber makes the write methods return ``None``/``False`` and set
  :attr:`HistoryStore.save_problem` to one sentence; they never raise for those. A
  damaged file is moved aside (``history.sqlite3.corrupt-YYYYmmddTHHMMSS``) and a fresh
  one started, with :attr:`HistoryStore.notice` saying where the old one went.
- **Stats in SQL.** :meth:`HistoryStore.stats` aggregates in the database with indexes
  (``local_day`` is stored with each session), so 5,000 sessions open instantly.
- **Opened lazily.** Creating a store touches nothing; reading a store whose file does
  not exist yet returns empty results without creating it.

Schema changes are migrations keyed on ``PRAGMA user_version``
(:data:`limber.core.history.db.MIGRATIONS`).
Keep them additive (new tables, new columns with defaults): an older Limber opens a
newer file read-only and must still be able to run its ``SELECT``s.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.events import StopPoint
from limber.core.history import db
from limber.core.history.model import (
    COUNTED_STATUSES,
    FINAL_STATUSES,
    HistoryStats,
    PainPoint,
    PhaseRecord,
    RecentSession,
    SessionRecord,
    SessionStatus,
    local_day,
    stamp,
    system_offset_minutes,
)
from limber.core.history.model import check_pain as _check_pain
from limber.core.history.model import stored_note as _note
from limber.core.history.opening import Opening, Unavailable
from limber.core.history.rows import insert_records, read_sessions
from limber.core.history.streams import figures
from limber.core.phases import PHASES
from limber.core.session import PhaseResult

__all__ = [
    "COUNTED_STATUSES",
    "FINAL_STATUSES",
    "HistoryStats",
    "HistoryStore",
    "PainPoint",
    "PhaseRecord",
    "RecentSession",
    "SessionRecord",
    "SessionStatus",
    "stamp",
    "system_offset_minutes",
    "utc_now",
]

T = TypeVar("T")


# -- the store ------------------------------------------------------------------------------


class HistoryStore:
    """Sessions and phases in ``path``. Every write is committed before it returns.

    ``now`` is the wall clock (aware; naive is taken as UTC) and ``utc_offset`` gives the
    runner's local offset in minutes at a moment; tests pass both. The store may be used
    from more than one thread (calls are serialised by a lock).
    """

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] = utc_now,
        utc_offset: Callable[[datetime], int] = system_offset_minutes,
    ) -> None:
        self.path = Path(path)
        self._now = now
        self._utc_offset = utc_offset
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._opened = False
        self._refusal: str | None = None
        """Why every write is refused (newer file, or no usable file), if it is."""
        self._notice: str | None = None
        self.save_problem: str | None = None
        """One sentence once a write has failed ("This session could not be saved: …")."""

    # -- opening ----------------------------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """One sentence about the file itself (moved aside, newer, unusable), else None.

        Reading it opens the store, so the UI can show it at start-up.
        """
        with self._lock:
            self._open(create=False)
            return self._notice

    @property
    def read_only(self) -> bool:
        """True when writes are refused up front (a newer file, or no usable file)."""
        with self._lock:
            self._open(create=False)
            return self._refusal is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._opened = False

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self, *, create: bool) -> sqlite3.Connection | None:
        """The connection, opening it the first time; None if there is none to use.

        With ``create`` false and no file yet, nothing is created (and nothing is
        remembered, so a later write still creates it).
        """
        if self._opened:
            return self._conn
        if not create and not os.path.lexists(self.path):  # a symlink loop is reported
            return None
        self._opened = True
        opening = Opening(self.path, self._now)
        try:
            self._conn = opening.connect()
        except Unavailable as problem:
            self._conn = None
            self._refusal = f"{problem}"
            self._notice = f"History is not available ({problem}); sessions will not be saved."
            return None
        self._refusal = opening.refusal
        self._notice = opening.notice or self._notice
        return self._conn

    # -- writing ----------------------------------------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run ``work`` in one transaction; on failure set :attr:`save_problem`, return None."""
        result, problem = self._try_write(work)
        if problem is not None:
            self.save_problem = f"This session could not be saved: {problem}."
        return result

    def _try_write(self, work: Callable[[sqlite3.Connection], T]) -> tuple[T | None, str | None]:
        """``(result, None)``, or ``(None, why)`` if it could not be written."""
        with self._lock:
            conn = self._open(create=True)
            if self._refusal is not None or conn is None:
                return None, self._refusal or "history is not available"
            try:
                with db.transaction(conn):
                    return work(conn), None
            except sqlite3.Error as error:
                return None, db.sqlite_reason(error)
            except OSError as error:
                return None, db.os_reason(error)

    def begin(
        self,
        routine_id: str,
        routine_name: str,
        pack: str,
        pack_version: str,
        planned_seconds: float,
        pain_before: int | None,
    ) -> int | None:
        """Record a new ``in-progress`` session; its id, or None if it cannot be saved."""
        _check_pain(pain_before)
        moment = self._now()
        started = stamp(moment)
        offset = self._utc_offset(moment)
        values = (
            str(uuid.uuid4()),
            routine_id,
            routine_name,
            pack,
            pack_version,
            started,
            offset,
            local_day(started, offset),
            float(planned_seconds),
            pain_before,
            os.getpid(),
            db.host_name(),
        )

        def insert(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO sessions (uid, routine_id, routine_name, pack, pack_version,"
                " started_utc, utc_offset_minutes, local_day, status, planned_seconds,"
                " pain_before, pid, host)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in-progress', ?, ?, ?, ?)",
                values,
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self._write(insert)

    def record_phase(self, session_id: int | None, result: PhaseResult) -> bool:
        """Commit one finished phase and add its time to the session's active seconds.

        A phase done again (``b`` after a skip) keeps one row, its latest outcome, so a
        step skipped and then redone does not count as skipped."""
        if session_id is None:
            return False
        phase = result.phase
        values = (
            session_id,
            phase.index,
            phase.stretch_id,
            phase.stretch_name,
            phase.side,
            PHASES[phase.kind].sql_name,
            float(phase.seconds),
            float(result.done_seconds),
            int(result.skipped),
            stamp(self._now()),
        )

        def insert(conn: sqlite3.Connection) -> bool:
            conn.execute("DELETE FROM phases WHERE session_id = ? AND idx = ?", values[:2])
            conn.execute(
                "INSERT INTO phases (session_id, idx, stretch_id, stretch_name, side, kind,"
                " planned_seconds, done_seconds, skipped, ended_utc)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            conn.execute(
                "UPDATE sessions SET active_seconds = active_seconds + ? WHERE id = ?",
                (float(result.done_seconds), session_id),
            )
            return True

        return self._write(insert) or False

    def finish(
        self,
        session_id: int | None,
        status: str,
        active_seconds: float,
        pain_after: int | None = None,
        note: str = "",
        stop_reason: str = "",
    ) -> bool:
        """Close a session as ``completed``, ``ended-early`` or ``interrupted``.

        ``pain_after`` None and an empty ``note`` keep whatever was set before.
        """
        if status not in FINAL_STATUSES:
            raise ValueError(f"finish() takes one of {sorted(FINAL_STATUSES)}, not {status!r}")
        _check_pain(pain_after)
        if session_id is None:
            return False
        note = _note(note)
        values = (
            status,
            stamp(self._now()),
            float(active_seconds),
            pain_after,
            note,
            note,
            stop_reason,
            session_id,
        )
        return self._update(
            "UPDATE sessions SET status = ?, ended_utc = ?, active_seconds = ?,"
            " pain_after = COALESCE(?, pain_after),"
            " note = CASE WHEN ? = '' THEN note ELSE ? END, stop_reason = ? WHERE id = ?",
            values,
        )

    def record_stop(self, session_id: int | None, stop: StopPoint) -> bool:
        _check_pain(stop.pain)
        return self._update(db.RECORD_STOP, (*stop, session_id))

    def set_pain_after(self, session_id: int | None, value: int | None) -> bool:
        _check_pain(value)
        return self._update("UPDATE sessions SET pain_after = ? WHERE id = ?", (value, session_id))

    def set_note(self, session_id: int | None, text: str) -> bool:
        """Store the runner's note, cleaned where it enters like any other text."""
        return self._update("UPDATE sessions SET note = ? WHERE id = ?", (_note(text), session_id))

    def _update(self, sql: str, values: tuple[Any, ...]) -> bool:
        if values[-1] is None:
            return False

        def run(conn: sqlite3.Connection) -> bool:
            return conn.execute(sql, values).rowcount > 0

        return self._write(run) or False

    # -- reading ----------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """The connection for a read (None if there is no history yet), under the lock."""
        with self._lock:
            yield self._open(create=False)

    def stats(
        self, today: date, *, goal_sessions: int = 3, goal_minutes: int = 10, recent: int = 10
    ) -> HistoryStats:
        """Streaks, this week against the goal, pain trend and more, all in SQL."""
        return figures(self, today, goal_sessions, goal_minutes, recent, details=True)

    def sessions(
        self, *, since: date | None = None, limit: int | None = None, phases: bool = True
    ) -> list[SessionRecord]:
        """Sessions oldest first (with ``limit``: the newest ``limit``, still oldest first).

        Raises :class:`LimberError` if the file cannot be read.
        """
        with self._reading() as conn:
            if conn is None:
                return []
            try:
                return read_sessions(conn, since=since, limit=limit, phases=phases)
            except sqlite3.Error as error:
                raise LimberError(
                    f"History could not be read: {db.sqlite_reason(error)}."
                ) from None

    def import_json(self, text: str | bytes) -> tuple[int, int]:
        """Merge an exported JSON file by session uid: ``(added, already there)``.

        Raises :class:`~limber.core.history.importer.ExportFileError` for a bad file and
        :class:`LimberError` for a failed write, each one sentence; either every new
        session is added or none is.
        """
        from limber.core.history.importer import parse_json  # only `limber history import`

        export = parse_json(text)
        counts, problem = self._try_write(lambda conn: insert_records(conn, export.batches()))
        if counts is None:
            raise LimberError(f"Nothing was imported: {problem}.")
        return counts


# -- helpers ---------------------------------------------------------------------------------
