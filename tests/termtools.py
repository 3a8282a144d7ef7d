"""``bench/term.py`` for the tests: a program in a real pseudo-terminal, its screen read
through a terminal emulator, as ``make bench`` runs Limber."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def term_module() -> ModuleType:
    """The bench's ``term`` module (``Term``, ``Exited``), loaded once a process."""
    if (loaded := sys.modules.get("bench_term")) is not None:
        return loaded
    spec = importlib.util.spec_from_file_location("bench_term", REPO / "bench" / "term.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_term"] = module
    spec.loader.exec_module(module)
    return module
