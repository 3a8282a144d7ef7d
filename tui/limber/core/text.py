"""Text from packs, files, hooks and imports is data: this is where it is made safe.

Every string that enters Limber from outside (a pack's TOML or code, a hook's error, an
entry point's name, a settings file, an imported history) passes through here once, where
it enters: escape sequences and control characters (C0 but newline and tab, DEL, C1) are
removed, and so are the invisible characters that change the order text is shown in or
hide what it says (see :data:`INVISIBLE_RANGES`); its length is bounded. So no display site can
forget, and no message can grow into a wall of text. The outputs that show stored text
(the reports, the exports, the screen) pass it through here again, for text recorded
before a character was added to the list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
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
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200B),  # zero-width space
    (0x200E, 0x200F),  # left-to-right and right-to-left marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xFEFF, 0xFEFF),  # byte order mark, zero-width no-break space
    (0xFFF9, 0xFFFB),  # interlinear annotation
)
"""Characters that show nothing yet can reorder the text around them or hide what it
says: "pain 2 → 8" with a right-to-left mark reads "pain 8 → 2" in a browser. Each is
removed. The zero-width joiner and non-joiner are removed too, unless they sit between
two letters or symbols (Persian words and emoji sequences need them)."""
INVISIBLE = "".join(f"{chr(a)}-{chr(b)}" for a, b in INVISIBLE_RANGES)
""":data:`INVISIBLE_RANGES` as a regex class."""
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
    """``text`` with escape sequences, control characters and invisible characters
    removed (a joiner between two letters stays); tabs become spaces, and line and
    paragraph separators newlines."""
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
    import unicodedata  # off the start-up path: only text with a zero-width joiner

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


@lru_cache(maxsize=1)
def _hidden_utf8() -> tuple[tuple[bytes, re.Pattern[bytes]], ...]:
    """Every C1 control and invisible character (the joiners and the line and paragraph
    separators too) as UTF-8, grouped by their first byte: (that byte, a pattern for the
    characters starting with it). Made on first use: the app's start-up never needs it."""
    ranges = ((0x80, 0x9F), *INVISIBLE_RANGES, (0x200C, 0x200D), (0x2028, 0x2029))
    by_lead: dict[bytes, list[bytes]] = {}
    for first, last in ranges:
        for code in range(first, last + 1):
            encoded = chr(code).encode()
            by_lead.setdefault(encoded[:1], []).append(re.escape(encoded))
    return tuple((lead, re.compile(b"|".join(found))) for lead, found in by_lead.items())


def hidden_utf8(data: bytes) -> list[tuple[int, int]]:
    """Where UTF-8 ``data`` holds a C1 control or an invisible character: sorted
    (start, end) spans. Each pattern runs only if its first byte is there at all (one
    ``memchr``), so 100 MB of ASCII JSON costs a few milliseconds."""
    spans: list[tuple[int, int]] = []
    for lead, pattern in _hidden_utf8():
        if lead in data:
            spans += (found.span() for found in pattern.finditer(data))
    return sorted(spans)


# In JSON, a control character may also be an escape: \u00XX (any \u escape, as other
# writers than msgspec escape more), \t \b \f \r, and DEL.
_SUSPECT_ESCAPE = re.compile(rb"\\u|\\[tbfr]|\x7f")


def json_may_need_cleaning(encoded: bytes) -> bool:
    """Whether JSON text may hold a string :func:`clean` would change; quick substring
    scans, so a gigabyte of clean text costs little."""
    if (b"\\" in encoded or b"\x7f" in encoded) and _SUSPECT_ESCAPE.search(encoded):
        return True
    return bool(hidden_utf8(encoded))


def clean_tree(data: Any) -> Any:
    """TOML- or JSON-shaped ``data`` with every string (keys included) made
    :func:`untrusted`; raises :class:`TooDeep` past :data:`MAX_DEPTH` levels, which also
    stops a structure that contains itself.

    Most data is clean: one C-speed encoding finds that out, and then only the nesting is
    checked; otherwise a cleaned copy is made.
    """
    import msgspec  # off the way of `limber --version` and `--help`

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
_ESCAPE_SOURCE = re.compile(r"\\[uUbfexr]")


def _suspect_source(source: str) -> bool:
    """Whether ``source`` may hold what :func:`clean` changes (two scans: one class
    alone is several times faster to look for than an alternation)."""
    return bool(_SUSPECT.search(source) or ("\\" in source and _ESCAPE_SOURCE.search(source)))


def clean_parsed(data: Any, source: str) -> Any:
    """:func:`clean_tree` for what a parser made of ``source``: when the source holds no
    control character nor an escape that makes one, and is short enough that no string
    in it can be too long, only the nesting needs checking (the common case, and fast),
    and not even that when the source is too plain to nest deep (:func:`_shallow`)."""
    if len(source) <= MAX_TEXT and not _suspect_source(source):
        if not _shallow(source):
            _check_depth(data)
        return data
    return _clean_copy(data)


def _shallow(source: str) -> bool:
    """Whether what TOML (or JSON) ``source`` parses to surely nests less than
    :data:`MAX_DEPTH` deep. Every table or array a parser makes is made by a character
    of its own: a ``[`` (an array, a table header, each half of ``[[``), a ``{`` (an
    inline table) or a ``.`` (each dot of a dotted key adds a table). So no chain of
    them is longer than the count of those characters in the whole text (a dot or a
    bracket inside a string only adds to the count)."""
    return source.count("[") + source.count("{") + source.count(".") < MAX_DEPTH


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
