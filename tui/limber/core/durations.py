"""How long routines and stretches take, worked out without building their plans.

A plan (:mod:`limber.core.plan`) holds every phase with the words it shows, fitted to
its time: most of the cost of a plan is those words. A list of routines with their
times, and the ``max:`` filter over 10,000 stretches and 500 routines, need only the
times. This adds up the same phase lengths, in the same order and with the same float
additions as :func:`limber.core.plan.build_plan`, so the totals are equal to the last
bit (a test compares them for every core routine and stretch, and for sided, repeated,
dosed-over and flowing steps). Keep it in step with ``build_plan``, ``_work`` and
``_flow`` there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from limber.core.errors import LimberError
from limber.core.model import Dose, Routine, RoutineStep, Stretch
from limber.core.plan import (
    DEFAULT_SETTINGS,
    PlanSettings,
    practice_timing,
    single_stretch_routine,
)


def _pick(amount: tuple[int, int], settings: PlanSettings) -> int:
    return amount[0] if settings.dose == "low" else amount[1]


def _sides(step: RoutineStep, stretch: Stretch) -> int:
    """How many sides a round of the step does (each side: two)."""
    sides = step.sides or stretch.sides
    return 2 if sides == "each" else 1


def _work(stretch: Stretch, dose: Dose, settings: PlanSettings) -> list[float]:
    """The lengths of the work phases of one side of one round, as ``_work`` adds them."""
    tempo = stretch.tempo_seconds or settings.rep_seconds
    count = _pick(dose.amount, settings)
    if stretch.kind == "flow" and len(stretch.flow) >= 2:
        positions = len(stretch.flow)
        if dose.unit == "reps":
            per: float = tempo
            total: float = count * positions * tempo
        else:
            per = count * (settings.breath_seconds if dose.unit == "breaths" else 1)
            given = dose.total_seconds
            if isinstance(given, int):
                given = (given, given)
            total = _pick(given, settings) if given is not None else per * positions
        phases = max(1, math.ceil(total / per - 1e-9))
        return [per if n < phases - 1 else total - per * (phases - 1) for n in range(phases)]
    if dose.unit == "reps":
        return [count * tempo]
    return [count * (settings.breath_seconds if dose.unit == "breaths" else 1)]


def routine_seconds(
    routine: Routine, stretches: Mapping[str, Stretch], settings: PlanSettings = DEFAULT_SETTINGS
) -> float:
    """How long ``routine`` takes: its plan's ``total_seconds``, without the plan.

    Raises :class:`LimberError` for a step naming a stretch that is not there, as
    building its plan would.
    """
    clock = 0.0
    ready = settings.get_ready_seconds
    for index, step in enumerate(routine.steps):
        stretch = stretches.get(step.stretch)
        if stretch is None:
            raise LimberError(
                f"Routine '{routine.id}' uses the stretch '{step.stretch}', which is not loaded."
            )
        if index > 0 and routine.transition_seconds > 0:
            clock += routine.transition_seconds
        work = _work(stretch, step.dose_for(stretch), settings)
        for _ in range(step.rounds * _sides(step, stretch)):
            if ready > 0:  # get ready, or switch sides: as long as each other
                clock += ready
            for seconds in work:
                if seconds > 0:
                    clock += seconds
    return clock


def stretch_seconds(stretch: Stretch, settings: PlanSettings = DEFAULT_SETTINGS) -> float:
    """How long practising ``stretch`` on its own takes (its one-step routine)."""
    return routine_seconds(single_stretch_routine(stretch), {stretch.id: stretch}, settings)


def item_seconds(
    routines: Iterable[Routine],
    stretches: Mapping[str, Stretch],
    settings: PlanSettings = DEFAULT_SETTINGS,
) -> tuple[dict[str, float], dict[str, float]]:
    """``(routine id → seconds, stretch id → seconds of its practice)`` of a catalogue,
    for filtering it by duration (a routine and a stretch may share an id: two tables).
    Stretches alike in :func:`practice_timing` take equally long, so 10,000 stretches
    cost a few sums."""
    by_routine = {routine.id: routine_seconds(routine, stretches, settings) for routine in routines}
    alike: dict[tuple[object, ...], float] = {}
    by_stretch: dict[str, float] = {}
    for stretch in stretches.values():
        timing = practice_timing(stretch)
        seconds = alike.get(timing)
        if seconds is None:
            seconds = alike[timing] = stretch_seconds(stretch, settings)
        by_stretch[stretch.id] = seconds
    return by_routine, by_stretch
