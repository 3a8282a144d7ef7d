"""A fast reader for the plain TOML most pack files are written in, or None.

``tomllib`` is pure Python and reads a 600-byte stretch file in about 100 µs: most of
a first load of 10,000 stretches. Pack files are nearly always one ``key = value`` a
line, with ``[table]`` and ``[[array]]`` headers of one bare key, and values that are
strings without escapes, whole or decimal numbers, booleans, or one-line arrays of
those. :func:`loads` reads exactly that, a line per regular expression, and gives up
(None) at the first thing it does not know: anything else (an escape, a multi-line
string or array, a dotted or quoted key, an inline table, a date, a key given twice, a
table defined twice, a carriage return) goes to ``tomllib``, which reads it or says
what is wrong with it, at which line. So a file reads the same either way; a test
compares both on every shipped file and on near misses.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""What TOML allows in no string or comment (tab is allowed; a newline ends a line)."""
_TEXT = r'"[^"\\\n]*"'
"""A basic string without escapes (control characters are ruled out beforehand)."""
_NUMBER = r"[+-]?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?"
_SCALAR = rf"(?:{_TEXT}|{_NUMBER}|true|false)"
_S = r"[ \t\n]*"
"""Space in an array, over lines (a comment there sends the file to tomllib)."""
_NUMBERS = rf"\[{_S}(?:{_NUMBER}{_S},{_S})*(?:{_NUMBER}{_S})?\]"
_ARRAY = (
    rf"\[{_S}(?:(?:{_SCALAR}{_S},{_S})*(?:{_SCALAR}{_S})?"
    rf"|(?:{_NUMBERS}{_S},{_S})*(?:{_NUMBERS}{_S})?)\]"
)
"""An array of scalars, or of arrays of numbers (a figure's points)."""
_BARE = r"[A-Za-z0-9_-]+"
_HEADER = rf"{_BARE}(?:\.{_BARE})?"
_LINE = (
    rf"[ \t]*(?:{_BARE}[ \t]*=[ \t]*(?:{_SCALAR}|{_ARRAY})|\[{_HEADER}\]|\[\[{_HEADER}\]\])?"
    r"[ \t]*(?:#[^\n]*)?"
)
_FILE = re.compile(rf"(?:{_LINE}\n)*{_LINE}")
"""A whole file of plain lines: checked in one go before anything is read from it."""
_PARTS = re.compile(
    rf"^[ \t]*(?:({_BARE})[ \t]*=[ \t]*({_SCALAR}|{_ARRAY})|\[({_HEADER})\]|\[\[({_HEADER})\]\])",
    re.MULTILINE,
)
"""``(key, value, table, array)`` of each line that is not blank or a comment (an
array's later lines are part of its value)."""
_ITEM = re.compile(_SCALAR)
_INNER = re.compile(r"\[([^\[\]]*)\]")


def _scalar(text: str) -> Any:
    first = text[0]
    if first == '"':
        return text[1:-1]
    if first == "t":
        return True
    if first == "f":
        return False
    return float(text) if "." in text else int(text)


def _value(text: str) -> Any:
    if text[0] != "[":
        return _scalar(text)
    if text[1:].lstrip(" \t\n")[:1] == "[":  # arrays of numbers: no string to hold a "["
        return [[_scalar(n) for n in _ITEM.findall(inner)] for inner in _INNER.findall(text[1:])]
    return [_scalar(item) for item in _ITEM.findall(text)]


def _table(root: dict[str, Any], header: str, tables: set[str]) -> dict[str, Any] | None:
    """Where ``[header]`` puts its keys: a new table, in the root or in a table the
    file made with its own header; None for anything else (tomllib decides)."""
    parent, _, name = header.rpartition(".")
    into = root
    if parent:
        if parent not in tables:
            return None
        into = root[parent]
    if name in into:
        return None
    tables.add(header)
    into[name] = {}
    return into[name]  # type: ignore[no-any-return]


def _entry(root: dict[str, Any], header: str, tables: set[str], arrays: set[str]) -> Any:
    """The new table of ``[[header]]``, appended to its array; None as for :func:`_table`."""
    parent, _, name = header.rpartition(".")
    into = root
    if parent:
        if parent not in tables:
            return None
        into = root[parent]
    if header not in arrays:
        if name in into:
            return None
        arrays.add(header)
        into[name] = []
    table: dict[str, Any] = {}
    into[name].append(table)
    return table


def loads(text: str) -> dict[str, Any] | None:
    """``text`` read as ``tomllib.loads`` reads it, or None if it is not the plain
    kind this reads (then ``tomllib`` must)."""
    if "\r" in text or _CONTROL.search(text) or not _FILE.fullmatch(text):
        return None
    root: dict[str, Any] = {}
    current: dict[str, Any] | None = root
    tables: set[str] = set()
    arrays: set[str] = set()
    for key, value, table, array in _PARTS.findall(text):
        if key:
            if key in current:  # type: ignore[operator]
                return None
            current[key] = _value(value)  # type: ignore[index]
            continue
        current = _table(root, table, tables) if table else _entry(root, array, tables, arrays)
        if current is None:
            return None
    return root
