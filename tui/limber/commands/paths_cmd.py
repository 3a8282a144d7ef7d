"""``limber paths``: where Limber keeps each file, like ``posting locate``."""

from __future__ import annotations

import sys
from pathlib import Path

from limber import DISTRIBUTION, __version__
from limber.core.paths import Paths, core_content_dir


def run() -> int:
    """One ``label: path`` line per location; nothing is created."""
    paths = Paths.from_env()
    rows = [
        ("config", paths.config_file),
        ("routines", paths.routines_dir),
        ("history", paths.history_db),
        ("state", paths.state_file),
        ("cache", paths.cache_dir),
        ("core content", core_content_dir()),
        ("environment", Path(sys.prefix)),
        ("installed as", f"{DISTRIBUTION} {__version__}"),
    ]
    for label, path in rows:
        print(f"{label + ':':<14}{path}")
    return 0
