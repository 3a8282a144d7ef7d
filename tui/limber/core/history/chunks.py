"""The sessions read in key ranges, each range made into text by one ``SELECT`` and
written before the next is made: the exports' way to keep memory flat while SQLite, not
Python, writes the text (:mod:`~limber.core.history.csvlines`,
:mod:`~limber.core.history.jsonstream`).

Ranges are of ``(started_utc, id)``, the export's order, so the rows come in order and
none twice; a session added meanwhile may or may not be in the export, as with any read
under way.

One thread does it. Making the next chunk on a second connection in a thread while this
one is written was tried (issue 22): the system's SQLite counts its memory under one
lock, so the two threads mostly waited on each other. The CSV of a million sessions
took 5.7 s and 10.8 s of CPU that way, 6.0 s and 6.0 s of CPU on one thread; the JSON
of 50,000 sessions 1.6 s against 1.2 s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import TypeVar

Key = tuple[str, int]
FIRST: Key = ("", -(2**63))
"""Before every session's key."""

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
) -> None:
    """``write(chunk(...))`` for each range of ``size`` sessions, in order. ``register``
    readies the connection (its SQL functions). Raises what ``chunk`` or ``write``
    raises."""
    register(conn)
    for low, high in _ranges(conn, size):
        write(chunk(conn, low, high))


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
