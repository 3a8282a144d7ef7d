"""The CSV export's lines made by SQLite, a chunk of sessions at a time, on two threads.

Each chunk is one ``SELECT``: SQLite works out every cell (times, minutes, formula
guards, quoting) and joins the chunk's lines into one string, all in C, with Python's GIL
released (``sqlite3_step`` releases it). Two threads, each with its own read connection,
make the next chunks while the calling thread writes the current one, so a
million-session export uses both cores, and at most :data:`AHEAD` chunks are held.

The text is byte for byte what :func:`limber.core.history.export.to_csv` writes (a test
compares them). A cell SQLite cannot vouch for (text beyond ASCII, a quote, a line end,
a formula start; minutes SQLite might round otherwise than Python) is made in Python,
called from the query. A chunk with a NUL in a text cell (which SQLite's ``printf``
would cut short) is made again the plain way: the cells as rows, through ``csv.writer``.

Chunks are key ranges (``started_utc, id``) read by separate connections, so the rows
are in order and none is written twice; a session added meanwhile may or may not be in
the export, as with any read that is under way while it is added.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from functools import lru_cache
from pathlib import Path

from limber.core.history import db
from limber.core.history.export import CSV_COLUMNS, neutralise
from limber.core.history.rows import (
    CSV_CELLS,
    csv_cells_sql,
    register_csv_functions,
)

CHUNK = 10_000
"""Sessions per chunk (about 1.5 MB of text)."""
AHEAD = 3
"""Chunks made or being made beyond the one being written: memory stays flat."""
THREADS = 2

Key = tuple[str, int]


def write_lines(
    conn: sqlite3.Connection,
    write: Callable[[str], object],
    since: date | None,
    *,
    threads: int = THREADS,
) -> None:
    """Every session's CSV line (oldest first), without the header, written a chunk at a
    time. Raises sqlite3.Error if the history cannot be read; on any error (a closed
    pipe included) no thread is left running."""
    query = _Query(since)
    pool = _Pool(conn, threads)
    pending: deque[Future[str]] = deque()
    try:
        for low, high in _ranges(conn, CHUNK):
            pending.append(pool.submit(query.chunk, low, high))
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
        row = conn.execute(step, low or ("", -(2**63))).fetchone()
        high: Key | None = None if row is None else (row[0], row[1])
        yield low, high
        if high is None:
            return
        low = high


class _Pool:
    """``threads`` threads, each with its own read-only connection to ``conn``'s file; or,
    when no second connection can be opened (a file in memory, an immutable file), the
    caller's thread on ``conn`` itself."""

    def __init__(self, conn: sqlite3.Connection, threads: int) -> None:
        self._conn = conn
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._spare: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._path = _file_of(conn)
        if threads > 1 and self._path is not None:
            try:
                self._spare.append(self._open())
            except sqlite3.Error:
                return
            self._executor = ThreadPoolExecutor(threads, thread_name_prefix="limber-csv")

    def _open(self) -> sqlite3.Connection:
        assert self._path is not None
        conn = db.connect(self._path, read_only=True)
        _register(conn)
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

    def submit(
        self,
        work: Callable[[sqlite3.Connection, Key | None, Key | None], str],
        low: Key | None,
        high: Key | None,
    ) -> Future[str]:
        if self._executor is not None:
            return self._executor.submit(lambda: work(self._connection(), low, high))
        _register(self._conn)
        done: Future[str] = Future()
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


class _NulInCell(Exception):
    """A text cell holds a NUL: SQLite's ``printf`` would end the cell there."""


