"""The pack's settings: the ``[packs.voice]`` table of Limber's ``config.toml``.

Read on the speaker's thread at the first cue, never at import. A bad value is reported
once and the defaults are used; the file is never written.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from limber_voice.cues import CUE_KINDS


@dataclass(frozen=True)
class VoiceSettings:
    """Every key is optional."""

    enabled: bool = True
    """Off: the pack stays quiet (the bell is Limber's own setting)."""
    sound: Literal["voice", "tones"] = "voice"
    """``voice`` speaks; ``tones`` plays a short distinct tone per change instead."""
    voice: str = ""
    """The engine's voice name (``en-gb`` for espeak-ng, ``Samantha`` for say); empty:
    the engine's default."""
    rate: int = 160
    """Words per minute."""
    cues: frozenset[str] = field(default_factory=lambda: frozenset(CUE_KINDS))
    """Which kinds of cue to give (see ``limber-voice cues``)."""
    halfway_after: float = 20.0
    """Say "halfway" only in holds at least this many seconds long."""
    timeout: float = 8.0
    """A cue still not spoken after this many seconds is dropped (a stuck engine)."""


def config_file(environ: os._Environ[str] | dict[str, str] = os.environ) -> Path:
    """Limber's ``config.toml``: under ``LIMBER_HOME`` if set, else the user config folder."""
    home = environ.get("LIMBER_HOME")
    if home:
        return Path(home).expanduser() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("limber", appauthor=False)) / "config.toml"


def load(path: Path | None = None) -> tuple[VoiceSettings, str | None]:
    """The settings, and a sentence for the runner if the table could not be used."""
    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return VoiceSettings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return VoiceSettings(), None  # Limber itself reports a config file it cannot read
    table = data.get("packs", {}).get("voice", {})
    try:
        return parse(table), None
    except ValueError as error:
        return VoiceSettings(), f"[packs.voice] in {path}: {error}; using the defaults."


def parse(table: Any) -> VoiceSettings:
    """Settings from a ``[packs.voice]`` table; ValueError names the first bad key."""
    if not isinstance(table, dict):
        raise ValueError("it must be a table")
    known = {f.name for f in fields(VoiceSettings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}'")
    values: dict[str, Any] = {}
    for key, value in table.items():
        values[key] = _check(key, value)
    return VoiceSettings(**values)


def _check(key: str, value: Any) -> Any:
    if key == "enabled" and isinstance(value, bool):
        return value
    if key == "sound" and value in ("voice", "tones"):
        return value
    if key == "voice" and isinstance(value, str) and len(value) <= 60:
        return value
    if key == "rate" and type(value) is int and 60 <= value <= 400:
        return value
    if key == "cues" and isinstance(value, list) and set(value) <= set(CUE_KINDS):
        return frozenset(value)
    if key in ("halfway_after", "timeout") and type(value) in (int, float) and value > 0:
        return float(value)
    hints = {
        "sound": '"voice" or "tones"',
        "rate": "a whole number of words a minute, 60 to 400",
        "cues": "a list of " + ", ".join(CUE_KINDS),
    }
    raise ValueError(f"'{key}' must be {hints.get(key, 'a valid value')}")
