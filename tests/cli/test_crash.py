"""History survives a crash: a plain session killed with SIGKILL keeps its finished phases."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time


def test_sigkill_mid_session_keeps_completed_phases(limber, limber_home):
    env = {
        **os.environ,
        "LIMBER_HOME": str(limber_home),
        "LIMBER_PLAIN_SPEED": "10",
        "PYTHONPATH": str(limber.site),
    }
    env.pop("LIMBER_PACKS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "limber", "run", "core/post-run", "--plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    started = 0
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("["):  # a phase started
            started += 1
            if started == 4:  # three phases are done: get ready, butterfly, rest
                break
    assert started == 4, "the session did not get going"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    result = limber("history", "--json")
    assert result.returncode == 0, result.stderr
    (session,) = json.loads(result.stdout)["recent"]
    assert session["routine_id"] == "core/post-run"
    assert session["status"] == "interrupted"
    kinds = [p["kind"] for p in session["phases"]]
    assert kinds[:3] == ["get-ready", "hold", "rest"]
    assert all(not p["skipped"] for p in session["phases"][:3])
    assert session["phases"][1]["stretch_id"] == "core/butterfly"
