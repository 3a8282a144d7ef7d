"""The JSON export written a batch of sessions at a time, byte for byte what
:func:`limber.core.history.export.to_json_bytes` makes of the whole history at once.

A 50,000-session export is 160 MB of text: made in one piece it is encoded, formatted and
copied whole (several hundred MB at its peak). Here each batch of sessions is encoded
and formatted alone, at its depth in the document, and written as it is made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

import msgspec

from limber.core.errors import LimberError
from limber.core.history import db
from limber.core.history.export import FORMAT, VERSION
from limber.core.history.model import SessionRecord
from limber.core.history.rows import _SESSION_COLUMNS, _phases_of
from limber.core.jsonout import escape_hidden

BATCH = 2000
"""Sessions read, encoded and written at a time (with their phases, a few MB of text)."""
_OPEN, _CLOSE = len(b"[\n  [\n"), -len(b"\n  ]\n]")


def write_json(
    header: dict[str, object],
    batches: Iterable[list[SessionRecord]],
    write: Callable[[bytes], object],
) -> None:
    """``{**header, "sessions": [...]}`` as :func:`limber.core.jsonout.encode` writes it."""
    head = msgspec.json.format(msgspec.json.encode({**header, "sessions": None}), indent=2)
    write(escape_hidden(head[: head.rindex(b"null")]))
    first = True
    for batch in batches:
        if not batch:
            continue
        # Formatted inside two lists, the items are already at their depth in the
        # document: "[\n  [\n    {…},\n    {…}\n  ]\n]".
        text = msgspec.json.format(msgspec.json.encode([batch]), indent=2)
        write((b"[\n" if first else b",\n") + escape_hidden(text[_OPEN:_CLOSE]))
        first = False
    write((b"[]" if first else b"\n  ]") + b"\n}\n")


def export_json(store: _Store, since: date | None, write: Callable[[bytes], object]) -> None:
    """The history's JSON export (as ``limber history export --format json`` writes it),
    read and written :data:`BATCH` sessions at a time. Raises LimberError if the
    history cannot be read."""
    header: dict[str, object] = {"format": FORMAT, "version": VERSION}
    with store._reading() as conn:
        if conn is None:
            write_json(header, [], write)
            return
        where, args = ("WHERE local_day >= ?", [since.isoformat()]) if since else ("", [])
        sql = f"SELECT id, {', '.join(_SESSION_COLUMNS)} FROM sessions {where}"
        try:
            cursor = conn.execute(f"{sql} ORDER BY started_utc, id", args)

            def batches() -> Iterator[list[SessionRecord]]:
                while rows := cursor.fetchmany(BATCH):
                    phases = _phases_of(conn, [row[0] for row in rows], whole=False)
                    yield [
                        SessionRecord(*row[1:], phases=tuple(phases.get(row[0], ())))  # type: ignore[misc]
                        for row in rows
                    ]

            write_json(header, batches(), write)
        except sqlite3.Error as error:
            raise LimberError(f"History could not be read: {db.sqlite_reason(error)}.") from None


class _Store(Protocol):
    """What this needs of :class:`~limber.core.history.store.HistoryStore`."""

    def _reading(self) -> AbstractContextManager[sqlite3.Connection | None]: ...
