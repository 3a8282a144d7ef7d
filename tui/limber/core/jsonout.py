"""The one JSON encoder of everything Limber prints or exports as JSON.

msgspec encodes in C, an order of magnitude faster than ``json.dumps(indent=…)`` (a
10,000-stretch ``limber list --json`` spent seconds there). The text keeps the shape
it had: two-space indents, keys in insertion order, non-ASCII written as UTF-8, one
trailing newline. msgspec writes every character above U+007F raw, C1 controls
(U+0080–U+009F) included, and some terminals act on those (U+009B is CSI): they are
written as ``\\u0080``…``\\u009f`` instead, so a JSON file shown with ``cat`` is only text.
``commands.output.print_json`` prints with it; the history export uses it too.
"""

from __future__ import annotations

import re

import msgspec

_C1 = re.compile(rb"\xc2[\x80-\x9f]")
"""U+0080–U+009F in UTF-8. 0xC2 only ever starts a character, so this never matches
inside another one."""


def _escape_c1(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % match.group()[1]


def escape_c1(text: bytes) -> bytes:
    """UTF-8 JSON text with U+0080–U+009F written as ``\\u0080``…``\\u009f``."""
    return _C1.sub(_escape_c1, text) if b"\xc2" in text else text


def encode(data: object) -> bytes:
    """``data`` (built-in types and msgspec structs) as indented UTF-8 JSON text."""
    return encode_value(data) + b"\n"


def encode_value(data: object) -> bytes:
    """:func:`encode` without the trailing newline, for a writer that adds it: adding it
    here copies the whole text (12 MB for a 10,000-stretch listing)."""
    return escape_c1(msgspec.json.format(msgspec.json.encode(data), indent=2))
