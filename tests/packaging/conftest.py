"""A real wheel of Limber, pip-installed into a fresh virtual environment, once per run.

This is how a runner meets Limber (``pip install limber-stretch``) and how a patient installs a
physio's pack, so these tests build and install for real. Dependencies come from the
package index (pip's cache makes later runs quick).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from termtools import term_module

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """All these tests in one test process (``make test`` runs ``--dist loadgroup``), so
    the wheel and the virtual environment they share are made once a run, not once in
    each of the processes that happens to get one of them."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("packaging"))


@dataclass
class FreshEnv:
    root: Path
    home: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    @property
    def limber_bin(self) -> Path:
        return self.root / "bin" / "limber"

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )

    def limber(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIMBER_PACKS")}
        return subprocess.run(
            [str(self.limber_bin), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**clean, "LIMBER_HOME": str(self.home), **(env or {})},
            cwd=self.home,
        )


def build_wheel(project: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(project)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (wheel,) = [w for w in out.glob("*.whl") if w.name.split("-")[0] == project_name(project)]
    return wheel


def project_name(project: Path) -> str:
    import tomllib

    name = tomllib.loads((project / "pyproject.toml").read_text())["project"]["name"]
    return name.replace("-", "_")


@pytest.fixture(scope="session")
def limber_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(REPO, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def fresh_env(tmp_path_factory: pytest.TempPathFactory, limber_wheel: Path) -> FreshEnv:
    root = tmp_path_factory.mktemp("venv")
    venv.create(root, with_pip=True)
    env = FreshEnv(root=root, home=tmp_path_factory.mktemp("home"))
    env.pip("install", str(limber_wheel))
    return env


@pytest.fixture(scope="session")
def pack_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first-party pack sciatica-care (data only, any Limber 0.x) as a wheel."""
    return build_wheel(REPO / "plugins" / "limber-sciatica-care", tmp_path_factory.mktemp("pack"))


def tool(name: str) -> Path:
    """pipx or uv beside this Python (pip-installed here if missing), or skip saying why."""
    here = Path(sys.executable).parent / name
    if not here.exists() and importlib.util.find_spec(name) is None:
        got = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", name],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if got.returncode != 0:
            pytest.skip(f"{name} is not installed and could not be: {got.stderr[-300:]}")
    found = here if here.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} was installed but its command is not beside {sys.executable}")
    return Path(found)


def clean_env(home: Path, path: list[Path], **extra: str) -> dict[str, str]:
    """The environment a person's shell gives: no test settings, PATH as given, own home."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIMBER_PACKS")}
    system = [p for p in ("/usr/local/bin", "/usr/bin", "/bin") if Path(p).is_dir()]
    env.update(PATH=os.pathsep.join([*map(str, path), *system]), LIMBER_HOME=str(home), **extra)
    return env


def first_screen(command: list[str], env: dict[str, str], cwd: Path) -> str:
    """Open the app in a pseudo-terminal (bench/term.py, as `make bench` does) and return
    its first screen: the safety notice of a first run."""
    with term_module().Term(command, env, cwd=str(cwd)) as shown:
        shown.wait_text("Before you start", timeout=90)
        return str(shown.text())
