"""Session events, as the engine emits them and the event hook receives them, and
where a session was stopped because it hurt."""

from __future__ import annotations

from typing import Literal, NamedTuple

import msgspec

from limber.core.phases import PhaseKind

EventKind = Literal[
    "session-started",
    "phase-started",
    "countdown",
    "switch-sides",
    "halfway",
    "phase-done",
    "session-done",
]


class SessionEvent(msgspec.Struct, frozen=True):
    """Something that happened in a session, for the screen and for plugins.

    The fields after ``elapsed`` (API 1.1) describe the phase the event is about, so a
    speaker or a light needs nothing but the event. They are empty (or 0) for
    session-wide events. Pack text in them is already cleaned of control characters.
    """

    kind: EventKind
    routine_id: str
    phase_index: int = -1
    """Index into the plan's phases; -1 for session-wide events."""
    stretch_id: str = ""
    side: str = ""
    """``left``, ``right`` or empty."""
    seconds_left: int = 0
    """For ``countdown``: 3, 2 or 1."""
    status: str = ""
    """For ``session-done``: ``completed`` or ``ended-early``."""
    elapsed: float = 0.0
    """Active session seconds (pauses excluded) at the moment it happened. For
    ``phase-started`` this is the phase's exact start, even when the engine noticed the
    boundary late, so a log or an exporter never drifts."""
    phase_kind: PhaseKind | Literal[""] = ""
    """``get-ready``, ``hold``, ``flow``, ``reps``, ``switch-sides`` or ``rest``. Since 1.1."""
    stretch_name: str = ""
    """The stretch's name as shown on screen, such as ``Knee-to-chest``. Since 1.1."""
    position: str = ""
    """For a flow phase: the position's name, such as ``Cat``. Since 1.1."""
    phase_seconds: float = 0.0
    """The phase's planned length in seconds. Since 1.1."""
    round: int = 0
    """The step's round, from 1, and how many it has (``rounds``). Since 1.1."""
    rounds: int = 0
    programme_id: str = ""
    """The programme this session is part of, and its week (from 1); empty and 0 for a
    session outside a programme. Since API 1.1."""
    programme_week: int = 0


class HookProblem(msgspec.Struct, frozen=True):
    """A pack's event hook failed on an event (raised, or was too slow); the session goes
    on without it."""

    pack: str
    message: str
    """One sentence naming the pack, the event and the error."""

    def __str__(self) -> str:
        return self.message


class PackNotice(msgspec.Struct, frozen=True):
    """A sentence a pack's event hook returned for the runner (API 1.1): the pack works,
    it has something to say. Not a failure."""

    pack: str
    message: str
    """The sentence, cleaned and naming the pack: ``Pack 'voice': …``."""

    def __str__(self) -> str:
        return self.message


class StopPoint(NamedTuple):
    """Where a session was stopped because it hurt, and the pain then (None: not given).

    Written to the ``sessions.stop_*`` and ``pain_at_stop`` columns, in this order."""

    stretch_id: str
    stretch_name: str
    side: str
    phase: int
    pain: int | None
