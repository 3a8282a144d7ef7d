"""Odd paths a runner may give a command: a FIFO, a device, a symlink, a folder. A file
read is refused in one sentence unless it is a small regular file; a report written goes
into a device or FIFO, through a symlink to its target, keeping an existing file's mode."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.hostile.conftest import files_of


def _odd_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "plan.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(kind)  # /dev/zero, /dev/urandom
    return path


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "folder"])
def test_programme_start_refuses_what_is_not_a_small_regular_file(
    limber_run, limber_home, tmp_path, kind
):
    path = _odd_file(tmp_path, kind)
    before = files_of(limber_home)
    run = limber_run("programme", "start", str(path), packs="", timeout=20)
    assert run.code == 1 and "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1 and str(path) in run.err
    after = files_of(limber_home)
    assert {name: after.get(name) for name in before} == before
    assert "not following" in limber_run("programme", packs="").out  # nothing started


def _history(limber_run, tmp_path: Path) -> None:
    import json

    session = {
        "uid": "u1",
        "routine_id": "core/post-run",
        "routine_name": "Post-run",
        "started_utc": "2024-05-01T07:30:00Z",
        "status": "completed",
        "note": "left hip tight",
        "phases": [],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "limber-history", "version": 1, "sessions": [session]}))
    assert limber_run("history", "import", str(path)).code == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_report_output_to_a_device_node_writes_into_it(limber_run, tmp_path):
    _history(limber_run, tmp_path)
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    link = tmp_path / "to-null.md"
    link.symlink_to(null)
    for target in (null, link):
        run = limber_run("report", "--format", "md", "--output", str(target))
        assert run.code == 0, run.err
    assert stat.S_ISCHR(os.stat(null).st_mode) and link.is_symlink()


def test_report_output_to_a_fifo_writes_into_it(limber_run, tmp_path):
    _history(limber_run, tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = limber_run("report", "--format", "csv", "--output", str(fifo), timeout=30)
    reader.join(10)
    assert run.code == 0, run.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b"left hip tight" in got[0]


def test_report_output_through_a_symlink_replaces_its_target_and_keeps_the_mode(
    limber_run, tmp_path
):
    _history(limber_run, tmp_path)
    target = tmp_path / "reports" / "latest.md"
    target.parent.mkdir()
    target.write_text("last week's report\n")
    target.chmod(0o644)
    link = tmp_path / "report.md"
    link.symlink_to(target)
    run = limber_run("report", "--format", "md", "--output", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "left hip tight" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.md"]  # no temp left


def test_report_output_keeps_an_existing_files_mode(limber_run, tmp_path):
    _history(limber_run, tmp_path)
    out = tmp_path / "report.html"
    out.write_text("old")
    out.chmod(0o640)
    assert limber_run("report", "--format", "md", "--output", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and "left hip tight" in out.read_text()


def test_report_output_to_a_folder_is_one_sentence(limber_run, tmp_path):
    _history(limber_run, tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    run = limber_run("report", "--format", "csv", "--output", str(folder))
    assert run.code == 1 and "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1 and "is a folder" in run.err
    assert list(folder.iterdir()) == []


def _report_to(limber_home: Path, site: Path, output: str, stdout, cwd: Path) -> int:
    env = {**os.environ, "LIMBER_HOME": str(limber_home), "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "limber", "report", "--format", "csv", "--output", output],
        stdout=stdout,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=cwd,  # where an old Limber wrote a file named "-"
        timeout=60,
    ).returncode


@pytest.mark.parametrize("output", ["-", "/dev/fd/1", "link to /proc/self/fd/1"])
def test_report_output_to_stdout_goes_to_the_pipe_or_the_appended_file(
    limber_run, limber_home, hostile_site, tmp_path, output
):
    """What ``--output /dev/stdout`` is: a link to ``/proc/self/fd/1``. The test makes its
    own link, so a Limber that replaced it would replace the test's, not the system's."""
    _history(limber_run, tmp_path)
    if output.startswith("link"):
        link = tmp_path / "stdout"
        link.symlink_to("/proc/self/fd/1")
        output = str(link)
    piped = subprocess.run(
        [sys.executable, "-m", "limber", "report", "--format", "csv", "--output", output],
        capture_output=True,
        env={**os.environ, "LIMBER_HOME": str(limber_home), "PYTHONPATH": str(hostile_site)},
        cwd=tmp_path,
        timeout=60,
    )
    assert piped.returncode == 0 and b"left hip tight" in piped.stdout
    log = tmp_path / "log.txt"
    log.write_text("kept\n")
    with log.open("a") as appended:  # the shell's >>
        assert _report_to(limber_home, hostile_site, output, appended, tmp_path) == 0
    text = log.read_text()
    assert text.startswith("kept\n") and "left hip tight" in text
    assert not log.is_symlink() and stat.S_ISREG(log.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "in.json") == sorted(
        ["log.txt", *(["stdout"] if "link" in output or output.endswith("stdout") else [])]
    )


def test_a_saved_setting_follows_a_symlinked_config_and_keeps_its_mode(tmp_path):
    """config.toml kept in a dotfiles folder: saving a setting edits the file there."""
    from limber.core.settings import save_setting

    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("# mine\nweekly_goal_sessions = 4\n")
    real.chmod(0o644)
    config = tmp_path / "home" / "config.toml"
    config.parent.mkdir()
    config.symlink_to(real)
    save_setting(config, "theme", "nord")
    assert config.is_symlink()
    assert real.read_text().startswith("# mine\n") and "nord" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
