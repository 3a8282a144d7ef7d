"""`limber install` / `limber uninstall` in a real pipx-style environment.

The environment is a venv made with ``python -m venv`` outside the project's ``.venv``,
Limber installed into it from a wheel of this checkout (``fresh_env``), as pipx makes
one. Every pack goes in and out through that environment's own ``limber`` command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import build_wheel

if TYPE_CHECKING:
    from conftest import FreshEnv

pytestmark = pytest.mark.slow


def _packs(env: FreshEnv) -> dict[str, dict[str, object]]:
    listed = env.limber("packs", "--json")
    assert listed.returncode == 0, listed.stderr
    return {p["name"]: p for p in json.loads(listed.stdout)}


def _distributions(env: FreshEnv) -> set[str]:
    listed = subprocess.run(
        [str(env.python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {d["name"].lower() for d in json.loads(listed.stdout)}


def _new_pack(env: FreshEnv, folder: Path, requires: str | None = None) -> Path:
    made = env.limber("pack", "new", str(folder))
    assert made.returncode == 0, made.stderr
    if requires is not None:
        (pack_toml,) = folder.rglob("pack.toml")
        text = pack_toml.read_text()
        lines = [
            f'requires-limber = "{requires}"' if line.startswith("requires-limber") else line
            for line in text.splitlines()
        ]
        pack_toml.write_text("\n".join(lines) + "\n")
    return folder


def _wheel(
    folder: Path,
    name: str,
    files: dict[str, str],
    *,
    version: str = "1.0.0",
    tags: str = "py3-none-any",
    metadata: str = "",
) -> Path:
    """A wheel file with only ``files`` in it (enough to be read, never installed)."""
    wheel = folder / f"{name}-{version}-{tags}.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(
            f"{name}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata}\nText.\n",
        )
    return wheel


def _freeze(env: FreshEnv) -> str:
    return env.pip("freeze", "--all").stdout


def _pack_wheel(folder: Path, name: str, **kwargs: str) -> Path:
    module = name.replace("-", "_")
    files = {
        f"{module}/__init__.py": "",
        f"{module}/content/pack.toml": f'name = "{name}"\n',
        f"{module}-1.0.0.dist-info/entry_points.txt": f"[limber]\n{name} = {module}\n",
    }
    return _wheel(folder, module, files, **kwargs)


def test_the_unrelated_limber_the_old_name_and_another_python_are_refused(fresh_env, tmp_path):
    """One sentence each, and the environment just as it was (pip freeze)."""
    before = _freeze(fresh_env)
    old_requires = _new_pack(fresh_env, tmp_path / "limber-old-care", requires="limber>=0.1")
    old_dependency = _new_pack(fresh_env, tmp_path / "limber-dep-care")
    pyproject = old_dependency / "pyproject.toml"
    written = pyproject.read_text()
    pyproject.write_text(
        written.replace('dependencies = ["limber-stretch>=', 'dependencies = ["limber>=')
    )
    (line,) = [n for n, t in enumerate(written.splitlines(), 1) if t.startswith("dependencies")]
    unrelated_wheel = _wheel(
        tmp_path,
        "limber",
        {"limber-0.1.9.dist-info/entry_points.txt": "[console_scripts]\nlimber = limber.cli:cli\n"},
        version="0.1.9",
        metadata="Requires-Dist: boto3\n",
    )
    unrelated = (
        "is the unrelated project `limber` on the package index, neither Limber nor a Limber "
        "pack; Limber itself is `limber-stretch` there"
    )
    cases = {
        "limber": f"limber {unrelated}",
        "limber==0.1.9": f"limber==0.1.9 {unrelated}",
        str(unrelated_wheel): f"{unrelated_wheel} {unrelated}",
        str(old_requires): 'requires-limber = "limber>=0.1" names a distribution; it takes the '
        'version range of Limber alone, such as ">=0.1"',
        str(old_dependency): f'{pyproject}:{line}: dependencies: "limber>=',
        str(_pack_wheel(tmp_path, "meta-care", metadata="Requires-Dist: limber\n")): (
            'METADATA:4: Requires-Dist: "limber" is the unrelated project `limber` on the '
            'package index, not Limber; write "limber-stretch" instead'
        ),
        str(_pack_wheel(tmp_path, "old-care", tags="cp39-cp39-manylinux_2_17_x86_64")): (
            "old_care-1.0.0-cp39-cp39-manylinux_2_17_x86_64.whl is built for cp39, and Limber "
            "here runs on Python 3."
        ),
        str(_pack_wheel(tmp_path, "py2-care", tags="py2-none-any")): "is built for py2,",
        str(_pack_wheel(tmp_path, "future-py", metadata="Requires-Python: >=3.99\n")): (
            "Requires-Python: the pack needs Python >=3.99, and Limber here runs on Python 3."
        ),
    }
    for target, sentence in cases.items():
        refused = fresh_env.limber("install", target)
        assert refused.returncode == 1, target
        assert refused.stderr.startswith("limber: Nothing installed: "), refused.stderr
        assert sentence in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr  # one sentence
        assert refused.stdout == "", target  # it never got as far as "Installing …"
    assert _freeze(fresh_env) == before


def test_install_a_folder_lists_its_routines_and_uninstall_takes_it_away(fresh_env):
    # Named as a runner types it, from the folder it is in: `limber install limber-hill-care`.
    project = _new_pack(fresh_env, fresh_env.home / "limber-hill-care")
    installed = fresh_env.limber("install", project.name)
    try:
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert "limber-hill-care-0.1.0" in installed.stdout  # what pip installed
        assert "Pack 'hill-care' 0.1.0 loaded: 1 routines, 1 stretches." in installed.stdout
        assert "hill-care/gentle-start" in installed.stdout  # its routine, listed
        pack = _packs(fresh_env)["hill-care"]
        assert (pack["status"], pack["distribution"]) == ("loaded", "limber-hill-care")
    finally:
        removed = fresh_env.limber("uninstall", "hill-care")
        shutil.rmtree(project)
    assert removed.returncode == 0, removed.stderr
    assert "Uninstalled limber-hill-care 0.1.0 (pack 'hill-care')" in removed.stdout
    assert "hill-care" not in _packs(fresh_env)
    assert "limber-hill-care" not in _distributions(fresh_env)


def test_install_a_name_from_the_index_reads_its_wheel_first(fresh_env, tmp_path):
    """pip's own settings point it at a folder standing in for the package index."""
    project = _new_pack(fresh_env, tmp_path / "limber-dune-care")
    index = tmp_path / "index"
    build_wheel(project, index)
    offline = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(index)}
    installed = fresh_env.limber("install", "limber-dune-care", env=offline)
    try:
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert "dune-care/gentle-start" in installed.stdout
        assert _packs(fresh_env)["dune-care"]["status"] == "loaded"
    finally:
        removed = fresh_env.limber("uninstall", "limber-dune-care")  # by distribution
    assert removed.returncode == 0, removed.stderr
    assert "dune-care" not in _packs(fresh_env)


