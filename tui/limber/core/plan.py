"""A routine expanded into timed phases: pure data, worked out before any clock runs.

The session engine, the screen that previews a routine, ``limber show --json`` and the
tests all need one answer to "what happens when, for how long, on which side". Working
it out once, as immutable data, means a routine's total time, order and side balance
can be checked without running it, and the engine only has to walk a list.

Rules (see :func:`build_plan`): each step opens with a get-ready phase, later steps with
a rest first; "each side" means left, a switch-sides phase, then right; rounds repeat
the side sequence; a flow alternates its positions until its total time is up. Every
piece of pack text that ends up in a phase goes through :func:`clean_line`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.instructions import full_stop as _full_stop
from limber.core.instructions import hold_text, lead_in_steps
from limber.core.instructions import sentences as _sentences
from limber.core.model import Dose, Routine, RoutineStep, Stretch
from limber.core.phases import PHASES, WORK_KINDS, PhaseKind
from limber.core.text import clean_line
from limber.core.wording import seconds_text, side_name


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
            "start": _number(self.start),
            "seconds": _number(self.seconds),
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
            "total_seconds": _number(self.total_seconds),
            "work_seconds": _number(self.work_seconds),
            "phases": [phase.as_json() for phase in self.phases],
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _pick(amount: tuple[int, int], settings: PlanSettings) -> int:
    return amount[0] if settings.dose == "low" else amount[1]


def _unit_text(count: float, unit: str) -> str:
    if unit == "seconds":
        return f"{_number(count)} s"
    if unit == "breaths":
        return f"{_number(count)} breath" + ("" if count == 1 else "s")
    return f"{_number(count)} rep" + ("" if count == 1 else "s")


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
