"""Pack text is data: strip what a terminal would act on before it is shown anywhere."""

from __future__ import annotations

import re

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


def clean(text: str) -> str:
    """``text`` with escape sequences and control characters removed; tabs become spaces."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\t", "    ")


def clean_line(text: str) -> str:
    """:func:`clean`, folded onto one line (for names, list rows and cues)."""
    return " ".join(clean(text).split())
