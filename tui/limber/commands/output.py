"""How commands print machine-readable output."""

from __future__ import annotations

import sys


def print_json(data: object) -> None:
    """``--json``: indented, UTF-8 as is, one trailing newline."""
    import json

    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
