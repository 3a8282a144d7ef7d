"""Modules and functions stay a size a reader can hold: no module under tui/limber over
400 lines, no function over 60 (ruff's C901 keeps each function's complexity ≤ 15).

A module over 360 lines is listed as a warning (in pytest's warnings summary), so it is
split along a seam while there is room, not when one more line fails the build."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import limber

PACKAGE = Path(limber.__file__).parent
MAX_MODULE_LINES = 400
WARN_MODULE_LINES = 360
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _module_lines() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules()
    }


def test_no_module_is_over_400_lines():
    too_long = {name: n for name, n in _module_lines().items() if n > MAX_MODULE_LINES}
    assert too_long == {}


def test_modules_near_the_wall_are_listed_as_a_warning():
    near = {
        name: n for name, n in _module_lines().items() if WARN_MODULE_LINES < n <= MAX_MODULE_LINES
    }
    for name, n in sorted(near.items()):
        warnings.warn(
            f"{name} has {n} lines (over {WARN_MODULE_LINES}, the wall is "
            f"{MAX_MODULE_LINES}): split it along a seam while there is room",
            UserWarning,
            stacklevel=1,
        )


def test_no_function_is_over_60_lines():
    too_long = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - start + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert too_long == {}
