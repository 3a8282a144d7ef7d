"""Shared fixtures. Every test runs with its own LIMBER_HOME and no LIMBER_PACKS from
the developer's shell, so nobody's own config, packs or history leaks into a test."""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is loaded by now (pytest, Textual, Limber, the test modules and items) lives
    as long as the test process: it is moved out of the garbage collector's sight, so the
    full collections that each app test's garbage triggers do not walk it again and
    again (a tenth of the app tests' CPU time, measured with gc.callbacks)."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("limber-home")
    monkeypatch.setenv("LIMBER_HOME", str(home))
    monkeypatch.delenv("LIMBER_PACKS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def limber_home(_isolated_home: Path) -> Path:
    return _isolated_home


PACK_TOML = """\
name = "{name}"
title = "Test pack {name}"
description = "A pack made by a test."
author = "Test Author"
"""

STRETCH_TOML = """\
id = "{id}"
name = "{title}"
summary = "Stretches the lower back."
kind = "hold"
position = "lying-on-back"
targets = ["lower-back"]
sides = "{sides}"
setup = "Lie on your back."
steps = ["Hug your knees.", "Breathe slowly."]

[dose]
seconds = {seconds}
"""

ROUTINE_TOML = """\
id = "{id}"
name = "{title}"
description = "A routine made by a test."

[[steps]]
stretch = "{stretch}"
"""


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """Write a content folder: ``make_pack("demo", stretches={"hug": {...}}, routines=...)``."""

    def make(
        name: str,
        *,
        stretches: dict[str, dict[str, object]] | None = None,
        routines: dict[str, str] | None = None,
        files: dict[str, str] | None = None,
    ) -> Path:
        root = tmp_path / name / "content"
        (root / "stretches").mkdir(parents=True)
        (root / "routines").mkdir()
        (root / "pack.toml").write_text(PACK_TOML.format(name=name))
        for sid, fields in (stretches or {"hug": {}}).items():
            values = {"id": sid, "title": sid.title(), "sides": "none", "seconds": 20, **fields}
            (root / "stretches" / f"{sid}.toml").write_text(STRETCH_TOML.format(**values))
        for rid, target in (routines or {}).items():
            text = ROUTINE_TOML.format(id=rid, title=rid.title(), stretch=target)
            (root / "routines" / f"{rid}.toml").write_text(text)
        for rel, text in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        write_project(root.parent, name, "Path(__file__).parent.parent / 'content'")
        return root

    return make


def write_project(folder: Path, name: str, content_expr: str) -> str:
    """A pack project around a content folder: pyproject.toml and a one-hook module, as
    ``limber pack check`` reads them. Returns the module's name."""
    module = f"limber_made_{name.replace('-', '_')}"
    (folder / "pyproject.toml").write_text(
        f'[project]\nname = "limber-{name}"\nversion = "1.0.0"\n'
        f'[project.entry-points.limber]\n{name} = "{module}"\n'
    )
    (folder / module).mkdir(exist_ok=True)
    (folder / module / "__init__.py").write_text(
        "from pathlib import Path\nfrom limber import hookimpl\n\n@hookimpl\n"
        f"def limber_content_dir():\n    return {content_expr}\n"
    )
    return module
