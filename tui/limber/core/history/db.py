"""The SQLite file under the history store: schema, migrations, connections, errors.

:mod:`limber.core.history.store` decides what to do (move a damaged file aside, refuse writes
to a newer one, carry on after a full disk); this module knows how SQLite says so.
Connections use autocommit (``isolation_level=None``) so every transaction is explicit:
:func:`transaction` is ``BEGIN IMMEDIATE``, which takes the write lock up front, so two
processes wait for each other (up to ``busy_timeout``) instead of failing mid-way.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from limber.core.history.model import WORK_KINDS_SQL, parse_stamp

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 512
"""SQLite's page cache per connection (its default is about 2 MiB). Opening reads every
page of a small file once (``quick_check``) and the figures are scans or index lookups
that the system's file cache serves as fast: a bigger cache would only be memory held
for the app's whole life (1.5 MiB of its peak with 5,000 sessions)."""
STALE_OTHER_HOST = timedelta(hours=12)
"""A session started on another machine this long ago, still in progress, was abandoned."""
SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


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
    conn.execute("CREATE INDEX sessions_open ON sessions(status) WHERE status = 'in-progress'")
    conn.execute("CREATE INDEX phases_session ON phases(session_id, id)")
    conn.execute(
        "CREATE INDEX phases_sides ON phases(ended_utc)"
        f" WHERE side IN ('left', 'right') AND kind IN {WORK_KINDS_SQL}"
    )


RECORD_STOP = (
    "UPDATE sessions SET stop_stretch_id = ?, stop_stretch_name = ?, stop_side = ?,"
    " stop_phase = ?, pain_at_stop = ? WHERE id = ?"
)
"""Writes a :class:`~limber.core.events.StopPoint` (schema 2's columns)."""


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Where a session was stopped (for "this hurts": which stretch, side and phase, and
    the pain then), which programme and week it belonged to, and a programme log
    (started, paused, ended, a threshold crossed) that a clinician's report reads."""
    for column in (
        "stop_stretch_id TEXT NOT NULL DEFAULT ''",
        "stop_stretch_name TEXT NOT NULL DEFAULT ''",
        "stop_side TEXT NOT NULL DEFAULT ''",
        "stop_phase INTEGER NOT NULL DEFAULT -1",
        "pain_at_stop INTEGER CHECK (pain_at_stop BETWEEN 0 AND 10)",
        "programme_id TEXT NOT NULL DEFAULT ''",
        "programme_week INTEGER NOT NULL DEFAULT 0",
    ):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column}")
    conn.execute(
        """
        CREATE TABLE programme_log (
            id INTEGER PRIMARY KEY,
            programme_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            week INTEGER NOT NULL DEFAULT 0,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            detail TEXT NOT NULL DEFAULT ''
        )
        """
    )
    conn.execute("CREATE INDEX programme_log_at ON programme_log(programme_id, at_utc)")


def add_indexes(conn: sqlite3.Connection) -> None:
    """Indexes that only make reads faster (counts per routine at a million sessions).
    Not a migration: an older Limber ignores them. Skipped on a file that cannot be
    written."""
    try:
        conn.execute(
            "CREATE INDEX IF NOT EXISTS sessions_routine_status ON sessions(routine_name, status)"
        )
    except sqlite3.OperationalError as error:
        if is_corruption(error):
            raise


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]
"""``MIGRATIONS[n]`` takes the schema from version ``n`` to ``n + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)

# -- connections and errors -----------------------------------------------------------


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
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


def connect(path: Path, *, read_only: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """A connection to ``path``; ``immutable`` (read-only too) is for a file in a folder
    that cannot be written: SQLite then reads it without its ``-shm`` file, which it
    could not create there (a WAL file's contents not yet checkpointed are not seen)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop (RuntimeError up to 3.12)
        raise sqlite3.OperationalError(f"unable to open database file: {error}") from None
    query = "?mode=ro&immutable=1" if immutable else "?mode=ro" if read_only else ""
    target = resolved.as_uri() + query
    conn = sqlite3.connect(
        target,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB:d}")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def looks_like_sqlite(path: Path) -> bool:
    """False for a file that is plainly not SQLite (an empty file is a new database)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return True  # let SQLite say what is wrong
    return head == SQLITE_HEADER or head == b""


def is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error)
    return "malformed" in text or "not a database" in text or text == "quick_check failed"


def sqlite_reason(error: sqlite3.Error) -> str:
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


def os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def host_name() -> str:
    return socket.gethostname()


def is_abandoned(
    pid: int | None, host: str | None, started: str, now: datetime, this_host: str
) -> bool:
    """Whether an ``in-progress`` session's process is gone.

    On this machine: its process no longer exists. From another machine (a synced
    folder) or unknown (imported): it started more than :data:`STALE_OTHER_HOST` ago.
    """
    if host == this_host and pid is not None:
        return not pid_alive(pid)
    try:
        return now - parse_stamp(started) > STALE_OTHER_HOST
    except ValueError:
        return True


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT there
        import ctypes  # Windows only

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
