"""The JSON export written a chunk of sessions at a time, byte for byte what
:func:`limber.core.history.export.to_json_bytes` makes of the whole history at once.

A 50,000-session export is 160 MB of text: made in one piece it is encoded, formatted and
copied whole (several hundred MB at its peak). Here each chunk of sessions is made alone,
already at its depth in the document, and written as it is made.

SQLite writes each chunk's text, indented as ``msgspec.json.format(indent=2)`` indents
it, a chunk at a time (:mod:`~limber.core.history.chunks`): strings by ``json_quote`` (the
same escapes as msgspec's, a test checks every character), whole numbers as they are,
floats that are whole and under 10¹⁵ as ``n.0``; any other value (a fraction, a float
in an integer column) is encoded by msgspec, called from the query. A chunk SQLite
cannot write (a BLOB where text belongs) is made the plain way: records encoded by
msgspec (:func:`write_json`'s way). C1 controls and invisible characters are escaped
last (:func:`limber.core.jsonout.escape_hidden`), as everywhere.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

import msgspec

from limber.core.errors import LimberError
from limber.core.history import chunks, db
from limber.core.history.export import FORMAT, VERSION
from limber.core.history.exportchild import Key
from limber.core.history.model import PhaseRecord, SessionRecord
from limber.core.history.rows import _SESSION_COLUMNS, _phases_of
from limber.core.jsonout import escape_hidden

BATCH = 1000
"""Sessions made and written at a time (with their phases, about 3 MB of text)."""
_OPEN, _CLOSE = len(b"[\n  [\n"), -len(b"\n  ]\n]")


def write_json(
    header: dict[str, object],
    batches: Iterable[bytes],
    write: Callable[[bytes], object],
) -> None:
    """``{**header, "sessions": [...]}`` as :func:`limber.core.jsonout.encode` writes it,
    each of ``batches`` being sessions already at their depth (:func:`encode_batch`)."""
    document = _Document(header, write)
    for batch in batches:
        document.add(batch)
    document.close()


class _Document:
    """The export's text around its batches of sessions, written as they come."""

    def __init__(self, header: dict[str, object], write: Callable[[bytes], object]) -> None:
        head = msgspec.json.format(msgspec.json.encode({**header, "sessions": None}), indent=2)
        write(escape_hidden(head[: head.rindex(b"null")]))
        self._write, self._first = write, True

    def add(self, batch: bytes) -> None:
        if batch:
            self._write((b"[\n" if self._first else b",\n") + batch)
            self._first = False

    def close(self) -> None:
        self._write((b"[]" if self._first else b"\n  ]") + b"\n}\n")


def encode_batch(records: list[SessionRecord]) -> bytes:
    """Sessions as the export writes them, at their depth in the document."""
    if not records:
        return b""
    # Formatted inside two lists, the items are already at their depth in the
    # document: "[\n  [\n    {…},\n    {…}\n  ]\n]".
    text = msgspec.json.format(msgspec.json.encode([records]), indent=2)
    return escape_hidden(text[_OPEN:_CLOSE])


def export_json(store: _Store, since: date | None, write: Callable[[bytes], object]) -> None:
    """The history's JSON export (as ``limber history export --format json`` writes it),
    made and written :data:`BATCH` sessions at a time. Raises LimberError if the
    history cannot be read."""
    header: dict[str, object] = {"format": FORMAT, "version": VERSION}
    with store._reading() as conn:
        if conn is None:
            write_json(header, [], write)
            return
        document = _Document(header, write)
        try:
            chunks.run(conn, __name__, since, document.add, size=BATCH)
        except sqlite3.Error as error:
            raise LimberError(f"History could not be read: {db.sqlite_reason(error)}.") from None
        document.close()


def job(since: date | None) -> tuple[chunks.Chunk[bytes], Callable[[sqlite3.Connection], None]]:
    """What makes a chunk's text, and what readies a connection for it (for
    :func:`limber.core.history.chunks.run`, here and in its second process)."""
    return _Query(since).chunk, _register