def test_a_pack_for_a_newer_limber_is_refused_and_nothing_installed(fresh_env, tmp_path):
    before = _distributions(fresh_env)
    project = _new_pack(fresh_env, tmp_path / "limber-future-care", requires=">=99")
    refused = fresh_env.limber("install", str(project))
    assert refused.returncode == 1
    assert refused.stderr.startswith("limber: Nothing installed: pack 'future-care' needs ")
    assert "Limber >=99" in refused.stderr and "upgrade Limber" in refused.stderr
    wheel = _wheel(
        tmp_path,
        "limber_future_wheel",
        {
            "limber_future_wheel/__init__.py": "",
            "limber_future_wheel/content/pack.toml": 'name = "future-wheel"\n'
            'requires-limber = ">=99.1"\n',
            "limber_future_wheel-1.0.0.dist-info/entry_points.txt": "[limber]\n"
            "future-wheel = limber_future_wheel\n",
        },
    )
    refused = fresh_env.limber("install", str(wheel))
    assert refused.returncode == 1
    assert "Nothing installed: pack 'future-wheel' needs Limber >=99.1" in refused.stderr
    assert _distributions(fresh_env) == before
    assert not {"future-care", "future-wheel"} & set(_packs(fresh_env))


def test_what_is_not_a_pack_is_refused_before_anything_is_installed(fresh_env, tmp_path):
    before = _distributions(fresh_env)
    plain = tmp_path / "plain-project"
    plain.mkdir()
    (plain / "pyproject.toml").write_text('[project]\nname = "plain-project"\nversion = "1"\n')
    no_section = _wheel(
        tmp_path,
        "not_a_pack",
        {"not_a_pack-1.0.0.dist-info/entry_points.txt": "[console_scripts]\nx = not_a_pack:main\n"},
    )
    cases = {
        str(plain): f"{plain / 'pyproject.toml'} declares no [project.entry-points.limber], "
        f"so {plain} is not a Limber pack.",
        str(no_section): f"{no_section} has no [limber] entry point in its entry_points.txt",
        str(tmp_path / "missing"): f"{tmp_path / 'missing'} does not exist",
        str(tmp_path): f"{tmp_path} has no pyproject.toml, so it is not a pack project.",
    }
    for target, sentence in cases.items():
        refused = fresh_env.limber("install", target)
        assert refused.returncode == 1, target
        assert refused.stderr.startswith(f"limber: Nothing installed: {sentence}"), target
        assert len(refused.stderr.strip().splitlines()) == 1  # one sentence
        assert refused.stdout == ""  # it never got as far as "Installing …"
    assert _distributions(fresh_env) == before


