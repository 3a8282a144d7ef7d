"""Speech and tone engines, found on first use: the first one present wins.

Speech: ``espeak-ng`` or ``espeak`` (Linux), ``say`` (macOS), SAPI through PowerShell
(Windows). Each runs as a child process with an argument list, never a shell, so a cue
can be cut off (a newer one is due) or dropped (the engine hangs) by ending the process.
The words go to every engine on its stdin (``espeak-ng --stdin``, ``say -f -``, SAPI's
``[Console]::In``), never on its command line: a stretch named ``- -w/PATH`` is spoken,
not read as an option.
An in-process library such as pyttsx3 cannot be stopped that way from another thread,
which is why the commands are used directly.

Tones: the WAV is written once to a temporary folder and played with ``pw-play``,
``paplay`` or ``aplay`` (Linux) or ``afplay`` (macOS); Windows uses ``winsound``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from limber_voice.cues import Cue
from limber_voice.settings import VoiceSettings
from limber_voice.text import clean

Which = Callable[[str], str | None]

SPEECH_ENGINES = "espeak-ng, espeak, say or Windows SAPI"
TONE_PLAYERS = "pw-play, paplay, aplay or afplay"

_SAPI = (
    "Add-Type -AssemblyName System.Speech;"
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
    "$s.Rate = [int]$args[0]; if ($args[1]) { $s.SelectVoice($args[1]) };"
    "$s.Speak([Console]::In.ReadToEnd())"
)
"""Reads the words from stdin, so they are never part of a command line."""


class Running(Protocol):
    """A cue being spoken: a :class:`subprocess.Popen` or a test's fake."""

    def poll(self) -> int | None: ...

    def kill(self) -> None: ...


class Engine(Protocol):
    """Starts speaking a cue and returns at once."""

    name: str

    def start(self, cue: Cue) -> Running: ...


class CommandEngine:
    """A speech command: ``argv`` is its whole argument list; the words go on stdin."""

    def __init__(self, name: str, argv: list[str]):
        self.name = name
        self.argv = argv

    def run(self, text: str, *, timeout: float) -> int:
        """Speak and wait (``limber-voice test``); the exit status."""
        return subprocess.run(
            self.argv,
            input=clean(text).encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        ).returncode

    def start(self, cue: Cue) -> Running:
        process = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if process.stdin is not None:
            try:
                process.stdin.write(clean(cue.text).encode("utf-8"))
                process.stdin.close()
            except OSError:
                pass
        return process


def espeak_argv(path: str, settings: VoiceSettings, wav: Path | None = None) -> list[str]:
    """espeak-ng's (or espeak's) arguments: ``--stdin`` reads the words to their end."""
    voice = clean(settings.voice)
    args = [path, "-s", str(settings.rate)]
    args += ["-v", voice] if voice else []
    args += ["-w", str(wav)] if wav else []
    return [*args, "--stdin"]


def find_speech(
    settings: VoiceSettings, which: Which = shutil.which, platform: str = sys.platform
) -> CommandEngine | None:
    """The first speech engine present, or None."""
    for name in ("espeak-ng", "espeak"):
        path = which(name)
        if path:
            return CommandEngine(name, espeak_argv(path, settings))
    voice = clean(settings.voice)
    say = which("say") if platform == "darwin" else None
    if say:  # -f -: the words from stdin
        voices = ["-v", voice] if voice else []
        return CommandEngine("say", [say, "-r", str(settings.rate), *voices, "-f", "-"])
    shell = which("powershell") if platform == "win32" else None
    if shell:
        sapi_rate = str(max(-10, min(10, (settings.rate - 160) // 20)))
        return CommandEngine("SAPI", [shell, "-NoProfile", "-Command", _SAPI, sapi_rate, voice])
    return None


def wav_engine(
    settings: VoiceSettings, wav: Path, which: Which = shutil.which
) -> CommandEngine | None:
    """espeak-ng or espeak writing to a WAV file instead of the speakers."""
    for name in ("espeak-ng", "espeak"):
        path = which(name)
        if path:
            return CommandEngine(name, espeak_argv(path, settings, wav))
    return None


class _Finished:
    """A tone already played (Windows plays it in this thread)."""

    def poll(self) -> int:
        return 0

    def kill(self) -> None:
        pass


class ToneEngine:
    """Plays the cue's tone through a command, or ``winsound`` on Windows."""

    def __init__(self, player: Sequence[str] | None) -> None:
        self.name = f"tones ({Path(player[0]).name})" if player else "tones (winsound)"
        self._player = list(player) if player else None
        self._folder: Path | None = None
        self._lock = threading.Lock()

    def file(self, tone: str) -> Path:
        from limber_voice.tones import wav_bytes

        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="limber-voice-"))
            path = self._folder / f"{tone}.wav"
            if not path.exists():
                path.write_bytes(wav_bytes(tone))
        return path

    def start(self, cue: Cue) -> Running:
        path = self.file(cue.tone)
        if self._player is None:
            import winsound  # type: ignore[import-not-found,unused-ignore]

            winsound.PlaySound(str(path), winsound.SND_FILENAME)  # type: ignore[attr-defined,unused-ignore]
            return _Finished()
        return subprocess.Popen(
            [*self._player, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def find_tones(which: Which = shutil.which, platform: str = sys.platform) -> ToneEngine | None:
    """The first way to play a WAV file present, or None."""
    if platform == "win32":
        return ToneEngine(None)
    names = ("afplay",) if platform == "darwin" else ("pw-play", "paplay", "aplay")
    for name in names:
        path = which(name)
        if path:
            return ToneEngine([path, "-q"] if name == "aplay" else [path])
    return None


def find(settings: VoiceSettings) -> tuple[Engine | None, str | None]:
    """The engine the settings ask for, or None and the sentence that says so."""
    if settings.sound == "tones":
        tones = find_tones()
        if tones is None:
            return None, (
                f"No way to play a tone was found ({TONE_PLAYERS}); the bell still sounds "
                "at each change."
            )
        return tones, None
    speech = find_speech(settings)
    if speech is None:
        return None, (
            f"No speech engine was found ({SPEECH_ENGINES}); the bell still sounds at "
            "each change. On Debian or Ubuntu: sudo apt install espeak-ng."
        )
    return speech, None
