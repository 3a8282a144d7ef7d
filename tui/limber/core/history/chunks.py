"""The sessions read in key ranges, each range made into text by one ``SELECT`` on one
of two threads, and written in order by the calling thread: the exports' way to use
both cores in flat memory (:mod:`~limber.core.history.csvlines`,
:mod:`~limber.core.history.jsonstream`).

``sqlite3_step`` releases Python's GIL, so while one thread writes a chunk, SQLite makes
the next ones on the others, each with its own read-only connection. At most
:data:`AHEAD` chunks are held. Ranges are of ``(started_utc, id)``, the export's order,
so the rows come in order and none twice, whichever connection reads them; a session
added meanwhile may or may not be in the export, as with any read under way.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from limber.core.history import db

AHEAD = 3
"""Chunks made or being made beyond the one being written: memory stays flat."""
THREADS = 2
FIRST: Key = ("", -(2**63))
"""Before every session's key."""

Key = tuple[str, int]
Range = tuple["Key | None", "Key | None"]
T = TypeVar("T")
Chunk = Callable[[sqlite3.Connection, "Key | None", "Key | None"], T]
"""Makes the text of the sessions after the first key up to the second (None: the
first or last session), on the connection it is given."""


def run(
    conn: sqlite3.Connection,
    chunk: Chunk[T],
    write: Callable[[T], object],
    *,
    size: int,
    register: Callable[[sqlite3.Connection], None],
    threads: int = THREADS,
) -> None:
    """``write(chunk(...))`` for each range of ``size`` sessions, in order. ``register``
    readies each connection (its SQL functions). Raises what ``chunk`` or ``write``
    raises; then no thread is left running (a chunk under way is finished, the rest
    dropped)."""
    pool = _Pool(conn, threads, register)
    pending: deque[Future[T]] = deque()
    try:
        for low, high in _ranges(conn, size):
            pending.append(pool.submit(chunk, low, high))
            if len(pending) > AHEAD:
                write(pending.popleft().result())
        while pending:
            write(pending.popleft().result())
    finally:
        for future in pending:
            future.cancel()
        pool.close()


def _ranges(conn: sqlite3.Connection, size: int) -> Iterator[tuple[Key | None, Key | None]]:
    """``(after, up to)`` key ranges of ``size`` sessions, the last open-ended: each end
    found by walking the ``started_utc`` index (about a millisecond a chunk)."""
    low: Key | None = None
    step = (
        "SELECT started_utc, id FROM sessions WHERE (started_utc, id) > (?, ?)"
        f" ORDER BY started_utc, id LIMIT 1 OFFSET {size - 1:d}"
    )
    while True:
        row = conn.execute(step, low or FIRST).fetchone()
        high: Key | None = None if row is None else (row[0], row[1])
        yield low, high
        if high is None:
            return
        low = high


class _Pool:
    """``threads`` threads, each with its own read-only connection to ``conn``'s file; or,
    when no second connection can be opened (a file in memory, an immutable file), the
    caller's thread on ``conn`` itself."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        threads: int,
        register: Callable[[sqlite3.Connection], None],
    ) -> None:
        self._conn = conn
        self._register = register
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._spare: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._path = _file_of(conn)
        if threads > 1 and self._path is not None:
            try:
                self._spare.append(self._open())
                # Read through it once: a file that the store could open only as
                # immutable (a read-only folder) opens here, then fails to read.
                self._spare[0].execute("SELECT 1 FROM sessions LIMIT 1").fetchall()
            except sqlite3.Error:
                self.close()
                self._spare.clear()
            else:
                self._executor = ThreadPoolExecutor(threads, thread_name_prefix="limber-export")
        if self._executor is None:
            register(conn)

    def _open(self) -> sqlite3.Connection:
        assert self._path is not None
        conn = db.connect(self._path, read_only=True)
        self._register(conn)
        with self._guard:
            self._opened.append(conn)
        return conn

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (the one opened to try, for the first thread)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._guard:
                conn = self._spare.pop() if self._spare else None
            self._local.conn = conn = conn or self._open()
        return conn

    def submit(self, work: Chunk[T], low: Key | None, high: Key | None) -> Future[T]:
        """``work`` on a thread, or done now when there are no threads."""
        if self._executor is not None:
            return self._executor.submit(lambda: work(self._connection(), low, high))
        done: Future[T] = Future()
        done.set_result(work(self._conn, low, high))
        return done

    def close(self) -> None:
        """Stop the threads (a chunk under way is finished, the rest dropped) and close
        their connections."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        with self._guard:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()


def _file_of(conn: sqlite3.Connection) -> Path | None:
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