def test_limber_itself_is_not_installed_as_a_pack(fresh_env, limber_wheel):
    refused = fresh_env.limber("install", str(limber_wheel))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"limber: Nothing installed: {limber_wheel} is Limber itself")


def test_uninstall_refuses_the_core_and_what_is_not_an_installed_pack(fresh_env):
    for name in ("core", "limber-stretch", "limber"):
        refused = fresh_env.limber("uninstall", name)
        assert refused.returncode == 1
        assert "The core catalogue is Limber's own" in refused.stderr
    refused = fresh_env.limber("uninstall", "pip")  # installed, but not a pack
    assert refused.returncode == 1
    assert "No installed pack or pack distribution is called 'pip'" in refused.stderr
    assert {"limber-stretch", "pip"} <= _distributions(fresh_env)
    assert _packs(fresh_env)["core"]["status"] == "loaded"


def test_install_uses_uv_where_the_environment_has_no_pip(fresh_env, tmp_path):
    """As ``uv tool`` leaves an environment: no pip in it, ``uv`` on PATH."""
    uv = tmp_path / "bin" / "uv"
    uv.parent.mkdir()
    log = tmp_path / "uv-called"
    # A stand-in for uv that records how it is called and does what `uv pip` would.
    uv.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> {log}\n'
        'shift; action="$1"; shift; shift; python="$1"; shift\n'
        'exec "$python" -m pip "$action" -q "$@"\n'
    )
    uv.chmod(0o755)
    project = _new_pack(fresh_env, tmp_path / "limber-road-care")
    # Limber with pip out of its sight, as in a `uv tool` environment.
    code = "import sys; sys.modules['pip'] = None; from limber.cli import main; sys.exit(main())"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIMBER_PACKS")}
    env.update(PATH=f"{uv.parent}{os.pathsep}{env['PATH']}", LIMBER_HOME=str(fresh_env.home))
    installed = subprocess.run(
        [str(fresh_env.python), "-c", code, "install", str(project)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    try:
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert f"pip install --python {fresh_env.python} {project}" in log.read_text()
        assert "road-care/gentle-start" in installed.stdout
    finally:
        fresh_env.pip("uninstall", "-y", "limber-road-care")
