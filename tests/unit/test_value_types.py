"""One value type per role (CONTRIBUTING, "Value types"): a value type in the package is
a ``msgspec.Struct``; a ``NamedTuple`` only for a row written to or read from SQLite in
its columns' order, or where msgspec must stay unloaded; a ``@dataclass`` only where a
stated reason needs one."""

from __future__ import annotations

import ast
from pathlib import Path

import limber

PACKAGE = Path(limber.__file__).parent

NAMED_TUPLES = {
    "StopPoint": "written to the sessions.stop_* columns in order",
    "LogEntry": "a programme_log row, LogEntry(*row)",
    "PainPoint": "a row of the pain query (its day parsed), read as a tuple",
    "Format": "the format table the CLI reads for --help without importing msgspec",
}
DATACLASSES = {
    "LoadedPack": "public API since 1.0: a pack's tests may use dataclasses on it",
}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _classes(kind: str) -> set[str]:
    """The name of every class in the package made with ``kind`` (by name alone, so a
    class keeps its verdict when it moves between modules)."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                made_with = [*node.bases, *node.decorator_list]
                if any(_name(n) == kind for n in made_with):
                    found.add(node.name)
    return found


def test_named_tuples_are_only_the_stated_rows():
    assert _classes("NamedTuple") == set(NAMED_TUPLES)


def test_dataclasses_are_only_the_stated_exceptions():
    assert _classes("dataclass") == set(DATACLASSES)
