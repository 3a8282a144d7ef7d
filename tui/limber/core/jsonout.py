"""The one JSON encoder of everything Limber prints or exports as JSON.

msgspec encodes in C, an order of magnitude faster than ``json.dumps(indent=…)`` (a
10,000-stretch ``limber list --json`` spent seconds there). The text keeps the shape
it had: two-space indents, keys in insertion order, non-ASCII written as UTF-8, one
trailing newline. msgspec writes every character above U+007F raw, C1 controls
(U+0080–U+009F) included, and some terminals act on those (U+009B is CSI); invisible
characters such as a right-to-left mark would reorder what a viewer shows. Both are
written as ``\\u`` escapes instead (``\\u009b``, ``\\u200f``), so a JSON file shown
with ``cat`` is only text, and a mark is there to see.
``commands.output.print_json`` prints with it; the history export uses it too.
"""

from __future__ import annotations

import msgspec

from limber.core.text import hidden_utf8


def escape_hidden(text: bytes) -> bytes:
    """UTF-8 JSON text with C1 controls and invisible characters written as ``\\u``
    escapes (see :func:`limber.core.text.hidden_utf8`)."""
    spans = hidden_utf8(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], b"\\u%04x" % ord(text[start:end].decode())]
        last = end
    out.append(text[last:])
    return b"".join(out)


def encode(data: object) -> bytes:
    """``data`` (built-in types and msgspec structs) as indented UTF-8 JSON text."""
    return encode_value(data) + b"\n"


def encode_value(data: object) -> bytes:
    """:func:`encode` without the trailing newline, for a writer that adds it: adding it
    here copies the whole text (26 MB for a 10,000-stretch listing).

    The hidden characters are escaped before the indenting, in the compact text (15 MB
    to scan rather than 26 MB for that listing): they are only ever inside strings,
    which indenting copies as they are, escapes included."""
    return msgspec.json.format(escape_hidden(msgspec.json.encode(data)), indent=2)
