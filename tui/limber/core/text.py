"""Text from packs, files, hooks and imports is data: this is where it is made safe.

Every string that enters Limber from outside (a pack's TOML or code, a hook's error, an
entry point's name, a settings file, an imported history) passes through here once, where
it enters: escape sequences and control characters (C0 but newline and tab, DEL, C1) are
removed, and so are the invisible characters that change the order text is shown in or
hide what it says (see :data:`INVISIBLE`); its length is bounded. So no display site can
forget, and no message can grow into a wall of text. The outputs that show stored text
(the reports, the exports, the screen) pass it through here again, for text recorded
before a character was added to the list.
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
INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b"  # zero-width space
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u206f"  # bidi isolates, deprecated format characters
    "\ufeff"  # byte order mark, zero-width no-break space
    "\ufff9-\ufffb"  # interlinear annotation
)
"""Characters (a regex class) that show nothing yet can reorder the text around them or
hide what it says: "pain 2 → 8" with a right-to-left mark reads "pain 8 → 2" in a
browser. Each is removed. The zero-width joiner and non-joiner are removed too, unless
they sit between two letters or symbols (Persian words and emoji sequences need them)."""
_JOINERS = "\u200c\u200d"
# C0 and C1 controls except tab and newline, DEL, and the invisible characters above.
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}]")
SUSPECT = f"\x00-\x08\t\x0b-\x1f\x7f-\x9f{INVISIBLE}{_JOINERS}\u2028\u2029"
"""What :func:`clean` changes (a regex class): a string with none of it is left as it is."""
_SUSPECT = re.compile(f"[{SUSPECT}]")
_JOINER = re.compile(f"[{_JOINERS}]")
_SEPARATORS = str.maketrans("\u2028\u2029", "\n\n")

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
    text = _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\t", "    ")
    if _JOINER.search(text):
        text = _JOINER.sub(_joiner, text)
    return text.translate(_SEPARATORS)  # line and paragraph separators: newlines


def visible(text: str) -> str:
    """``text`` without the invisible characters of :func:`clean` (but for joiners
    between letters), every other character as it is: for a format that keeps tabs and
    line ends, such as a CSV cell."""
    if not _INVISIBLE.search(text):
        return text
    return _JOINER.sub(_joiner, _INVISIBLE_ONLY.sub("", text))


_INVISIBLE = re.compile(f"[{INVISIBLE}{_JOINERS}]")
_INVISIBLE_ONLY = re.compile(f"[{INVISIBLE}]")


def _joiner(match: re.Match[str]) -> str:
    """A zero-width (non-)joiner kept only between two letters, marks or symbols."""
    import unicodedata

    text, at = match.string, match.start()
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    joins = all(
        unicodedata.category(ch)[0] in "LM" or unicodedata.category(ch) in ("So", "Sk")
        for ch in (before, after)
    )
    return match.group() if joins else ""


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


INVISIBLE_LEADS = (b"\xc2", b"\xe2", b"\xd8\x9c", b"\xe1\xa0\x8e", b"\xef")
"""Bytes each match of :data:`INVISIBLE_UTF8` starts with: ``in`` scans for them first."""
# What a control character or an invisible one looks like in JSON: C0 and DEL as \u00XX
# escapes (or \t \n \r \b \f), any character as a \u escape (other writers than msgspec
# escape more), the rest as UTF-8 bytes.
INVISIBLE_UTF8 = re.compile(
    rb"\xc2[\x80-\x9f\xad]"  # C1, U+00AD
    rb"|\xd8\x9c|\xe1\xa0\x8e|\xef\xbb\xbf|\xef\xbf[\xb9-\xbb]"  # U+061C U+180E U+FEFF U+FFF9-B
    rb"|\xe2\x80[\x8b-\x8f\xa8-\xae]"  # U+200B-U+200F, U+2028-U+202E
    rb"|\xe2\x81[\xa0-\xa4\xa6-\xaf]"  # U+2060-U+2064, U+2066-U+206F
)
"""C1 controls and every invisible character (the joiners and the line and paragraph
separators too) as UTF-8 bytes: what JSON output writes as ``\\u`` escapes."""
_SUSPECT_JSON = re.compile(rb"\\u|\\[tbfr]|\x7f|" + INVISIBLE_UTF8.pattern)


def json_may_need_cleaning(encoded: bytes) -> bool:
    """Whether JSON text may hold a string :func:`clean` would change; a few quick
    substring scans first, so a gigabyte of clean text costs little."""
    if not any(mark in encoded for mark in _JSON_LEADS):
        return False
    return bool(_SUSPECT_JSON.search(encoded))


_JSON_LEADS = (b"\\", b"\x7f", *INVISIBLE_LEADS)


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
    if len(encoded) > MAX_TEXT or json_may_need_cleaning(encoded):
        return _clean_copy(data)
    _check_depth(data)
    return data


# In TOML source, what can put a control character into a parsed string: the character
# itself (a carriage return too), or an escape (\\u0007, \\U0000009b, \\b, \\f, \\e, \\r).
_SUSPECT_SOURCE = re.compile(f"{_SUSPECT.pattern}|\\\\[uUbfexr]")


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
