"""The history store: every session and every finished phase, in one SQLite file.

Why it is built this way:

- **One committed row per finished phase.** :meth:`HistoryStore.record_phase` commits as
  each phase ends, so a crash (or a closed terminal) loses at most the phase under way.
  A session whose process is gone without finishing reads as ``interrupted``.
- **Two Limber processes at once.** WAL, a 5 s ``busy_timeout`` and ``BEGIN IMMEDIATE``
  for every write let two processes (the app and ``limber run --plain``, say) record at
  the same time; each keeps its own session, and neither marks the other's live session
  as interrupted (see :func:`_is_abandoned`).
- **Recording never stops a session.** A full disk, a read-only folder or a file written
  by a newer Limber makes the write methods return ``None``/``False`` and set
  :attr:`HistoryStore.save_problem` to one sentence; they never raise for those. A
  damaged file is moved aside (``history.sqlite3.corrupt-YYYYmmddTHHMMSS``) and a fresh
  one started, with :attr:`HistoryStore.notice` saying where the old one went.
- **Stats in SQL.** :meth:`HistoryStore.stats` aggregates in the database with indexes
  (``local_day`` is stored with each session), so 5,000 sessions open instantly.
- **Opened lazily.** Creating a store touches nothing; reading a store whose file does
  not exist yet returns empty results without creating it.

Schema changes are migrations keyed on ``PRAGMA user_version`` (:data:`MIGRATIONS`).
Keep them additive (new tables, new columns with defaults): an older Limber opens a
newer file read-only and must still be able to run its ``SELECT``s.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from limber.core.session import PhaseResult

T = TypeVar("T")

SessionStatus = Literal["in-progress", "completed", "ended-early", "interrupted"]
FINAL_STATUSES: frozenset[str] = frozenset({"completed", "ended-early", "interrupted"})
COUNTED_STATUSES = ("completed", "ended-early")
"""Sessions that count for streaks, the weekly goal and routines done."""
WORK_KINDS_SQL = "('hold', 'flow', 'reps')"
BUSY_TIMEOUT_MS = 5000
STALE_OTHER_HOST = timedelta(hours=12)
"""A session started on another machine this long ago, still in progress, was abandoned."""
SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def utc_now() -> datetime:
    """The default clock: an aware UTC datetime."""
    return datetime.now(UTC)


def system_offset_minutes(moment: datetime) -> int:
    """The local UTC offset, in minutes, at ``moment`` (the default for new sessions)."""
    offset = moment.astimezone().utcoffset()
    return round(offset.total_seconds() / 60) if offset is not None else 0


def stamp(moment: datetime) -> str:
    """The one timestamp format stored: ``2024-05-01T07:30:00Z`` (UTC, whole seconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_day(started_utc: str, offset_minutes: int) -> str:
    """The runner's calendar day of a session: its UTC start shifted by its own offset."""
    return (parse_stamp(started_utc) + timedelta(minutes=offset_minutes)).date().isoformat()


# -- schema ---------------------------------------------------------------------------------


def _migrate_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            pack TEXT NOT NULL DEFAULT '',
            pack_version TEXT NOT NULL DEFAULT '',
            started_utc TEXT NOT NULL,
            utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
            local_day TEXT NOT NULL,
            ended_utc TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('in-progress', 'completed', 'ended-early', 'interrupted')),
            planned_seconds REAL NOT NULL DEFAULT 0,
            active_seconds REAL NOT NULL DEFAULT 0,
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            stop_reason TEXT NOT NULL DEFAULT '',
            pid INTEGER,
            host TEXT
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE phases (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            stretch_id TEXT NOT NULL DEFAULT '',
            stretch_name TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            planned_seconds REAL NOT NULL,
            done_seconds REAL NOT NULL,
            skipped INTEGER NOT NULL DEFAULT 0,
            ended_utc TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX sessions_day ON sessions(local_day, status, active_seconds)")
    conn.execute("CREATE INDEX sessions_started ON sessions(started_utc)")
    conn.execute("CREATE INDEX sessions_status ON sessions(status)")
    conn.execute("CREATE INDEX phases_session ON phases(session_id, id)")
    conn.execute(
        "CREATE INDEX phases_sides ON phases(ended_utc, stretch_name, side, planned_seconds,"
        " done_seconds)"
        f" WHERE side IN ('left', 'right') AND kind IN {WORK_KINDS_SQL}"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1]
"""``MIGRATIONS[n]`` takes the schema from version ``n`` to ``n + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)


# -- what reads return ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseRecord:
    """One finished phase as stored."""

    idx: int
    stretch_id: str
    stretch_name: str
    side: str
    kind: str
    planned_seconds: float
    done_seconds: float
    skipped: bool
    ended_utc: str


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as stored (without the process fields), for export and ``--json``."""

    uid: str
    routine_id: str
    routine_name: str
    pack: str
    pack_version: str
    started_utc: str
    utc_offset_minutes: int
    ended_utc: str | None
    status: str
    planned_seconds: float
    active_seconds: float
    pain_before: int | None
    pain_after: int | None
    note: str
    stop_reason: str
    phases: tuple[PhaseRecord, ...] = ()

    @property
    def local_start(self) -> datetime:
        """The start in the runner's own time then (aware, with that offset)."""
        zone = timezone(timedelta(minutes=self.utc_offset_minutes))
        return parse_stamp(self.started_utc).astimezone(zone)

    @property
    def local_day(self) -> date:
        return self.local_start.date()


@dataclass(frozen=True, slots=True)
class RecentSession:
    """A row of the "recent sessions" list."""

    id: int
    local_start: datetime
    """Aware, in the UTC offset the runner had when the session started."""
    routine_name: str
    status: str
    active_minutes: float
    pain_before: int | None
    pain_after: int | None
    note: str


class PainPoint(NamedTuple):
    """Pain before and after one session (either may be missing)."""

    day: date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class HistoryStats:
    """Everything the history pane and ``limber history`` show."""

    goal_sessions: int = 3
    goal_minutes: int = 10
    streak_days: int = 0
    """Consecutive local days, up to today (or yesterday), with a counted session."""
    goal_week_streak: int = 0
    """Consecutive ISO weeks meeting the goal, ending last week (or this week if met)."""
    week_sessions: int = 0
    """Counted sessions this ISO week, of any length."""
    week_goal_sessions: int = 0
    """Of those, the ones at least ``goal_minutes`` long: what the goal counts."""
    week_minutes: float = 0.0
    week_goal_met: bool = False
    total_sessions: int = 0
    """Every session recorded, whatever its status."""
    pain_trend: list[PainPoint] = field(default_factory=list)
    """The last rated sessions, oldest first."""
    recent: list[RecentSession] = field(default_factory=list)
    """Newest first."""
    per_routine: dict[str, int] = field(default_factory=dict)
    """Routine name → counted sessions, most done first."""
    side_balance: dict[str, dict[str, float]] = field(default_factory=dict)
    """Stretch name → ``left_done``, ``right_done``, ``left_planned``, ``right_planned``
    (seconds), only for stretches where one side fell short more than the other."""


# -- the store ------------------------------------------------------------------------------


class _Unavailable(Exception):
    """The file cannot be used at all; the message is the reason."""


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
        if not create and not self.path.exists():
            return None
        self._opened = True
        try:
            self._conn = self._connect_checked()
        except _Unavailable as problem:
            self._conn = None
            self._refusal = f"{problem}"
            self._notice = f"History is not available ({problem}); sessions will not be saved."
        return self._conn

    def _connect_checked(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _Unavailable(
                f"{self.path.parent} cannot be created: {_os_reason(error)}"
            ) from None
        if self.path.exists() and not _looks_like_sqlite(self.path):
            self._quarantine()
        try:
            return self._prepare(_connect(self.path))
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                return self._open_read_only(error)
        self._quarantine()
        try:
            return self._prepare(_connect(self.path))
        except sqlite3.Error as error:
            raise _Unavailable(_sqlite_reason(error)) from None

    def _prepare(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        """Check, migrate and tidy a fresh connection; close it if anything fails."""
        try:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as error:
                if _is_corruption(error):
                    raise
                # A read-only file or folder: the reads below still work.
            if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise sqlite3.DatabaseError("quick_check failed")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                return self._newer_file()
            if version < SCHEMA_VERSION:
                self._migrate(conn)
            self._mark_abandoned(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            with _transaction(conn):
                version = conn.execute("PRAGMA user_version").fetchone()[0]  # re-read: locked
                for number in range(version, SCHEMA_VERSION):
                    MIGRATIONS[number](conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        except sqlite3.OperationalError as error:
            if _is_corruption(error):
                raise
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                raise _Unavailable(_sqlite_reason(error)) from None

    def _newer_file(self) -> sqlite3.Connection:
        self._refusal = "the history file was written by a newer Limber"
        self._notice = (
            "The history file was written by a newer Limber, so this one will read it but"
            " not change it; update Limber to record sessions."
        )
        try:
            return _connect(self.path, read_only=True)
        except sqlite3.Error as error:
            raise _Unavailable(_sqlite_reason(error)) from None

    def _open_read_only(self, first: sqlite3.Error) -> sqlite3.Connection:
        """A file we can read but not write (a read-only folder, say): reads still work."""
        try:
            conn = _connect(self.path, read_only=True)
            conn.execute("PRAGMA quick_check").fetchall()
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                conn.close()
                raise _Unavailable(_sqlite_reason(first))
        except sqlite3.Error:
            raise _Unavailable(_sqlite_reason(first)) from None
        return conn

    def _quarantine(self) -> None:
        """Move a damaged file (and its -wal/-shm) aside, so a fresh one can start."""
        moment = self._now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{moment}")
        number = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{moment}-{number}")
            number += 1
        try:
            os.replace(self.path, target)
            for suffix in ("-wal", "-shm"):
                extra = Path(f"{self.path}{suffix}")
                if extra.exists():
                    os.replace(extra, Path(f"{target}{suffix}"))
        except OSError as error:
            raise _Unavailable(
                f"{self.path.name} is damaged and could not be moved aside: {_os_reason(error)}"
            ) from None
        self._notice = (
            f"The history file was damaged, so a new one was started; the old one is {target}."
        )

    def _mark_abandoned(self, conn: sqlite3.Connection) -> None:
        """Mark ``in-progress`` sessions whose process is gone as ``interrupted``."""
        rows = conn.execute(
            "SELECT id, pid, host, started_utc FROM sessions WHERE status = 'in-progress'"
        ).fetchall()
        now, host = self._now(), _host()
        gone = [row[0] for row in rows if _is_abandoned(row[1], row[2], row[3], now, host)]
        if not gone:
            return
        try:
            with _transaction(conn):
                for session_id in gone:
                    conn.execute(
                        "UPDATE sessions SET status = 'interrupted', ended_utc = COALESCE("
                        " (SELECT MAX(ended_utc) FROM phases WHERE session_id = sessions.id),"
                        " started_utc) WHERE id = ? AND status = 'in-progress'",
                        (session_id,),
                    )
        except sqlite3.OperationalError as error:
            if _is_corruption(error):
                raise
            # Read-only: they are marked by the next Limber that can write.

    # -- writing ----------------------------------------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run ``work`` in ``BEGIN IMMEDIATE … COMMIT``; on failure say why, return None."""
        with self._lock:
            conn = self._open(create=True)
            if self._refusal is not None or conn is None:
                reason = self._refusal or "history is not available"
                self.save_problem = f"This session could not be saved: {reason}."
                return None
            try:
                with _transaction(conn):
                    return work(conn)
            except (sqlite3.Error, OSError) as error:
                reason = _os_reason(error) if isinstance(error, OSError) else _sqlite_reason(error)
                self.save_problem = f"This session could not be saved: {reason}."
                return None

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
            str(uuid.uuid4()), routine_id, routine_name, pack, pack_version, started, offset,
            local_day(started, offset), float(planned_seconds), pain_before, os.getpid(),
            _host(),
        )  # fmt: skip

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
        """Commit one finished phase and add its time to the session's active seconds."""
        if session_id is None:
            return False
        phase = result.phase
        values = (
            session_id, phase.index, phase.stretch_id, phase.stretch_name, phase.side,
            phase.kind, float(phase.seconds), float(result.done_seconds), int(result.skipped),
            stamp(self._now()),
        )  # fmt: skip

        def insert(conn: sqlite3.Connection) -> bool:
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
        values = (
            status, stamp(self._now()), float(active_seconds), pain_after, note, note,
            stop_reason, session_id,
        )  # fmt: skip
        return self._update(
            "UPDATE sessions SET status = ?, ended_utc = ?, active_seconds = ?,"
            " pain_after = COALESCE(?, pain_after),"
            " note = CASE WHEN ? = '' THEN note ELSE ? END, stop_reason = ? WHERE id = ?",
            values,
        )

    def set_pain_after(self, session_id: int | None, value: int | None) -> bool:
        _check_pain(value)
        return self._update("UPDATE sessions SET pain_after = ? WHERE id = ?", (value, session_id))

    def set_note(self, session_id: int | None, text: str) -> bool:
        return self._update("UPDATE sessions SET note = ? WHERE id = ?", (text, session_id))

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
        empty = HistoryStats(goal_sessions=goal_sessions, goal_minutes=goal_minutes)
        with self._reading() as conn:
            if conn is None:
                return empty
            try:
                from limber.core import history_stats

                return history_stats.compute(
                    conn, today, goal_sessions=goal_sessions, goal_minutes=goal_minutes,
                    recent=recent,
                )  # fmt: skip
            except sqlite3.Error:
                return empty

    def sessions(
        self, *, since: date | None = None, limit: int | None = None, phases: bool = True
    ) -> list[SessionRecord]:
        """Sessions oldest first (with ``limit``: the newest ``limit``, still oldest first).

        Raises :class:`LimberError` if the file cannot be read.
        """
        with self._reading() as conn:
            if conn is None:
                return []
            where, args = ("WHERE local_day >= ?", [since.isoformat()]) if since else ("", [])
            sql = f"SELECT id, {', '.join(_SESSION_COLUMNS)} FROM sessions {where}"
            sql += " ORDER BY started_utc DESC, id DESC"
            if limit is not None:
                sql += f" LIMIT {int(limit):d}"
            try:
                rows = conn.execute(sql, args).fetchall()[::-1]
                by_session: dict[int, list[PhaseRecord]] = {}
                if phases and rows:
                    whole = since is None and limit is None
                    by_session = _phases_of(conn, [row[0] for row in rows], whole=whole)
            except sqlite3.Error as error:
                from limber.core.errors import LimberError

                raise LimberError(f"History could not be read: {_sqlite_reason(error)}.") from None
            return [
                SessionRecord(
                    **dict(zip(_SESSION_COLUMNS, row[1:], strict=True)),
                    phases=tuple(by_session.get(row[0], ())),
                )
                for row in rows
            ]

    def export(
        self,
        fmt: Literal["csv", "json", "md"],
        since: date | None = None,
        *,
        goal_sessions: int = 3,
        goal_minutes: int = 10,
    ) -> str:
        """The history as CSV, JSON or a Markdown report (see :mod:`history_export`)."""
        from limber.core import history_export

        records = self.sessions(since=since, phases=fmt == "json")
        return history_export.render(
            fmt, records, since=since, goal_sessions=goal_sessions, goal_minutes=goal_minutes
        )

    def import_json(self, text: str | bytes) -> tuple[int, int]:
        """Merge an exported JSON file by session uid: ``(added, already there)``.

        Raises :class:`LimberError` with one sentence for a bad file or a failed write;
        either every new session is added or none is.
        """
        from limber.core import history_export
        from limber.core.errors import LimberError

        records = history_export.parse_json(text)
        self.save_problem = None
        added = self._write(lambda conn: _insert_records(conn, records))
        if added is None:
            reason = (self.save_problem or "").removeprefix("This session could not be saved: ")
            raise LimberError(f"Nothing was imported: {reason}")
        return added, len(records) - added


_SESSION_COLUMNS = (
    "uid", "routine_id", "routine_name", "pack", "pack_version", "started_utc",
    "utc_offset_minutes", "ended_utc", "status", "planned_seconds", "active_seconds",
    "pain_before", "pain_after", "note", "stop_reason",
)  # fmt: skip
_PHASE_COLUMNS = (
    "idx", "stretch_id", "stretch_name", "side", "kind", "planned_seconds", "done_seconds",
    "skipped", "ended_utc",
)  # fmt: skip


def _phases_of(
    conn: sqlite3.Connection, ids: list[int], *, whole: bool
) -> dict[int, list[PhaseRecord]]:
    """Phases of the sessions ``ids`` (of every session with ``whole``), in order."""
    sql = f"SELECT session_id, {', '.join(_PHASE_COLUMNS)} FROM phases"
    batches: list[list[int]] = (
        [[]] if whole else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    )
    found: dict[int, list[PhaseRecord]] = {}
    for batch in batches:
        where = "" if whole else f" WHERE session_id IN ({', '.join('?' * len(batch))})"
        for row in conn.execute(f"{sql}{where} ORDER BY session_id, id", batch):
            values = list(row[1:])
            values[7] = bool(values[7])
            found.setdefault(row[0], []).append(PhaseRecord(*values))
    return found


def _insert_records(conn: sqlite3.Connection, records: list[SessionRecord]) -> int:
    added = 0
    for record in records:
        values = [getattr(record, name) for name in _SESSION_COLUMNS]
        values.append(local_day(record.started_utc, record.utc_offset_minutes))
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO sessions ({', '.join(_SESSION_COLUMNS)}, local_day)"
            f" VALUES ({', '.join('?' * (len(_SESSION_COLUMNS) + 1))})",
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


# -- helpers --------------------------------------------------------------------------------


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    target = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlite3.connect(
        target,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _looks_like_sqlite(path: Path) -> bool:
    """False for a file that is plainly not SQLite (an empty file is a new database)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return True  # let SQLite say what is wrong
    return head == SQLITE_HEADER or head == b""


def _is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error)
    return "malformed" in text or "not a database" in text or text == "quick_check failed"


def _sqlite_reason(error: sqlite3.Error) -> str:
    text = str(error)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the history file cannot be written (read-only)"
    if "unable to open" in text:
        return "the history file cannot be opened or created"
    if "locked" in text or "busy" in text:
        return "another Limber held the history file for too long"
    return text


def _os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def _check_pain(value: int | None) -> None:
    if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {value!r}")


def _host() -> str:
    return socket.gethostname()


def _is_abandoned(
    pid: int | None, host: str | None, started: str, now: datetime, this_host: str
) -> bool:
    """Whether an ``in-progress`` session's process is gone.

    On this machine: its process no longer exists. From another machine (a synced
    folder) or unknown (imported): it started more than :data:`STALE_OTHER_HOST` ago.
    """
    if host == this_host and pid is not None:
        return not _pid_alive(pid)
    try:
        return now - parse_stamp(started) > STALE_OTHER_HOST
    except ValueError:
        return True


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists; it belongs to someone else
    except OSError:
        return False
    return True
