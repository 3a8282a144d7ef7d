"""Damaged and hostile user files: each named in one sentence, the app and commands go
on, and every file is byte-identical afterwards (nothing Limber did not write is lost)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.hostile.conftest import ESCAPE, files_of

DEEP_TOML = "x = " + "[" * 3000 + "]" * 3000 + "\n"
GOOD_ROUTINE = (
    'id = "mine-ok"\nname = "Mine ok"\ndescription = "x"\n\n'
    '[[steps]]\nstretch = "core/knee-to-chest"\n'
)


def unchanged(home: Path, before: dict[str, bytes]) -> bool:
    """Every file that was there is still there, byte for byte (the history may be new)."""
    after = files_of(home)
    return {name: after.get(name) for name in before} == before


def test_deep_config_and_state_are_reported_and_kept(limber_run, limber_home):
    (limber_home / "config.toml").write_text(DEEP_TOML)
    (limber_home / "state.toml").write_text(DEEP_TOML)
    before = files_of(limber_home)
    run = limber_run(
        "run", "core/quick-knee-to-chest", "--plain", packs="", LIMBER_PLAIN_SPEED="100"
    )
    assert run.code == 0, run.err
    assert "config.toml" in run.err and "nested too deeply" in run.err
    assert unchanged(limber_home, before)


def test_one_bad_saved_routine_hides_none_of_the_others(limber_run, limber_home):
    routines = limber_home / "routines"
    routines.mkdir()
    (routines / "a-good.toml").write_text(GOOD_ROUTINE)
    (routines / "b-syntax.toml").write_text("id = \n")
    (routines / "c-binary.toml").write_bytes(b"\xff\xfe\x00")
    (routines / "d-deep.toml").write_text(DEEP_TOML)
    (routines / "e-folder.toml").mkdir()
    (routines / "f-invalid.toml").write_text('id = "BAD ID"\nname = "x"\n')
    before = files_of(limber_home)
    run = limber_run("list", packs="")
    assert run.code == 0 and "mine/mine-ok" in run.out
    for name in ("b-syntax", "c-binary", "d-deep", "e-folder", "f-invalid"):
        assert f"{name}.toml" in run.err, name
    assert not ESCAPE.search(run.err)
    assert unchanged(limber_home, before)


def test_history_symlink_loop_is_reported_not_a_traceback(limber_run, limber_home):
    os.symlink("history.sqlite3", limber_home / "history.sqlite3")
    shown = limber_run("history")
    assert shown.code == 0 and "leads back to itself" in shown.err
    run = limber_run(
        "run", "core/quick-knee-to-chest", "--plain", packs="", LIMBER_PLAIN_SPEED="100"
    )
    assert run.code == 0 and "Traceback" not in run.err
    assert run.err.count("leads back to itself") == 1  # said once, not twice


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder", "deep", "big"])
def test_history_import_refuses_what_is_not_an_export(limber_run, limber_home, tmp_path, target):
    path = {"/dev/zero": Path("/dev/zero")}.get(target, tmp_path / target)
    if target == "fifo":
        os.mkfifo(path)
    elif target == "folder":
        path.mkdir()
    elif target == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif target == "big":
        with open(path, "wb") as handle:
            handle.truncate(1024**3 + 1)  # sparse: costs no disk
    run = limber_run("history", "import", str(path), timeout=20)
    assert run.code == 1 and "Traceback" not in run.err
    assert str(path) in run.err and len(run.err.splitlines()) == 1
    if target == "big":
        assert "1 GiB" in run.err


def test_imported_control_characters_never_reach_an_export(limber_run, tmp_path):
    hostile = "\x1b]0;title\x07Evil\x9b2J"
    session = {
        "uid": "u1",
        "routine_id": hostile,
        "routine_name": hostile,
        "pack": hostile,
        "started_utc": "2024-05-01T07:30:00Z",
        "status": "completed",
        "note": hostile,
        "stop_reason": hostile,
        "phases": [],
    }
    import json

    path = tmp_path / "in.json"
    path.write_text(
        json.dumps({"format": "limber-history", "version": 1, "sessions": [session]}),
    )
    assert limber_run("history", "import", str(path)).code == 0
    for fmt in ("csv", "json", "md"):
        run = limber_run("history", "export", "--format", fmt)
        assert run.code == 0 and "Evil" in run.out
        assert not ESCAPE.search(run.out.replace("\r\n", "\n")), fmt


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
_MODULES = """
import json, runpy, sys
sys.argv = ["limber", "history", "--json"]
try:
    runpy.run_module("limber", run_name="__main__")
