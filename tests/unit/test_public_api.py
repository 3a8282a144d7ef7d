"""The plugin API is what ``limber`` and ``limber.testing`` export, and packs use nothing
else: not the first-party packs, not the files ``limber pack new`` writes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pluggy
import pytest

import limber
import limber.testing
from limber.commands import pack_cmds
from limber.core import events
from limber.core.packs import hookspecs

REPO = Path(__file__).resolve().parents[2]

PUBLIC = {
    "API_VERSION",
    "API_VERSION_INFO",
    "PackBuilder",
    "SessionEvent",
    "__version__",
    "hookimpl",
}
TESTING = {
    "Dose",
    "FakeClock",
    "LoadedPack",
    "assert_pack_valid",
    "build_plans",
    "load_pack",
    "run_session",
}


def test_limber_exports_the_public_api():
    assert set(limber.__all__) == PUBLIC
    assert re.fullmatch(r"[1-9]\d*\.\d+", limber.API_VERSION)
    major, minor = limber.API_VERSION_INFO
    assert isinstance(major, int) and isinstance(minor, int)
    assert limber.API_VERSION == f"{major}.{minor}"
    assert limber.PackBuilder is hookspecs.PackBuilder
    assert limber.SessionEvent is events.SessionEvent
    assert isinstance(limber.hookimpl, pluggy.HookimplMarker)
    assert limber.hookimpl.project_name == hookspecs.PROJECT == "limber"
    assert PUBLIC <= set(dir(limber))
    with pytest.raises(AttributeError, match="no attribute 'core_stuff'"):
        limber.core_stuff  # noqa: B018


def test_limber_testing_exports_the_pack_test_helpers():
    assert set(limber.testing.__all__) == TESTING
    assert all(hasattr(limber.testing, name) for name in TESTING)


def test_import_limber_loads_nothing_heavy():
    code = (
        "import sys, limber; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pluggy', 'msgspec', 'sqlite3', 'textual', 'rich', 'typing', 'limber')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['limber']"


def test_a_lazy_name_loads_only_what_it_needs():
    code = "import sys, limber; limber.SessionEvent; print('pluggy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- nothing under limber.core in a pack --------------------------------------------------


def core_imports(source: str) -> list[str]:
    """Every use of ``limber.core`` in a module: imports, and ``limber.core`` attributes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_core(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if _is_core(node.module):
                found.append(node.module)
            elif node.module == "limber":
                found += [f"limber.{a.name}" for a in node.names if a.name == "core"]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "core"
            and isinstance(node.value, ast.Name)
            and node.value.id == "limber"
        ):
            found.append("limber.core")
    return found


def _is_core(module: str) -> bool:
    return module == "limber.core" or module.startswith("limber.core.")


@pytest.mark.parametrize(
    "source",
    [
        "import limber.core.packs",
        "from limber.core.plan import build_plan",
        "from limber import core",
        "import limber\nlimber.core.packs.load_catalogue()",
        "if True:\n    from limber.core import hookspecs",
    ],
)
def test_the_check_finds_core_imports(source):
    assert core_imports(source)


def test_the_check_passes_the_public_api():
    assert (
        core_imports("from limber import hookimpl\nimport limber.testing\nlimber.API_VERSION") == []
    )


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if not {"build", ".venv"} & set(p.parts))


def test_first_party_packs_use_only_the_public_api():
    files = python_files(REPO / "plugins")
    assert len(files) >= 4  # both packs' modules and tests
    used = {str(f.relative_to(REPO)): core_imports(f.read_text()) for f in files}
    assert {f: u for f, u in used.items() if u} == {}


@pytest.mark.parametrize("from_routines", [False, True])
def test_a_new_pack_uses_only_the_public_api(tmp_path, limber_home, capsys, from_routines):
    if from_routines:
        (limber_home / "routines").mkdir()
        (limber_home / "routines" / "own.toml").write_text(
            'id = "own"\nname = "Own"\ndescription = "d"\n[[steps]]\nstretch = "core/childs-pose"\n'
        )
    project = tmp_path / "limber-demo"
    assert pack_cmds.new(str(project), None, from_routines=from_routines) == 0
    files = python_files(project)
    assert {f.name for f in files} == {"__init__.py", "test_demo_pack.py"}
    for file in files:
        assert core_imports(file.read_text()) == [], file
    test = (project / "tests" / "test_demo_pack.py").read_text()
    assert "from limber.testing import" in test
    assert "demo/" not in test  # no routine id: the test outlives the example
