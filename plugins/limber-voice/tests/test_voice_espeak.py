"""The real espeak-ng: a cue spoken into a WAV file is sound of a plausible length."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

LOCK = Path("/tmp/limber-voice-apt.lock")


def espeak_ng() -> str:
    """espeak-ng's path, installing it with apt-get when missing and possible."""
    found = shutil.which("espeak-ng")
    if found:
        return found
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("espeak-ng is not installed and apt-get cannot install it here (not root)")
    with LOCK.open("w") as lock:  # parallel workers: one apt-get at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shutil.which("espeak-ng"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for args in (
                ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "espeak-ng"],
            ):
                done = subprocess.run(args, capture_output=True, env=env, timeout=600, check=False)
                if done.returncode != 0:
                    pytest.skip(f"apt-get could not install espeak-ng: {done.stderr[-200:]!r}")
    return shutil.which("espeak-ng") or pytest.skip("espeak-ng still missing after apt-get")


def test_a_cue_spoken_by_espeak_ng_into_a_wav_file_is_sound(tmp_path, monkeypatch):
    espeak_ng()
    monkeypatch.setenv("LIMBER_HOME", str(tmp_path))
    from limber_voice.cli import main

    out = tmp_path / "cue.wav"
    assert main(["test", "Reclining twist, left side", "--wav", str(out)]) == 0
    with wave.open(str(out)) as wav:
        assert wav.getsampwidth() == 2
        seconds = wav.getnframes() / wav.getframerate()
        samples = array("h", wav.readframes(wav.getnframes()))
    assert 0.8 < seconds < 6.0  # five words at 160 a minute, with espeak's pauses
    assert max(abs(s) for s in samples) > 1000  # not silence
