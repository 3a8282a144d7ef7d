"""The sessions read in key ranges, each range made into text by one ``SELECT`` and
written in order, a few at most held at once: the exports' way to keep memory flat while
SQLite, not Python, writes the text (:mod:`~limber.core.history.csvlines`,
:mod:`~limber.core.history.jsonstream`).

Ranges are of ``(started_utc, id)``, the export's order, so the rows come in order and
none twice; a session added meanwhile may or may not be in the export, as with any read
under way.

A long export (at least :data:`CHILD_FROM` ranges) shares them with a second process
(:mod:`~limber.core.history.exportchild`): it makes every other range while this one
makes and writes the rest, so the export uses two cores.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from limber.core import subpython
from limber.core.history.exportchild import Helper, Key

FIRST: Key = ("", -(2**63))
"""Before every session's key."""

T = TypeVar("T")
Chunk = Callable[[sqlite3.Connection, "Key | None", "Key | None"], T]
"""Makes the text of the sessions after the first key up to the second (None: the
first or last session), on the connection it is given."""


class RangeSelect:
    """The ``SELECT`` of the sessions in one key range (and from ``since`` on, if given),
    in the export's order: what each export's chunk reads."""

    def __init__(self, since: date | None) -> None:
        self._where = "(started_utc, id) > (?, ?)"
        self._since: list[object] = []
        if since is not None:
            self._where += " AND local_day >= ?"
            self._since.append(since.isoformat())

    def sql(self, columns: str, high: Key | None) -> str:
        """``SELECT columns`` of the range's sessions (up to ``high``; None: to the end)."""
        until = "" if high is None else " AND (started_utc, id) <= (?, ?)"
        return f"SELECT {columns} FROM sessions WHERE {self._where}{until} ORDER BY started_utc, id"

    def args(self, low: Key | None, high: Key | None) -> list[object]:
        """The parameters of :meth:`sql` for the range after ``low`` up to ``high``."""
        return [*(low or FIRST), *self._since, *(high or ())]


CHILD_FROM = 4
"""Fewer ranges than this: no second process (its start-up, about 70 ms of CPU, would
cost more than it saves)."""


def run(
    conn: sqlite3.Connection,
    maker: str,
    since: date | None,
    write: Callable[[T], object],
    *,
    size: int,
) -> None:
    """``write(chunk(...))`` for each range of ``size`` sessions, in order, where
    ``chunk`` (and ``register``, which readies a connection) are ``job(since)`` of the
    module named ``maker``. Raises what ``chunk`` or ``write`` raises."""
    chunk, register = importlib.import_module(maker).job(since)
    register(conn)
    ranges = list(_ranges(conn, size))
    path = _file_of(conn)
    helper = None
    if len(ranges) >= CHILD_FROM and path is not None and subpython.available():
        iso = None if since is None else since.isoformat()
        helper = Helper(path, maker, iso, ranges[1::2])
    try:
        for number, (low, high) in enumerate(ranges):
            made = helper.take() if helper is not None and number % 2 else None
            # The child made it with the same chunk: text or bytes as chunk makes them.
            write(chunk(conn, low, high) if made is None else made)  # type: ignore[arg-type]
    finally:
        if helper is not None:
            helper.close()


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


def _file_of(conn: sqlite3.Connection) -> Path | None:
    """The file of ``conn``'s main database; None for one in memory."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
