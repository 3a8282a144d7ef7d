"""Limber's version and its index name are written once, in ``limber/_version.py``; the
core reads them there and never reaches back up to the package face (``limber``), whose
names a pack uses."""

from __future__ import annotations

import ast
from pathlib import Path

import limber
from limber import _version

CORE = Path(limber.__file__).parent / "core"


def test_the_package_face_re_exports_the_version_written_once():
    assert limber.__version__ is _version.__version__
    assert limber.DISTRIBUTION is _version.DISTRIBUTION == "limber-stretch"


def test_the_core_never_imports_the_package_face():
    reaching_up = [
        f"{path.relative_to(CORE.parent)}, line {node.lineno}"
        for path in sorted(CORE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.ImportFrom) and node.module == "limber")
        or (isinstance(node, ast.Import) and any(a.name == "limber" for a in node.names))
    ]
    assert reaching_up == [], "import from limber._version (or pass it in) instead"
