"""Text on its way to a speech engine: one clean line, bounded (the engines read it on
stdin, so no text is ever read as an option)."""

from __future__ import annotations

import re
import unicodedata

LIMIT = 200
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|.)?")
"""An escape sequence (CSI, OSC or a two-character one), removed whole."""


def clean(text: str) -> str:
    """Drop control and format characters, fold whitespace, bound the length.

    The event's fields are already clean; this keeps the pack safe with any caller.
    Leading dashes are dropped as well, though the words go on stdin, never as an option.
    """
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in _ESCAPE.sub("", text)
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())[:LIMIT].lstrip("-").strip()
