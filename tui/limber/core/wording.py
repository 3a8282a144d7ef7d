"""How numbers, durations, sides and steps read to a person: one wording for every view.

The CLI, the app, the builder, ``--plain`` and the exports all word these things through
this module, so "1 stretches", "1.5 min" in one place and "1 min" in another, or a side
spelt two ways, cannot come back. Plain strings only: each view styles them its own way.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from limber.core.model import RoutineStep, Stretch

_SIDES = {"each": "each side", "left": "left side", "right": "right side"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 step``, ``2 steps``, ``0 steps``; ``many`` for irregular words."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def whole_seconds(seconds: float) -> int:
    """Seconds rounded half up (never to even), and never below zero."""
    return max(0, math.floor(seconds + 0.5))


def mmss(seconds: float) -> str:
    """``m:ss`` (``12:05``), rounded to the nearest second, for totals and elapsed time."""
    whole = whole_seconds(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def padded_mmss(seconds: float) -> str:
    """``mm:ss`` (``00:05``), zero-padded, for the start of a line in a log."""
    whole = whole_seconds(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def whole_minutes(seconds: float) -> int:
    """Minutes rounded half up from the whole seconds that ``mmss`` shows: 1:30 is 2
    minutes and 1:29 is 1, whatever fraction of a second lies behind them."""
    return math.floor(whole_seconds(seconds) / 60 + 0.5)


def minutes(seconds: float) -> str:
    """``12 min``: a duration in whole minutes (rounded half up), for summaries."""
    return f"{whole_minutes(seconds)} min"


def about_minutes(seconds: float) -> str:
    """``about 2 minutes``; never less than 1, for a session that ran at all."""
    return "about " + plural(max(1, whole_minutes(seconds)), "minute")


def seconds_text(seconds: float) -> str:
    """``30 s``, ``7.5 s``: a phase's length as the plan gives it."""
    return f"{seconds:g} s"


def sides_text(sides: str | None) -> str:
    """How a side setting reads to a person: ``each side``, ``left side``, or nothing."""
    return _SIDES.get(sides or "", "")


def side_name(side: str) -> str:
    """The side being worked now, as a badge or cue says it: ``LEFT``, ``RIGHT``."""
    return side.upper()


def stretch_sides(sides: str | None) -> str:
    """A stretch's sides in its details: ``each side``, ``left side`` or ``no sides``."""
    return sides_text(sides) or "no sides"


class StepLine(msgspec.Struct, frozen=True):
    """One routine step, worded: ``Cat-cow  10 breaths × 2, each side``."""

    name: str
    dose: str
    """The dose (its note only if asked for), with ``× rounds`` when there is more than one."""
    sides: str
    """``each side``, ``left side``… or empty."""

    def text(self) -> str:
        return f"{self.name} — {self.dose}" + (f", {self.sides}" if self.sides else "")


def step_line(step: RoutineStep, stretch: Stretch, *, note: bool = False) -> StepLine:
    """How a routine step reads, the same in ``show``, the plan preview and the builder.

    The name is the stretch's name as the pack gave it; callers clean it for display.
    """
    dose = step.dose_for(stretch).describe(note=note)
    rounds = f" × {step.rounds}" if step.rounds > 1 else ""
    return StepLine(stretch.name, dose + rounds, sides_text(step.sides or stretch.sides))
