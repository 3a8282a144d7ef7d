"""A plan's types: the phases a routine is expanded into, and the settings that time them.

:mod:`limber.core.plan` builds these (the planner); the engine, the session view,
``--plain``, ``limber show --json``, the history and the pack linter read them. They are
immutable data, so a routine's total time, order and side balance can be checked without
running it.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import msgspec

from limber.core.phases import PhaseKind


class PlanSettings(msgspec.Struct, frozen=True):
    """The user's timing preferences; the settings module builds one from config."""

    get_ready_seconds: float = 5
    """Time to get into position before a stretch, between rounds and between sides."""
    breath_seconds: float = 5
    """One slow breath, for doses given in breaths."""
    rep_seconds: float = 4
    """Tempo of one repetition when the stretch does not give ``tempo_seconds``."""
    dose: Literal["low", "high"] = "high"
    """Which end of a source's range (``seconds = [20, 30]``) to use."""

    def __post_init__(self) -> None:
        if self.get_ready_seconds < 0:
            raise ValueError("get_ready_seconds cannot be negative")
        if self.breath_seconds <= 0 or self.rep_seconds <= 0:
            raise ValueError("breath_seconds and rep_seconds must be more than 0")


DEFAULT_SETTINGS = PlanSettings()


class Phase(msgspec.Struct, frozen=True):
    """One stretch of time in a session: get ready, hold, flow, reps, switch sides or rest."""

    index: int
    kind: PhaseKind
    start: float
    """Seconds from the start of the session (without pauses or extensions)."""
    seconds: float
    stretch_id: str
    """The stretch this phase belongs to; empty for a rest."""
    stretch_name: str
    side: str
    """``left``, ``right`` or empty."""
    step_index: int
    """The routine step (0-based); for a rest, the step it leads into."""
    round: int
    """1-based round of the step."""
    rounds: int
    instruction: str
    """What to do now, in one or two short sentences."""
    position: str = ""
    """For a flow phase: the position's name, such as ``Cat``."""
    reps: int = 0
    """For a reps phase: how many."""
    dose_text: str = ""
    """For work phases: ``30 s``, ``5 breaths``, ``15 reps``."""
    work: bool = False
    """True for hold, flow and reps phases: the ones that count as stretching."""
    caution: str = ""
    """For a hold or reps: the key caution, which ends ``instruction`` and which no
    screen size or reading time cuts."""
    way_out: str = ""
    """For a hold or reps: the steps out of the pose, shown as it ends, not during it."""

    @property
    def end(self) -> float:
        return self.start + self.seconds

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "start": json_number(self.start),
            "seconds": json_number(self.seconds),
            "stretch": self.stretch_id,
            "stretch_name": self.stretch_name,
            "side": self.side,
            "step": self.step_index,
            "round": self.round,
            "rounds": self.rounds,
            "position": self.position,
            "reps": self.reps,
            "dose": self.dose_text,
            "instruction": self.instruction,
            "work": self.work,
        }


class Plan(msgspec.Struct, frozen=True):
    """A routine's phases in order, with the totals a preview or a check needs."""

    routine_id: str
    routine_name: str
    phases: tuple[Phase, ...]

    @property
    def total_seconds(self) -> float:
        return self.phases[-1].end if self.phases else 0.0

    @property
    def work_seconds(self) -> float:
        return math.fsum(p.seconds for p in self.phases if p.work)

    def side_balance(self) -> dict[str, dict[str, float]]:
        """Work seconds per stretch and side (``""`` for a stretch without sides).

        For a routine that does a stretch on each side, left and right come out equal;
        a step done on one side only shows up here as an imbalance, on purpose.
        """
        balance: dict[str, dict[str, float]] = {}
        for phase in self.phases:
            if phase.work:
                sides = balance.setdefault(phase.stretch_id, {})
                sides[phase.side] = sides.get(phase.side, 0.0) + phase.seconds
        return balance

    def next_work_phase(self, index: int) -> Phase | None:
        """The first work phase after ``index``: what the screen shows as "next"."""
        for phase in self.phases[index + 1 :]:
            if phase.work:
                return phase
        return None

    def as_json(self) -> dict[str, Any]:
        """``{"routine", "name", "total_seconds", "work_seconds", "phases": [...]}``.

        Each phase is ``{"index", "kind", "start", "seconds", "stretch", "stretch_name",
        "side", "step", "round", "rounds", "position", "reps", "dose", "instruction",
        "work"}``; times are seconds from the start of the session.
        """
        return {
            "routine": self.routine_id,
            "name": self.routine_name,
            "total_seconds": json_number(self.total_seconds),
            "work_seconds": json_number(self.work_seconds),
            "phases": [phase.as_json() for phase in self.phases],
        }


def json_number(value: float) -> float | int:
    """A whole number of seconds as an int (``30``, not ``30.0``) for JSON and text."""
    return int(value) if float(value).is_integer() else value
