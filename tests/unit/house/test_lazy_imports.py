"""An import inside a function says why it is there (CONTRIBUTING, "Keeping start-up
fast"): it keeps a module off the start-up list in ``ui/startup.py`` (or off another
command's way), in a short comment on its line or just above its group of imports.
Otherwise it belongs at the top of its file.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import limber

PACKAGE = Path(limber.__file__).parent

PRAGMAS = ("noqa", "type:", "pragma:")
"""A comment that only silences a tool gives no reason."""


def _reasons(source: str) -> dict[int, bool]:
    """Line → whether a comment on it gives a reason (is more than a tool's pragma)."""
    found: dict[int, bool] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            words = token.string.lstrip("#").strip()
            found[token.start[0]] = bool(words) and not words.startswith(PRAGMAS)
    return found


def unexplained(source: str) -> list[int]:
    """Lines of imports inside functions with no reason on their line(s) or in the
    comment lines just above them (above their group of imports, if they are several)."""
    tree = ast.parse(source)
    reasons = _reasons(source)
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    import_lines = {
        line for node in imports for line in range(node.lineno, (node.end_lineno or 0) + 1)
    }
    lazy = {
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    ends = {node.lineno: node.end_lineno or node.lineno for node in imports}
    lines = source.splitlines()
    missing = []
    for start in sorted(lazy):
        if any(reasons.get(line) for line in range(start, ends[start] + 1)):
            continue
        line = start - 1
        while line >= 1 and (line in import_lines or lines[line - 1].lstrip().startswith("#")):
            if reasons.get(line):
                break
            line -= 1
        else:
            missing.append(start)
    return missing


def _unexplained_by_file() -> dict[str, list[int]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = unexplained(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(PACKAGE).as_posix()] = lines
    return found


def test_every_import_inside_a_function_says_why():
    problems = [
        f"tui/limber/{name}, line {line}: an import inside a function with no reason; say in "
        "a short comment which module it keeps off the start-up path (or off which command's "
        "way), or move it to the top of the file."
        for name, lines in _unexplained_by_file().items()
        for line in lines
    ]
    assert not problems, "\n".join(problems)


def test_a_reason_on_the_line_or_above_the_group_counts_and_a_pragma_does_not():
    source = (
        "def f():\n"
        "    import a  # off the start-up path\n"
        "    # only for the PDF\n"
        "    import b\n"
        "    from c import d\n"
        "\n"
        "    import e  # noqa: F401\n"
        "    import g\n"
        "\n"
        "import h\n"
    )
    assert unexplained(source) == [7, 8]
