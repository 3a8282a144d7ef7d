"""What to say (or which tone to play) for each session event: one table, pure functions.

The kinds of cue a runner can turn on and off in ``[packs.voice] cues`` are the keys of
:data:`CUE_KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from limber import SessionEvent

    from limber_voice.settings import VoiceSettings

CUE_KINDS: dict[str, str] = {
    "get-ready": "the stretch and side (which leg or arm, in a core stretch) as you get ready",
    "countdown": "3, 2, 1 before each change",
    "start": "hold or go as the stretch begins",
    "flow": "each position of a flow, such as cat and cow",
    "switch-sides": "switch sides",
    "halfway": "halfway through a long hold",
    "last-one": "last one, at the start of a step's last round",
    "rest": "rest between stretches",
    "done": "the end of the session",
}
"""Cue kind → what it says, for the README and ``limber-voice cues``."""

SIDE_MEANS: dict[str, str] = {
    "core/hip-flexor-wall": "{side} knee down",
    "core/kneeling-lunge": "{side} foot forward",
    "core/lower-back-twist": "knees to the {side}",
    "core/piriformis-stretch": "cross the {side} leg over",
    "core/reclining-twist": "open the {side} arm, legs to the {other}",
    "core/seated-twist": "{side} knee bent, turn to the {side}",
    "core/single-knee-to-chest": "{side} knee in",
}
"""What "left side" means in each of the core's two-sided stretches (each stretch's "Your
side is ..." in its summary), said after the side so nobody lying on the floor has to
guess which leg. A stretch not listed gets the side alone."""

TONES = ("get-ready", "switch", "done", "tick", "go")
"""The distinct tones (see :mod:`limber_voice.tones`)."""


@dataclass(frozen=True)
class Cue:
    """One thing to say: its words, and the tone that stands for it without a voice."""

    text: str
    tone: str
    kind: str


def cue_for(event: SessionEvent, settings: VoiceSettings) -> Cue | None:
    """The cue for an event, or None when it calls for none (or that kind is off)."""
    cue = _cue(event, settings)
    if cue is None or cue.kind not in settings.cues:
        return None
    return cue


def _side(event: SessionEvent) -> str:
    """``left side``, and what that means for this stretch where the table knows."""
    meaning = SIDE_MEANS.get(event.stretch_id, "")
    if not meaning:
        return f"{event.side} side"
    other = "right" if event.side == "left" else "left"
    return f"{event.side} side: " + meaning.format(side=event.side, other=other)


def _who(event: SessionEvent) -> str:
    name = event.stretch_name or "Next stretch"
    return f"{name}, {_side(event)}" if event.side else name


def _cue(event: SessionEvent, settings: VoiceSettings) -> Cue | None:
    kind, phase = event.kind, event.phase_kind
    if kind == "phase-started":
        if phase == "get-ready":
            last = event.rounds > 1 and event.round == event.rounds
            if last and "last-one" in settings.cues:
                return Cue(f"Last one. {_who(event)}", "get-ready", "get-ready")
            return Cue(_who(event), "get-ready", "get-ready")
        if phase == "hold":
            return Cue("Hold", "go", "start")
        if phase == "reps":
            return Cue("Go", "go", "start")
        if phase == "flow" and event.position:
            return Cue(event.position, "go", "flow")
        if phase == "rest":
            return Cue("Rest", "tick", "rest")
        return None
    if kind == "switch-sides":
        side = f", {_side(event)}" if event.side else ""
        return Cue(f"Switch sides{side}", "switch", "switch-sides")
    if kind == "countdown" and phase != "flow":
        return Cue(str(event.seconds_left), "tick", "countdown")
    if kind == "halfway" and phase == "hold" and event.phase_seconds >= settings.halfway_after:
        return Cue("Halfway", "tick", "halfway")
    if kind == "session-done":
        if event.status == "completed":
            return Cue("Well done. Session complete.", "done", "done")
        return Cue("Session ended.", "done", "done")
    return None
