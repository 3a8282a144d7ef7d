"""The planner: a routine expanded into timed phases, worked out before any clock runs.

The session engine, the screen that previews a routine, ``limber show --json`` and the
tests all need one answer to "what happens when, for how long, on which side". Working
it out once, as immutable data (the types are in :mod:`limber.core.plan_model`, and can
be imported from here too), means a routine's total time, order and side balance can be
checked without running it, and the engine only has to walk a list.

Rules (see :func:`build_plan`): each step opens with a get-ready phase, later steps with
a rest first; "each side" means left, a switch-sides phase, then right; rounds repeat
the side sequence; a flow alternates its positions until its total time is up. Every
piece of pack text that ends up in a phase goes through :func:`clean_line`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import msgspec

from limber.core.errors import LimberError
from limber.core.instructions import full_stop as _full_stop
from limber.core.instructions import hold_text, lead_in_steps
from limber.core.instructions import sentences as _sentences
from limber.core.model import Dose, Routine, RoutineStep, Stretch
from limber.core.phases import PHASES, WORK_KINDS, PhaseKind
from limber.core.plan_model import DEFAULT_SETTINGS, Phase, Plan, PlanSettings, json_number
from limber.core.text import clean_line
from limber.core.wording import seconds_text, side_name

__all__ = [
    "DEFAULT_SETTINGS",
    "Phase",
    "Plan",
    "PlanSettings",
    "build_plan",
    "phase_line",
    "practice_timing",
    "routine_seconds",
    "single_stretch_routine",
]


def _pick(amount: tuple[int, int], settings: PlanSettings) -> int:
    return amount[0] if settings.dose == "low" else amount[1]


def _unit_text(count: float, unit: str) -> str:
    if unit == "seconds":
        return f"{json_number(count)} s"
    if unit == "breaths":
        return f"{json_number(count)} breath" + ("" if count == 1 else "s")
    return f"{json_number(count)} rep" + ("" if count == 1 else "s")


def _side_sequence(step: RoutineStep, stretch: Stretch) -> tuple[str, ...]:
    sides = step.sides or stretch.sides
    if sides == "each":
        return ("left", "right")
    if sides in ("left", "right"):
        return (sides,)
    return ("",)


class _Builder(msgspec.Struct):
    """Appends phases with exact cumulative start times."""

    phases: list[Phase] = []
    clock: float = 0.0

    def add(self, kind: PhaseKind, seconds: float, **fields: Any) -> None:
        if seconds <= 0:
            return
        self.phases.append(
            Phase(
                index=len(self.phases),
                kind=kind,
                start=self.clock,
                seconds=seconds,
                work=kind in WORK_KINDS,
                **fields,
            )
        )
        self.clock += seconds


def _work_seconds(stretch: Stretch, dose: Dose, settings: PlanSettings) -> float:
    """How long a hold or a set of reps lasts (not a flow: see :func:`_flow`)."""
    if dose.unit == "reps":
        return _pick(dose.amount, settings) * (stretch.tempo_seconds or settings.rep_seconds)
    per = settings.breath_seconds if dose.unit == "breaths" else 1
    return _pick(dose.amount, settings) * per


def _set_up(stretch: Stretch, step: RoutineStep, dose: Dose, settings: PlanSettings) -> str:
    """What get-ready shows: the set-up, then any steps the hold has no room for."""
    setup = _full_stop(_sentences(stretch.setup))
    if stretch.kind == "flow":
        return setup
    hold = hold_text(stretch, step.note, _work_seconds(stretch, dose, settings))
    return " ".join(filter(None, (setup, lead_in_steps(stretch, hold))))


def _work(
    build: _Builder,
    stretch: Stretch,
    dose: Dose,
    note: str,
    settings: PlanSettings,
    common: dict[str, Any],
) -> None:
    """The work phases of one side of one round of a step."""
    tempo = stretch.tempo_seconds or settings.rep_seconds
    count = _pick(dose.amount, settings)
    if stretch.kind == "flow" and len(stretch.flow) >= 2:
        _flow(build, stretch, dose, count, tempo, settings, common)
        return
    seconds = _work_seconds(stretch, dose, settings)
    hold = hold_text(stretch, note, seconds)
    parts = {"instruction": hold.text, "caution": hold.caution, "way_out": hold.way_out}
    if dose.unit == "reps":
        reps = {"reps": count, "dose_text": _unit_text(count, "reps")}
        build.add("reps", count * tempo, **reps, **parts, **common)
    else:
        build.add("hold", seconds, dose_text=_unit_text(count, dose.unit), **parts, **common)


def _flow(
    build: _Builder,
    stretch: Stretch,
    dose: Dose,
    count: int,
    tempo: float,
    settings: PlanSettings,
    common: dict[str, Any],
) -> None:
    """Alternate the flow's positions, each for one dose, until the total is reached.

    ``seconds`` or ``breaths`` is the time in each position and ``total_seconds`` how long
    to keep going (one pass through the positions if it is missing; the last position is
    cut short to land exactly on the total). ``reps`` counts passes through all the
    positions, each position taking one tempo.
    """
    positions = stretch.flow
    if dose.unit == "reps":
        per: float = tempo
        total: float = count * len(positions) * tempo
        dose_text = _unit_text(count, "reps")
    else:
        per = count * (settings.breath_seconds if dose.unit == "breaths" else 1)
        dose_text = _unit_text(count, dose.unit)
        given = dose.total_seconds
        if isinstance(given, int):
            given = (given, given)
        total = _pick(given, settings) if given is not None else per * len(positions)
    phases = max(1, math.ceil(total / per - 1e-9))
    for number in range(phases):
        position = positions[number % len(positions)]
        seconds = per if number < phases - 1 else total - per * (phases - 1)
        build.add(
            "flow",
            seconds,
            instruction=_sentences(position.cue),
            position=clean_line(position.name),
            dose_text=dose_text,
            **common,
        )


def build_plan(
    routine: Routine, stretches: Mapping[str, Stretch], settings: PlanSettings = DEFAULT_SETTINGS
) -> Plan:
    """Expand ``routine`` into phases, looking its stretches up in ``stretches``.

    Raises :class:`LimberError` if a step names a stretch that is not there (the pack
    host refuses such routines at load, so this only happens to hand-built ones).
    """
    build = _Builder()
    for step_index, step in enumerate(routine.steps):
        stretch = stretches.get(step.stretch)
        if stretch is None:
            raise LimberError(
                f"Routine '{routine.id}' uses the stretch '{step.stretch}', which is not loaded."
            )
        name = clean_line(stretch.name)
        if step_index > 0:
            build.add(
                "rest",
                routine.transition_seconds,
                stretch_id="",
                stretch_name="",
                side="",
                step_index=step_index,
                round=1,
                rounds=1,
                instruction=f"Rest. Next: {name}.",
            )
        dose = step.dose_for(stretch)
        sides = _side_sequence(step, stretch)
        setup = _set_up(stretch, step, dose, settings)
        for round_ in range(1, step.rounds + 1):
            for number, side in enumerate(sides):
                common: dict[str, Any] = {
                    "stretch_id": stretch.id,
                    "stretch_name": name,
                    "side": side,
                    "step_index": step_index,
                    "round": round_,
                    "rounds": step.rounds,
                }
                if number == 0:
                    lead = f"Round {round_} of {step.rounds}. " if step.rounds > 1 else ""
                    first = f" Start on your {side} side." if side else ""
                    build.add(
                        "get-ready",
                        settings.get_ready_seconds,
                        instruction=f"{lead}{setup}{first}",
                        **common,
                    )
                else:
                    build.add(
                        "switch-sides",
                        settings.get_ready_seconds,
                        instruction=f"Switch to your {side} side.",
                        **common,
                    )
                _work(build, stretch, dose, step.note, settings, common)
    return Plan(routine.id, clean_line(routine.name), tuple(build.phases))


def routine_seconds(
    routine: Routine, stretches: Mapping[str, Stretch], settings: PlanSettings = DEFAULT_SETTINGS
) -> float:
    """How long ``routine`` takes, for lists and filters by duration."""
    return build_plan(routine, stretches, settings).total_seconds


def practice_timing(stretch: Stretch) -> tuple[object, ...]:
    """Everything of a stretch that the length of its practice routine
    (:func:`single_stretch_routine`) depends on, beside the settings: what
    :func:`build_plan`, ``_work`` and ``_flow`` read for a time. Stretches alike in these
    take equally long, so a 10,000-stretch list works out a few plans, not 10,000. Keep
    it in step with them (a test compares it with the plans of every shipped stretch)."""
    return (stretch.dose, stretch.sides, stretch.kind, len(stretch.flow), stretch.tempo_seconds)


def single_stretch_routine(stretch: Stretch) -> Routine:
    """A one-step routine, to practise a single stretch on its own."""
    return Routine(
        id=stretch.id,
        name=stretch.name,
        description=stretch.summary,
        steps=(RoutineStep(stretch=stretch.id),),
        sources=stretch.sources,
        cautions=stretch.cautions,
    )


def phase_line(phase: Phase, plan: Plan) -> str:
    """What ``--plain`` prints as a phase starts, from its kind's :attr:`PhaseInfo.line`."""
    who = f"{phase.stretch_name}, {phase.side} side" if phase.side else phase.stretch_name
    upcoming = plan.next_work_phase(phase.index)
    return PHASES[phase.kind].line.format(
        who=who,
        seconds=seconds_text(phase.seconds),
        side=side_name(phase.side),
        position=phase.position,
        dose=phase.dose_text,
        instruction=phase.instruction,
        after=f" Next: {upcoming.stretch_name}." if upcoming else "",
    )
