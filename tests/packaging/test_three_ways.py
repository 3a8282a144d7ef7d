"""The three ways README promises to install Limber, each from the built wheel, each then
opening the app to its first screen and taking a pack in and out with `limber install` and
`limber uninstall`: a plain venv with pip, `pipx install` (with pipx's uv backend and no uv
on the PATH Limber sees, so the pack goes in through `pipx inject`) and `uv tool install`.

Limber's own dependencies come from the package index (the tools' caches make later runs
quick); Limber and the pack come only from the wheels built for this run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FreshEnv, clean_env, first_screen, tool

pytestmark = pytest.mark.slow

PACK_ROUTINE = "sciatica-care/gentle-piriformis"


def _run(
    command: list[str | Path], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )


def prove(limber: Path, env: dict[str, str], home: Path, pack_wheel: Path, again: str = "") -> None:
    """The app opens; a pack goes in, its routines are listed, and it goes out again.
    ``again``: what installing the same pack a second time says, if it is refused."""
    screen = first_screen([str(limber)], env, home)
    assert "Before you start" in screen and "medical advice" in screen  # the line may wrap

    installed = _run([limber, "install", pack_wheel], env, home)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Pack 'sciatica-care' 0.1.0 loaded: 2 routines" in installed.stdout
    listed = _run([limber, "list"], env, home)
    assert listed.returncode == 0, listed.stderr
    assert PACK_ROUTINE in listed.stdout and "core/post-run" in listed.stdout
    if again:
        twice = _run([limber, "install", pack_wheel], env, home)
        assert (twice.returncode, twice.stderr) == (1, f"limber: {again}\n")

    removed = _run([limber, "uninstall", "sciatica-care"], env, home)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert "Uninstalled limber-sciatica-care 0.1.0 (pack 'sciatica-care')" in removed.stdout
    listed = _run([limber, "list"], env, home)
    assert PACK_ROUTINE not in listed.stdout and "core/post-run" in listed.stdout


def test_a_plain_venv_with_pip(fresh_env: FreshEnv, tmp_path, pack_wheel):
    env = clean_env(tmp_path, [fresh_env.root / "bin"])
    prove(fresh_env.limber_bin, env, tmp_path, pack_wheel)


def test_pipx_with_its_uv_backend_and_no_uv_on_path(tmp_path, limber_wheel, pack_wheel):
    pipx = tool("pipx")
    tool("uv")  # pipx's uv backend finds the uv installed beside it, not on PATH
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "pipx").symlink_to(pipx)  # pipx on PATH, as for every pipx user; uv is not
    pipx_home, bin_dir = tmp_path / "pipx", tmp_path / "bin"
    env = clean_env(
        tmp_path,
        [bin_dir, tools],
        PIPX_HOME=str(pipx_home),
        PIPX_BIN_DIR=str(bin_dir),
        PIPX_MAN_DIR=str(tmp_path / "man"),
        PIPX_DEFAULT_BACKEND="uv",
    )
    assert subprocess.run(["sh", "-c", "command -v uv"], env=env).returncode != 0
    made = _run([pipx, "install", "--python", sys.executable, limber_wheel], env, tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    venv = pipx_home / "venvs" / "limber-stretch"
    assert json.loads((venv / "pipx_metadata.json").read_text())["backend"] == "uv"
    assert not list(venv.glob("lib/python*/site-packages/pip"))  # no pip in it
    # pipx's --force would reinstall Limber too, from an index that may not have it.
    again = (
        "Nothing installed: pipx already has that distribution in limber-stretch; "
        "`limber uninstall` it first to install another version."
    )
    prove(bin_dir / "limber", env, tmp_path, pack_wheel, again)


def test_uv_tool_install(tmp_path, limber_wheel, pack_wheel):
    uv = tool("uv")
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "uv").symlink_to(uv)
    bin_dir = tmp_path / "bin"
    env = clean_env(
        tmp_path, [bin_dir, tools], UV_TOOL_DIR=str(tmp_path / "uv"), UV_TOOL_BIN_DIR=str(bin_dir)
    )
    made = _run([uv, "tool", "install", "--python", sys.executable, limber_wheel], env, tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    prove(bin_dir / "limber", env, tmp_path, pack_wheel)
