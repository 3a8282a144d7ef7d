"""CONTRIBUTING's tour names every module of the package, so a contributor reading it finds
each file (issue 23: it missed 8). A new module fails here until the tour says what it is."""

from __future__ import annotations

import re
from pathlib import Path

import limber

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = Path(limber.__file__).parent


def tour() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("## A tour")
    return text[start : text.index("\n## ", start + 1)]


def test_the_tour_names_every_module() -> None:
    words = tour()
    missing = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.stem != "__init__" and not re.search(rf"\b{re.escape(path.stem)}\b", words)
    ]
    assert not missing, (
        f"CONTRIBUTING.md's tour does not name {', '.join(missing)}: say in a few words what "
        "each is for, beside its neighbours"
    )
