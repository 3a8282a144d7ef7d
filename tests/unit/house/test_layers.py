"""Dependencies point one way. import-linter checks every import statically, including
ones inside functions (`[tool.importlinter]` in pyproject.toml); the runtime checks
here prove that importing a core module really leaves Textual unloaded."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import limber
import limber.core

# One test process takes this whole module (`--dist loadgroup`): the modules are imported
# alone once a run, not once in each process that gets one of its tests.
pytestmark = pytest.mark.xdist_group("layers")

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[3]
PACKAGE = Path(limber.__file__).parent

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(limber.core.__path__, prefix="limber.core.")
)
UI_FREE_MODULES = [
    *CORE_MODULES,
    "limber",
    "limber.testing",
    "limber.cli",
    "limber.corepack",
    *sorted(
        m.name for m in pkgutil.iter_modules([str(PACKAGE / "commands")], prefix="limber.commands.")
    ),
    "limber.launch",
]


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = None if pythonpath is None else {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_import_contracts_are_kept():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lazy_forbidden_import_in_the_core_breaks_the_contract(tmp_path):
    """The contract bites: an import of Textual inside a core function is caught."""
    copy = tmp_path / "src" / "limber"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / "core" / "packs" / "report.py"
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\n\ndef _sneaky() -> None:\n    import textual.app  # noqa: F401\n",
        encoding="utf-8",
    )
    result = _lint_imports(tmp_path, pythonpath=tmp_path / "src")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "limber.core.packs.report -> textual" in result.stdout


def test_the_core_has_no_import_cycles():
    """Counting imports inside functions: a lazy import must not hide a circle."""
    graph = grimp.build_graph("limber", cache_dir=None)
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        if module.startswith("limber.core")
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.startswith("limber.core")
        and graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []


# Each module is imported alone, in a child forked from one Python that has already
# imported what most of them share and what cannot load Textual or Rich (checked): one fork
# per module instead of one interpreter per module (a hundred start-ups: seconds of CPU).
_ALONE = """
import json, os, sys
import difflib, inspect, msgspec, sqlite3, tomllib, typing, uuid, limber.core.text
assert not {name.split('.')[0] for name in sys.modules} & {'textual', 'rich'}
for module in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            __import__(module)
            loaded = sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'})
            out = json.dumps({'module': module, 'loaded': loaded})
        except BaseException as error:  # the test names the module and the error
            out = json.dumps({'module': module, 'error': repr(error)})
        os.write(write, out.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        print(answer.read(), flush=True)
    os.waitpid(pid, 0)
"""


@pytest.fixture(scope="module")
def imported_alone() -> dict[str, dict[str, object]]:
    """What importing each module of UI_FREE_MODULES on its own loads of Textual and Rich."""
    import json

    out = subprocess.run(
        [sys.executable, "-c", _ALONE, *UI_FREE_MODULES],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return {str(row["module"]): row for row in rows}


@pytest.mark.parametrize("module", UI_FREE_MODULES)
def test_core_module_does_not_import_textual(module, imported_alone):
    """Nothing below the UI loads Textual; the core loads no Rich either. (The serve
    command's server may: textual-serve logs through Rich, in its own process.)"""
    row = imported_alone[module]
    assert "error" not in row, row
    banned = ["textual"] if module.startswith("limber.commands.") else ["rich", "textual"]
    assert [name for name in row["loaded"] if name in banned] == []  # type: ignore[union-attr]


def test_pack_report_is_cheap_to_import():
    """Sub-package __init__ files stay empty: the load report needs no pluggy or sqlite3."""
    code = (
        "import sys, limber.core.packs.report, limber.core.history.model; "
        "print(sorted({'pluggy', 'sqlite3', '_sqlite3'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_limber_list_does_not_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from limber.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['list'])\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]
