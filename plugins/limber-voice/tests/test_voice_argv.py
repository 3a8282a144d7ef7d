"""What each speech engine is given, recorded by a fake engine on PATH: the words on
stdin and a fixed argument list, whatever dashes a stretch's name begins with."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from limber import SessionEvent

from limber_voice import engines
from limber_voice.cues import Cue
from limber_voice.settings import VoiceSettings
from limber_voice.speaker import Speaker

EVIL = "w/tmp/limber-voice-evil.wav"
DISGUISES = [
    f"-{EVIL}",
    f"--{EVIL}",
    f"- -{EVIL}",
    f"-\t-{EVIL}",
    f"- \u3000-{EVIL}",  # ideographic space
    f"-\u200b-{EVIL}",  # zero-width space
    f"-\u200e-{EVIL}",  # left-to-right mark
    f"-\ufeff-{EVIL}",  # byte order mark
    f"-\u00ad-{EVIL}",  # soft hyphen
    f"-\x00-{EVIL}",
    f"-\x1b[0m-{EVIL}",
    f"-\x85-{EVIL}",  # C1 next line
    f"\u2013{EVIL}",  # en dash
    f"\u2014{EVIL}",  # em dash
    f"\u2212{EVIL}",  # minus sign
    f"\u2010-{EVIL}",  # hyphen
    f"\u2011-{EVIL}",  # non-breaking hyphen
    f"\ufe63-{EVIL}",  # small hyphen-minus
    f"\uff0d-{EVIL}",  # full-width hyphen-minus
    f"-- -{EVIL}",
    "--help",
    "-",
]
FAKE = """#!/bin/sh
for arg in "$0" "$@"; do printf '%s\\0' "$arg"; done > "$FAKE_ENGINE_LOG.argv"
cat > "$FAKE_ENGINE_LOG.stdin"
"""
ENGINES = {
    # name on PATH, platform, the argument list after the program, whatever the words
    "espeak-ng": ("linux", ["-s", "170", "-v", "en-gb", "--stdin"]),
    "espeak": ("linux", ["-s", "170", "-v", "en-gb", "--stdin"]),
    "say": ("darwin", ["-r", "170", "-v", "en-gb", "-f", "-"]),
    "powershell": ("win32", ["-NoProfile", "-Command", engines._SAPI, "0", "en-gb"]),
}
SETTINGS = VoiceSettings(voice="en-gb", rate=170)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in ENGINES:
        path = folder / name
        path.write_text(FAKE)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(tmp_path / "heard"))
    return folder


def _heard(tmp_path: Path) -> tuple[list[str], str]:
    argv = (tmp_path / "heard.argv").read_bytes().split(b"\0")[:-1]
    return [a.decode() for a in argv], (tmp_path / "heard.stdin").read_text()


def _finder(fake_bin: Path, name: str):
    return lambda wanted: str(fake_bin / wanted) if wanted == name else None


@pytest.mark.parametrize("name", ENGINES)
def test_no_dashed_name_reaches_an_engines_arguments(fake_bin, tmp_path, name):
    platform, args = ENGINES[name]
    engine = engines.find_speech(SETTINGS, which=_finder(fake_bin, name), platform=platform)
    assert engine is not None
    for text in DISGUISES:
        engine.start(Cue(text, "get-ready", "get-ready")).wait(timeout=10)  # type: ignore[attr-defined]
        argv, stdin = _heard(tmp_path)
        assert argv == [str(fake_bin / name), *args], repr(text)
        assert EVIL in stdin or text in ("--help", "-"), repr(text)
    assert not Path("/tmp/limber-voice-evil.wav").exists()


def test_the_wav_writer_takes_its_words_on_stdin_too(fake_bin, tmp_path):
    wav = tmp_path / "out.wav"
    engine = engines.wav_engine(SETTINGS, wav, which=_finder(fake_bin, "espeak-ng"))
    assert engine is not None
    for text in DISGUISES:
        assert engine.run(text, timeout=10) == 0
        argv, stdin = _heard(tmp_path)
        assert argv[1:] == ["-s", "170", "-v", "en-gb", "-w", str(wav), "--stdin"], repr(text)
        assert EVIL in stdin or text in ("--help", "-"), repr(text)


def test_names_and_flow_positions_from_a_session_reach_only_stdin(fake_bin, tmp_path, monkeypatch):
    """The whole way: events heard by the speaker, the engine found on PATH."""
    monkeypatch.setenv("PATH", f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    voice = Speaker(engines.find, lambda: (SETTINGS, None))
    base = {"routine_id": "voice/sound-check"}
    for text in (f"- -{EVIL}", f"\u2212{EVIL}"):
        for fields in (
            {"phase_kind": "get-ready", "stretch_name": text},
            {"phase_kind": "flow", "position": text},
        ):
            voice.hear(SessionEvent(kind="phase-started", **base, **fields))  # type: ignore[arg-type]
            assert voice.wait_idle()
            argv, stdin = _heard(tmp_path)
            assert argv[1:] == ["-s", "170", "-v", "en-gb", "--stdin"]
            assert EVIL in stdin
