"""Opening the history file: checks, migrations, and what to do with a file that is
damaged, newer, or cannot be written. Kept apart from :mod:`limber.core.history.store`
(the writes and reads) so each reads in one sitting.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from limber.core.history import db

QUICK_CHECK_BYTES = 16 * 1024 * 1024
"""Files up to this size (about 40,000 sessions) are checked page by page as they open."""


class Unavailable(Exception):
    """The file cannot be used at all; the message is the reason."""


class Opening:
    """One attempt to open the history file at ``path``.

    After :meth:`connect`, ``refusal`` says why writes must be refused (a newer file) and
    ``notice`` is one sentence for the runner about the file (moved aside, newer).
    """

    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self.path = path
        self._now = now
        self.refusal: str | None = None
        self.notice: str | None = None

    def connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise Unavailable(
                f"{self.path.parent} cannot be created: {db.os_reason(error)}"
            ) from None
        try:  # not Path.resolve: since Python 3.13 it follows a loop without a word
            os.stat(self.path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise Unavailable(
                    f"{self.path} is a symbolic link that leads back to itself"
                ) from None
        if self.path.exists() and not db.looks_like_sqlite(self.path):
            self._quarantine()
        try:
            return self._prepare(db.connect(self.path))
        except sqlite3.DatabaseError as error:
            if not db.is_corruption(error):
                return self._open_read_only(error)
        self._quarantine()
        try:
            return self._prepare(db.connect(self.path))
        except sqlite3.Error as error:
            raise Unavailable(db.sqlite_reason(error)) from None

    def _prepare(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        """Check, migrate and tidy a fresh connection; close it if anything fails."""
        try:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as error:
                if db.is_corruption(error):
                    raise
                # A read-only file or folder: the reads below still work.
            self._check(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > db.SCHEMA_VERSION:
                conn.close()
                return self._newer_file()
            if version < db.SCHEMA_VERSION:
                self._migrate(conn)
            db.add_indexes(conn)
            self._mark_abandoned(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check(self, conn: sqlite3.Connection) -> None:
        """A damaged file is found here and moved aside. ``quick_check`` reads every page
        (seconds at a million sessions), so a large file has only its header and schema
        read here; damage deeper in it is reported when a read or a write meets it."""
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        if size <= QUICK_CHECK_BYTES:
            # Each page is read once: with a 64 KiB page cache, not db.CACHE_KIB
            # of pages the figures that follow will not need (0.3 MiB of peak memory).
            conn.execute("PRAGMA cache_size = -64")
            try:
                if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                    raise sqlite3.DatabaseError("quick_check failed")
            finally:
                conn.execute(f"PRAGMA cache_size = -{db.CACHE_KIB:d}")
        else:
            conn.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            with db.transaction(conn):
                version = conn.execute("PRAGMA user_version").fetchone()[0]  # re-read: locked
                for number in range(version, db.SCHEMA_VERSION):
                    db.MIGRATIONS[number](conn)
                conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION:d}")
        except sqlite3.OperationalError as error:
            if db.is_corruption(error):
                raise
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                raise Unavailable(db.sqlite_reason(error)) from None

    def _newer_file(self) -> sqlite3.Connection:
        self.refusal = "the history file was written by a newer Limber"
        self.notice = (
            "The history file was written by a newer Limber, so this one will read it but"
            " not change it; update Limber to record sessions."
        )
        try:
            return db.connect(self.path, read_only=True)
        except sqlite3.Error as error:
            raise Unavailable(db.sqlite_reason(error)) from None

    def _open_read_only(self, first: sqlite3.Error) -> sqlite3.Connection:
        """A file we can read but not write (a read-only folder, a full disk): reads
        still work. Read-only first; if SQLite cannot even do that (a WAL file whose
        ``-shm`` cannot be created in a read-only folder), as an immutable file."""
        for immutable in (False, True):
            try:
                conn = db.connect(self.path, read_only=True, immutable=immutable)
            except sqlite3.Error:
                continue
            try:
                conn.execute("PRAGMA quick_check").fetchall()
                if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
                    return conn
            except sqlite3.Error:
                pass
            conn.close()
        raise Unavailable(db.sqlite_reason(first))

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
            raise Unavailable(
                f"{self.path.name} is damaged and could not be moved aside: {db.os_reason(error)}"
            ) from None
        self.notice = (
            f"The history file was damaged, so a new one was started; the old one is {target}."
        )

    def _mark_abandoned(self, conn: sqlite3.Connection) -> None:
        """Mark ``in-progress`` sessions whose process is gone as ``interrupted``."""
        rows = conn.execute(
            "SELECT id, pid, host, started_utc FROM sessions WHERE status = 'in-progress'"
        ).fetchall()
        now, host = self._now(), db.host_name()
        gone = [row[0] for row in rows if db.is_abandoned(row[1], row[2], row[3], now, host)]
        if not gone:
            return
        try:
            with db.transaction(conn):
                for session_id in gone:
                    conn.execute(
                        "UPDATE sessions SET status = 'interrupted', ended_utc = COALESCE("
                        " (SELECT MAX(ended_utc) FROM phases WHERE session_id = sessions.id),"
                        " started_utc) WHERE id = ? AND status = 'in-progress'",
                        (session_id,),
                    )
        except sqlite3.OperationalError as error:
            if db.is_corruption(error):
                raise
            # Read-only: they are marked by the next Limber that can write.