except SystemExit:
    pass
stdlib = (sys.base_prefix, sys.base_exec_prefix)
files = {}
for name, module in list(sys.modules.items()):
    file = getattr(module, "__file__", None) or ""
    top = name.partition(".")[0]
    if file and "." not in name and top != "__main__" and (
        "site-packages" in file or not file.startswith(stdlib)
    ):
        files[top] = file
print(json.dumps(files), file=sys.stderr)
"""


def _readable_copy(top: Path, env: dict[str, str]) -> Path:
    """What ``limber history --json`` imports from outside the standard library (Limber
    itself and its few dependencies), copied under ``top`` where any user can read it: the
    checkout and its .venv may sit in a folder no other user can enter."""
    import json

    found = subprocess.run(
        [sys.executable, "-c", _MODULES], env=env, capture_output=True, text=True, check=True
    )
    site = top / "site"
    site.mkdir()
    for name, file in json.loads(found.stderr.strip().splitlines()[-1]).items():
        source = Path(file)
        if source.name == "__init__.py":
            shutil.copytree(source.parent, site / name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy2(source, site / source.name)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return site


def _nobody_python(site: Path) -> str | None:
    """A Python of this version that user 65534 can run and that finds the copy."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [
        sys.executable,
        os.path.realpath(sys.executable),
        getattr(sys, "_base_executable", sys.executable),
        shutil.which(f"python{version}") or "",
        f"/usr/bin/python{version}",
        f"/usr/local/bin/python{version}",
    ]
    probe = "import sys, limber, msgspec; print('%d.%d' % sys.version_info[:2])"
    for python in dict.fromkeys(c for c in candidates if c):
        try:
            done = subprocess.run(
                [*NOBODY, python, "-s", "-c", probe],
                env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(site)},
                capture_output=True,
                text=True,
                timeout=60,
            )
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return python
    return None


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_a_read_only_folder_still_shows_the_history():
    """As another user, in a folder they cannot write: the sessions still read. That user
    runs a copy of Limber in a folder they can read, whatever folder the checkout is in."""
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="limber-ro-"))
    folder = top / "ro"
    folder.mkdir()
    env = {**os.environ, "LIMBER_HOME": str(folder)}
    path = Path(__file__).parents[1] / "historytools.py"
    code = (
        f"import sys; sys.path.insert(0, {str(path.parent)!r});"
        "from historytools import fill_history; from pathlib import Path;"
        f"fill_history(Path({str(folder / 'history.sqlite3')!r}), 3)"
    )
    try:
        subprocess.run([sys.executable, "-c", code], check=True)
        os.chmod(top, 0o755)
        site = _readable_copy(top, env)
        python = _nobody_python(site)
        if python is None:
            pytest.skip(
                f"user 65534 can run no Python {sys.version_info[0]}.{sys.version_info[1]}"
                f" that reads {site} (is {top.parent} closed to other users?)"
            )
        os.chmod(folder, 0o555)
        run = subprocess.run(
            [*NOBODY, python, "-s", "-m", "limber", "history", "--json"],
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": str(site)},
            timeout=60,
        )
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(top)
    assert run.returncode == 0, run.stderr
    assert '"total_sessions": 3' in run.stdout


def test_a_report_since_year_one_starts_at_the_first_session(limber_run, tmp_path):
    import json

    session = {
        "uid": "u1",
        "routine_id": "core/x",
        "routine_name": "X",
        "started_utc": "2024-05-01T07:30:00Z",
        "status": "completed",
        "phases": [],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "limber-history", "version": 1, "sessions": [session]}))
    assert limber_run("history", "import", str(path)).code == 0
    run = limber_run("history", "export", "--format", "md", "--since", "0001-01-01")
    assert run.code == 0 and len(run.out.splitlines()) < 60


def test_a_setting_is_not_saved_into_a_deep_config_and_the_file_is_kept(tmp_path):
    from limber.core.errors import LimberError
    from limber.core.settings import save_setting

    config = tmp_path / "config.toml"
    config.write_text(DEEP_TOML)
    with pytest.raises(LimberError) as refused:
        save_setting(config, "theme", "nord")  # what changing the theme in the app does
    sentence = str(refused.value)
    assert "config.toml" in sentence and "nested too deeply" in sentence
    assert "\n" not in sentence and sentence.endswith(".")
    assert config.read_text() == DEEP_TOML