class _Query:
    """A chunk's ``SELECT``, and the plain way for a chunk SQLite cannot write."""

    def __init__(self, since: date | None) -> None:
        self._range = chunks.RangeSelect(since)
        self._sessions = _object_sql(SessionRecord, 4)

    def chunk(self, conn: sqlite3.Connection, low: Key | None, high: Key | None) -> bytes:
        args = self._range.args(low, high)
        sessions = self._range.sql(f"{self._sessions} AS s", high)
        sql = f"SELECT group_concat(s, ',\n') FROM ({sessions} LIMIT -1 OFFSET 0)"
        try:
            text = conn.execute(sql, args).fetchone()[0]
        except sqlite3.OperationalError:
            return self._plain(conn, args, high)
        return escape_hidden(text.encode()) if text else b""

    def _plain(self, conn: sqlite3.Connection, args: list[object], high: Key | None) -> bytes:
        sql = self._range.sql(f"id, {', '.join(_SESSION_COLUMNS)}", high)
        rows = conn.execute(sql, args).fetchall()
        phases = _phases_of(conn, [row[0] for row in rows], whole=False)
        return encode_batch(
            [
                SessionRecord(*row[1:], phases=tuple(phases.get(row[0], ())))  # type: ignore[misc]
                for row in rows
            ]
        )


def _object_sql(record: type[msgspec.Struct], depth: int) -> str:
    """A ``printf`` writing a row (its columns named as ``record``'s fields) as ``record``
    formatted with two-space indents, its ``{`` ``depth`` spaces in."""
    pad = " " * (depth + 2)
    keys, values = [], []
    for field in msgspec.structs.fields(record):
        keys.append(f'{pad}"{field.name}": %s')
        values.append(_value_sql(field.name, field.type, depth + 2))
    text = "{\n" + ",\n".join(keys) + "\n" + " " * depth + "}"
    return f"printf('{' ' * depth}{text}', {', '.join(values)})"


# A session's phases in order: the ordered inner query is kept whole (an aggregate's
# subquery with ORDER BY is not merged into it), so group_concat joins them in that order.
_PHASES = (
    "(SELECT {phases} FROM"
    " (SELECT {phase} AS p FROM phases WHERE session_id = sessions.id ORDER BY id))"
)


def _value_sql(column: str, kind: object, depth: int) -> str:
    if kind in (str, str | None):
        return f"json_quote({column})"
    if kind in (int, int | None):
        return (
            f"CASE typeof({column}) WHEN 'integer' THEN {column} WHEN 'null' THEN 'null'"
            f" ELSE limber_json({column}) END"
        )
    if kind is float:
        return (
            f"CASE WHEN {column} = CAST({column} AS INTEGER) AND abs({column}) < 1e15"
            f" THEN CAST({column} AS INTEGER) || '.0'"
            f" ELSE limber_json({column}) END"
        )
    if kind is bool:
        return (
            f"CASE {column} WHEN 0 THEN 'false' WHEN 1 THEN 'true'"
            f" ELSE limber_json_bool({column}) END"
        )
    if column == "phases":
        close = f"\n{' ' * depth}]"
        return _PHASES.format(
            phases=f"coalesce('[\n' || group_concat(p, ',\n') || '{close}', '[]')",
            phase=_object_sql(PhaseRecord, depth + 2),
        )
    raise ValueError(f"no SQL for the JSON export's field {column!r} ({kind!r})")


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function("limber_json", 1, _json, deterministic=True)
    # As the records are read: bool() of whatever the column holds.
    conn.create_function("limber_json_bool", 1, lambda v: _json(bool(v)), deterministic=True)


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


class _Store(Protocol):
    """What this needs of :class:`~limber.core.history.store.HistoryStore`."""

    def _reading(self) -> AbstractContextManager[sqlite3.Connection | None]: ...
