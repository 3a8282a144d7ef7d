"""The core never imports Textual: `limber list`, `run --plain` and pack checks stay fast."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import limber.core

CORE_MODULES = [
    *sorted(f"limber.core.{m.name}" for m in pkgutil.iter_modules(limber.core.__path__)),
    "limber",
    "limber.cli",
    "limber.corepack",
    "limber.commands.catalogue_cmds",
    "limber.commands.pack_cmds",
    "limber.commands.run_cmd",
    "limber.launch",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}; "
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


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
