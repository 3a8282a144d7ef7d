"""``limber-voice``: try the voice pack's settings without starting a session.

Limber's own command line has no room for packs' commands, so the pack has its own
script (also ``python -m limber_voice``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from limber_voice.settings import VoiceSettings

SAMPLE = "Reclining twist, left side. 3, 2, 1. Hold."


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="limber-voice", description="Try Limber's spoken cues with your settings."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    test = sub.add_parser("test", help="speak a sample cue (or play the tones)")
    test.add_argument("text", nargs="?", default=SAMPLE, help="what to say")
    test.add_argument("--tones", action="store_true", help="play every tone instead")
    test.add_argument("--wav", type=Path, help="write the speech to this WAV file (espeak-ng)")
    sub.add_parser("cues", help="list the kinds of cue for [packs.voice] cues")
    args = parser.parse_args(argv)
    if args.command == "cues":
        from limber_voice.cues import CUE_KINDS

        for kind, what in CUE_KINDS.items():
            print(f"{kind:14} {what}")
        return 0
    return _test(args.text, tones=args.tones, wav=args.wav)


def _test(text: str, *, tones: bool, wav: Path | None) -> int:
    import dataclasses
    import subprocess

    from limber_voice import engines, settings
    from limber_voice.cues import TONES, Cue

    voice, problem = settings.load()
    if problem:
        print(f"limber-voice: {problem}", file=sys.stderr)
    if tones:
        voice = dataclasses.replace(voice, sound="tones")
    if wav is not None:
        return _to_wav(text, wav, voice)
    engine, problem = engines.find(voice)
    if engine is None:
        print(f"limber-voice: {problem}", file=sys.stderr)
        return 1
    cues = [Cue(tone, tone, tone) for tone in TONES] if tones else [Cue(text, "go", "test")]
    for cue in cues:
        print(f"{engine.name}: {cue.text}")
        try:
            status = engine.start(cue)
            process = status if isinstance(status, subprocess.Popen) else None
            if process is not None:
                process.wait(timeout=voice.timeout * 3)
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"limber-voice: {engine.name} failed: {error}", file=sys.stderr)
            return 1
    return 0


def _to_wav(text: str, wav: Path, voice: VoiceSettings) -> int:
    from limber_voice import engines

    engine = engines.wav_engine(voice, wav)
    if engine is None:
        print("limber-voice: --wav needs espeak-ng or espeak.", file=sys.stderr)
        return 1
    result = engine.run(text, timeout=voice.timeout * 3)
    if result != 0:
        print(f"limber-voice: {engine.name} stopped with status {result}.", file=sys.stderr)
        return 1
    print(f"Wrote {wav}")
    return 0