class _Query:
    """The chunk's ``SELECT`` and, for a chunk with a NUL, the plain way."""

    def __init__(self, since: date | None) -> None:
        where = "(started_utc, id) > (?, ?)"
        self._args: list[object] = []
        if since is not None:
            where += " AND local_day >= ?"
            self._args.append(since.isoformat())
        self._where = where
        self._line = _line_sql(CSV_COLUMNS)
        self._cells = csv_cells_sql(CSV_COLUMNS)

    def _select(self, body: str, high: Key | None) -> str:
        until = "" if high is None else " AND (started_utc, id) <= (?, ?)"
        return f"{body} FROM sessions WHERE {self._where}{until} ORDER BY started_utc, id"

    def chunk(self, conn: sqlite3.Connection, low: Key | None, high: Key | None) -> str:
        args = [*(low or ("", -(2**63))), *self._args, *(high or ())]
        # The inner query is ordered and kept whole (OFFSET 0: not merged into the outer
        # one), so group_concat joins the lines in that order.
        lines = self._select(f"SELECT {self._line.inner} AS line", high)
        sql = f"SELECT group_concat({self._line.outer}, '') FROM ({lines} LIMIT -1 OFFSET 0)"
        try:
            text = conn.execute(sql, args).fetchone()[0]
        except sqlite3.OperationalError:
            if not _nul.seen:
                raise
            _nul.seen = False
            return self._plain(conn, args, high)
        return text or ""

    def _plain(self, conn: sqlite3.Connection, args: list[object], high: Key | None) -> str:
        out = io.StringIO()
        rows = conn.execute(self._select(f"SELECT {self._cells}", high), args)
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()


class _Line:
    def __init__(self, inner: str, outer: str) -> None:
        self.inner, self.outer = inner, outer


def _line_sql(columns: Sequence[str]) -> _Line:
    """The SQL of a whole CSV line: ``printf`` of every cell. The date, when it comes just
    before the local start, is that start's first ten characters (worked out once)."""
    derived = list(columns[:2]) == ["date", "started_local"]
    cells = [_cell(*CSV_CELLS[name]) for name in (columns[1:] if derived else columns)]
    text = "printf('" + ",".join(["%s"] * len(cells)) + "\r\n', " + ", ".join(cells) + ")"
    return _Line(text, "substr(line, 1, 10) || ',' || line" if derived else "line")


_RISKY = "(61, 43, 45, 64, 9, 13)"  # = + - @ tab CR: export._FORMULA_START


def _cell(kind: str, sql: str) -> str:
    if kind == "minutes":
        return _minutes_sql(sql)
    if kind != "text":
        return sql
    # ASCII (as many characters as bytes; a NUL ends SQLite's count, so it goes to
    # Python too), no formula start, quote or line end: the cell is the text itself,
    # in quotes if it holds a comma (as csv.writer quotes it). Else Python makes it.
    python = (
        f"length({sql}) <> length(CAST({sql} AS BLOB)) OR unicode({sql}) IN {_RISKY}"
        f" OR instr({sql}, '\"') OR instr({sql}, char(10)) OR instr({sql}, char(13))"
    )
    return (
        f"CASE WHEN {sql} = '' THEN '' WHEN {python} THEN limber_csv_cell({sql})"
        f" WHEN instr({sql}, ',') THEN '\"' || {sql} || '\"' ELSE {sql} END"
    )


def _minutes_sql(seconds: str) -> str:
    """Seconds as Python writes ``round(seconds / 60, 1)``, worked out by SQLite where it
    surely gives the same text: more than 0 and under 10⁹ seconds, and not within 10⁻⁶
    of a tie (``x.x5`` minutes, where Python's rounding of the float decides). Then the
    tenths are ``floor(seconds / 6 + 0.5)``, written ``tenths / 10 . tenths % 10`` (the
    shortest text of that float, as Python's repr writes it). Else Python does it."""
    tenths = f"({seconds} / 6.0)"
    return (
        f"CASE WHEN {seconds} > 0 AND {seconds} < 1e9"
        f" AND abs({tenths} - CAST({tenths} AS INTEGER) - 0.5) > 1e-6"
        f" THEN (CAST({tenths} + 0.5 AS INTEGER) / 10) || '.'"
        f" || (CAST({tenths} + 0.5 AS INTEGER) % 10)"
        f" ELSE limber_minutes({seconds}) END"
    )


class _Nul(threading.local):
    seen = False


_nul = _Nul()


@lru_cache(maxsize=4096)  # the same few names and notes come back again and again
def _csv_cell(value: object) -> str:
    text = neutralise(value)
    if "\x00" in text:
        _nul.seen = True
        raise _NulInCell
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([text, ""])  # exactly as csv quotes it
    return out.getvalue()[:-1]


def _register(conn: sqlite3.Connection) -> None:
    register_csv_functions(conn)  # the plain way's, for a chunk with a NUL
    conn.create_function("limber_csv_cell", 1, _csv_cell, deterministic=True)
