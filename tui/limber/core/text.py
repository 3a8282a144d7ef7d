"""Text from packs, files, hooks and imports is data: this is where it is made safe.

Every string that enters Limber from outside (a pack's TOML or code, a hook's error, an
entry point's name, a settings file, an imported history) passes through here once, where
it enters: escape sequences and control characters (C0 but newline and tab, DEL, C1, the
bidi overrides) are removed and its length is bounded. So no display site can forget,
and no message can grow into a wall of text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_ESCAPES = re.compile(
    r"""
    \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?      # OSC ... BEL or ST (titles, hyperlinks)
  | \x1b[P^_X][^\x1b]*(?:\x1b\\)?           # DCS, PM, APC, SOS strings
  | \x1b\[[0-?]*[ -/]*[@-~]?                # CSI (colours, cursor moves, erase)
  | \x9b[0-?]*[ -/]*[@-~]?                  # 8-bit CSI
  | \x1b[ -/]*[0-~]?                        # any other ESC sequence, or a lone ESC
    """,
    re.VERBOSE,
)
# C0 and C1 controls except tab and newline, DEL, and the bidi overrides that can make
# text display in an order other than it is stored.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile("[\x00-\x08\t\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

MAX_TEXT = 20_000
"""The longest string kept from outside: far above any field's own limit (the schema
still reports a field that is too long), far below a wall of text."""
MAX_MESSAGE = 300
"""The longest message (an error, a hook's exception, a name) shown in one line."""
MAX_DEPTH = 32
"""The deepest nesting of tables and arrays read from a file or a pack: pack files are
two or three levels deep; thousands of levels are an attack on the parser."""

ELLIPSIS = "…"


class TooDeep(ValueError):
    """A mapping nested deeper than :data:`MAX_DEPTH` (or one that contains itself)."""


def clean(text: str) -> str:
    """``text`` with escape sequences and control characters removed; tabs become spaces."""
    if not _SUSPECT.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\t", "    ")


def clean_line(text: str) -> str:
    """:func:`clean`, folded onto one line (for names, list rows and cues)."""
    return " ".join(clean(text).split())


def bounded(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def untrusted(text: object, limit: int = MAX_TEXT) -> str:
    """Any value from outside as safe text: a string, cut first (so cleaning a huge
    string costs little), then cleaned, and cut again to ``limit``."""
    value = text if isinstance(text, str) else str(text)
    return bounded(clean(bounded(value, limit + 64)), limit)


def untrusted_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """:func:`untrusted` on one line, bounded as a message: names, versions, errors."""
    value = text if isinstance(text, str) else str(text)
    return bounded(clean_line(bounded(value, 4 * limit + 64)), limit)


# What a control character, a C1 character or a bidi override looks like in msgspec's
# JSON: C0 and DEL... as \u00XX escapes (or \t \n \r \b \f), the rest as UTF-8 bytes.
_SUSPECT_JSON = re.compile(
    rb"\\u00[01][0-9a-fA-F]|\\[tbfr]|\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def clean_tree(data: Any) -> Any:
    """TOML- or JSON-shaped ``data`` with every string (keys included) made
    :func:`untrusted`; raises :class:`TooDeep` past :data:`MAX_DEPTH` levels, which also
    stops a structure that contains itself.

    Most data is clean: one C-speed encoding finds that out, and then only the nesting is
    checked; otherwise a cleaned copy is made.
    """
    import msgspec

    try:
        encoded = msgspec.json.encode(data)
    except RecursionError:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from None
    except (TypeError, ValueError, OverflowError):  # not plain data: clean the slow way
        return _clean_copy(data)
    if len(encoded) > MAX_TEXT or _SUSPECT_JSON.search(encoded):
        return _clean_copy(data)
    _check_depth(data)
    return data


# In TOML source, what can put a control character into a parsed string: the character
# itself (a carriage return too), or an escape (\\u0007, \\U0000009b, \\b, \\f, \\e, \\r).
_SUSPECT_SOURCE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\\\\[uUbfexr]"
)


def clean_parsed(data: Any, source: str) -> Any:
    """:func:`clean_tree` for what a parser made of ``source``: when the source holds no
    control character nor an escape that makes one, and is short enough that no string
    in it can be too long, only the nesting needs checking (the common case, and fast)."""
    if len(source) <= MAX_TEXT and not _SUSPECT_SOURCE.search(source):
        _check_depth(data)
        return data
    return _clean_copy(data)


def _check_depth(data: Any, depth: int = 0) -> None:
    if depth >= MAX_DEPTH:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, (dict, list)):
                _check_depth(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, (dict, list)):
                _check_depth(value, depth + 1)


def _clean_copy(data: Any, depth: int = 0) -> Any:
    if isinstance(data, str):
        return untrusted(data)
    if depth >= MAX_DEPTH:
        if isinstance(data, (Mapping, list, tuple)):
            raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
        return data
    if isinstance(data, Mapping):
        return {
            (untrusted_line(k) if isinstance(k, str) else k): _clean_copy(v, depth + 1)
            for k, v in data.items()
        }
    if isinstance(data, (list, tuple)):
        return [_clean_copy(v, depth + 1) for v in data]
    return data
