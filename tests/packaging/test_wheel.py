"""Limber installed from its wheel, not from this checkout, lists the core catalogue."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pytest

pytestmark = pytest.mark.slow


def test_the_wheel_ships_the_core_catalogue(limber_wheel):
    names = zipfile.ZipFile(limber_wheel).namelist()
    assert "limber/content/pack.toml" in names
    assert "limber/content/routines/post-run.toml" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(limber_wheel).read(entry_points).decode()
    assert "[limber]" in text and "core = limber.corepack" in text
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_lists_the_core_catalogue(fresh_env):
    result = fresh_env.limber("list", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = {r["id"] for r in data["routines"]}
    assert "core/post-run" in ids
    assert len(data["stretches"]) >= 15
    where = fresh_env.limber("packs", "--json")
    core = next(p for p in json.loads(where.stdout) if p["name"] == "core")
    assert core["status"] == "loaded"


APP_WITH_BROKEN_PACK = """
from limber.core.paths import Paths
from limber.ui.app import create_app
from limber.ui.screens.safety import SafetyScreen

async def look(pilot):
    app = pilot.app
    for _ in range(1000):  # the packs load in a thread after the first frame
        await pilot.pause(0.01)
        if isinstance(app.screen, SafetyScreen):  # a first run: read the notice first
            await pilot.press("enter")
        if app.state.loaded:
            break
    await pilot.pause()
    print("\\n".join(n.title for n in app._notifications))
    print("catalogue:", " ".join(sorted(app.state.catalogue.routines)))
    app.exit()

create_app(paths=Paths.from_env()).run(headless=True, size=(100, 30), auto_pilot=look)
"""

BROKEN_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "limber-broken-pack"
version = "0.0.1"

[project.entry-points.limber]
broken = "limber_broken_pack"
"""


def test_a_broken_pack_installed_with_pip_is_reported_and_the_rest_load(fresh_env, tmp_path):
    project = tmp_path / "broken"
    (project / "limber_broken_pack").mkdir(parents=True)
    (project / "pyproject.toml").write_text(BROKEN_PYPROJECT)
    (project / "limber_broken_pack" / "__init__.py").write_text(
        "import a_module_that_is_not_installed\n"
    )
    fresh_env.pip("install", str(project))
    try:
        listing = fresh_env.limber("list")
        assert listing.returncode == 0
        assert "core/post-run" in listing.stdout
        assert "Pack 'broken' did not load: could not be imported" in listing.stderr
        assert "ModuleNotFoundError" in listing.stderr
        assert "Traceback" not in listing.stderr
        packs = {p["name"]: p for p in json.loads(fresh_env.limber("packs", "--json").stdout)}
        assert packs["broken"]["status"] == "failed"
        assert packs["broken"]["distribution"] == "limber-broken-pack"
        assert fresh_env.limber("list", env={"LIMBER_PACKS": ""}).stderr == ""
        started = subprocess.run(
            [str(fresh_env.python), "-c", APP_WITH_BROKEN_PACK],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "LIMBER_HOME": str(fresh_env.home)},
        )
        assert started.returncode == 0, started.stderr
        assert "Pack 'broken' did not load" in started.stdout
        assert "core/post-run" in started.stdout.split("catalogue:")[1].split()
    finally:
        fresh_env.pip("uninstall", "-y", "limber-broken-pack")


def test_the_wheel_is_limber_stretch_with_the_metadata_the_index_shows(limber_wheel):
    """What the package index would show, and what `twine check --strict` accepts."""
    import email
    import sys

    import limber

    assert limber_wheel.name == f"limber_stretch-{limber.__version__}-py3-none-any.whl"
    archive = zipfile.ZipFile(limber_wheel)
    name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(archive.read(name))
    assert (meta["Name"], meta["Version"]) == ("limber-stretch", limber.__version__)
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in archive.namelist())
    classifiers = meta.get_all("Classifier")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert meta.get_all("Project-URL")
    assert meta["Description-Content-Type"] == "text/markdown"
    assert "limber-stretch" in meta.get_payload()  # the README, as the index shows it
    extras = set(meta.get_all("Provides-Extra"))
    assert {"report", "serve"} <= extras
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(limber_wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
