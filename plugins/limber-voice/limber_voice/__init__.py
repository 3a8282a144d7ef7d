"""Limber pack ``voice``: speaks each change of a session, or plays a short tone.

Built only on the public hooks: ``limber_notice`` says at load when no engine is
installed, and ``limber_session_event`` hands each event to a
:class:`~limber_voice.speaker.Speaker` and returns at once: the settings are read, the
engine is found and speech runs on the speaker's own thread, so a slow or stuck engine
never delays a frame or a phase boundary. Importing this module imports nothing but
``pathlib`` and ``limber``: the pack costs the app's start-up nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from limber import hookimpl

if TYPE_CHECKING:
    from limber import SessionEvent

    from limber_voice.speaker import Speaker

_speaker: Speaker | None = None
"""Made on the first event (tests put their own here)."""


@hookimpl
def limber_content_dir() -> Path:
    """The pack's folder: ``pack.toml`` and the sound-check routine."""
    return Path(__file__).parent / "content"


@hookimpl
def limber_notice() -> str | None:
    """Say as the pack loads, not at the first cue, when it cannot make a sound: its
    settings are unusable, or no speech engine (or tone player) is installed."""
    from limber_voice import engines, settings

    loaded, problem = settings.load()
    if problem:
        return problem
    if not loaded.enabled:
        return None
    return engines.find(loaded)[1]


@hookimpl
def limber_session_event(event: SessionEvent) -> str | None:
    """Queue the event for the speaker; return a sentence the runner should see, once."""
    global _speaker
    if _speaker is None:
        from limber_voice.speaker import Speaker

        _speaker = Speaker.for_runner()
    _speaker.hear(event)
    return _speaker.pop_notice()
