"""`limber pack new` makes a project a coach can build, share as a wheel and pip-install."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import build_wheel

pytestmark = pytest.mark.slow


def test_a_new_pack_builds_installs_and_passes_its_own_test(fresh_env, tmp_path):
    project = tmp_path / "limber-trail-care"
    made = fresh_env.limber("pack", "new", str(project))
    assert made.returncode == 0, made.stderr
    checked = fresh_env.limber("pack", "check", str(project))
    assert checked.returncode == 1, checked.stdout  # the placeholders are still in
    assert "EDIT:" in checked.stdout and "example's id" in checked.stdout
    for path in [project / "pyproject.toml", *project.rglob("content/**/*.toml")]:
        text = path.read_text().replace('"EDIT: ', '"By the author: ')
        text = text.replace('"knee-hug"', '"calf-hug"').replace('"gentle-start"', '"easy"')
        path.write_text(text)
    checked = fresh_env.limber("pack", "check", str(project))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Pack 'trail-care' is valid" in checked.stdout

    wheel = build_wheel(project, tmp_path / "dist")
    fresh_env.pip("install", str(wheel))
    try:
        packs = {p["name"]: p for p in json.loads(fresh_env.limber("packs", "--json").stdout)}
        assert packs["trail-care"]["status"] == "loaded", packs["trail-care"]["error"]
        assert packs["trail-care"]["distribution"] == "limber-trail-care"
        assert packs["trail-care"]["version"] == "0.1.0"
        listing = fresh_env.limber("--strict", "list")
        assert listing.returncode == 0, listing.stderr
        assert "trail-care/easy" in listing.stdout
        assert "trail-care/calf-hug" in listing.stdout

        fresh_env.pip("install", "pytest")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIMBER_PACKS")}
        own_test = subprocess.run(
            [str(fresh_env.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=project,
            env={**env, "LIMBER_HOME": str(fresh_env.home)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert own_test.returncode == 0, own_test.stdout + own_test.stderr
        assert "2 passed" in own_test.stdout
    finally:
        fresh_env.pip("uninstall", "-y", "limber-trail-care")
