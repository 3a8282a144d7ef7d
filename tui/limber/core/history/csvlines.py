"""The CSV export's lines made by SQLite, a chunk of sessions at a time
(:mod:`~limber.core.history.chunks`).

Each chunk is one ``SELECT``: SQLite works out every cell (times, minutes, formula
guards, quoting) and joins the chunk's lines into one string, all in C.

The text is byte for byte what :func:`limber.core.history.export.to_csv` writes (a test
compares them). A cell SQLite cannot vouch for (text beyond ASCII, a quote, a line end,
a formula start; minutes SQLite might round otherwise than Python; a float or a BLOB
where a whole number or text belongs) is made in Python, called from the query. A chunk
with a NUL in a cell (which SQLite's ``printf`` would cut short) is made again the plain
way: the cells as rows, through ``csv.writer``.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

from limber.core.history import chunks
from limber.core.history.export import CSV_COLUMNS, neutralise
from limber.core.history.exportchild import Key
from limber.core.history.rows import (
    CSV_CELLS,
    csv_cells_sql,
    register_csv_functions,
)

CHUNK = 10_000
"""Sessions per chunk (about 1.5 MB of text)."""


def write_lines(
    conn: sqlite3.Connection,
    write: Callable[[str], object],
    since: date | None,
) -> None:
    """Every session's CSV line (oldest first), without the header, written a chunk at a
    time. Raises sqlite3.Error if the history cannot be read."""
    chunks.run(conn, __name__, since, write, size=CHUNK)


def job(since: date | None) -> tuple[chunks.Chunk[str], Callable[[sqlite3.Connection], None]]:
    """What makes a chunk's lines, and what readies a connection for it (for
    :func:`limber.core.history.chunks.run`, here and in its second process)."""
    return _Query(since).chunk, _register


class _NulInCell(Exception):
    """A text cell holds a NUL: SQLite's ``printf`` would end the cell there."""


class _Query:
    """The chunk's ``SELECT`` and, for a chunk with a NUL, the plain way."""

    def __init__(self, since: date | None) -> None:
        self._range = chunks.RangeSelect(since)
        self._line = _line_sql(CSV_COLUMNS)
        self._cells = csv_cells_sql(CSV_COLUMNS)

    def chunk(self, conn: sqlite3.Connection, low: Key | None, high: Key | None) -> str:
        args = self._range.args(low, high)
        # The inner query is ordered and kept whole (OFFSET 0: not merged into the outer
        # one), so group_concat joins the lines in that order.
        lines = self._range.sql(f"{self._line.inner} AS line", high)
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
        rows = conn.execute(self._range.sql(self._cells, high), args)
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
    # (No local start, from a start SQLite cannot read: no date either, as the cells'.)
    date = "CASE WHEN unicode(line) = 44 THEN ',' ELSE substr(line, 1, 10) || ',' END"
    return _Line(text, f"{date} || line" if derived else "line")


_RISKY = "(61, 43, 45, 64, 9, 13)"  # = + - @ tab CR: export._FORMULA_START


def _cell(kind: str, sql: str) -> str:
    if kind == "minutes":
        return _minutes_sql(sql)
    if kind == "plain":  # a whole number as it is; anything else as Python writes it
        python = f"typeof({sql}) NOT IN ('integer', 'null') AND {sql} <> ''"
        return f"CASE WHEN {python} THEN limber_plain({sql}) ELSE {sql} END"
    if kind != "text":
        return sql
    # ASCII (as many characters as bytes; a NUL ends SQLite's count, so it goes to
    # Python too), no formula start, quote or line end: the cell is the text itself,
    # in quotes if it holds a comma (as csv.writer quotes it). Else (and for a BLOB,
    # which sorts after every text) Python makes it.
    python = (
        f"{sql} >= X'' OR length({sql}) <> length(CAST({sql} AS BLOB))"
        f" OR unicode({sql}) IN {_RISKY}"
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
    text = _no_nul(neutralise(value))
    out = io.StringIO()
    # Exactly as the export's writer quotes it (its line end counts: CR is quoted).
    csv.writer(out, lineterminator="\r\n").writerow([text, ""])
    return out.getvalue()[: -len(",\r\n")]


def _plain_cell(value: object) -> str:
    return _no_nul(str(value))  # as csv.writer writes it


def _no_nul(text: str) -> str:
    if "\x00" in text:
        _nul.seen = True
        raise _NulInCell
    return text


def _register(conn: sqlite3.Connection) -> None:
    register_csv_functions(conn)  # the plain way's, for a chunk with a NUL
    conn.create_function("limber_csv_cell", 1, _csv_cell, deterministic=True)
    conn.create_function("limber_plain", 1, _plain_cell, deterministic=True)
