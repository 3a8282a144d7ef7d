"""A routine's time without its plan: equal, to the last bit, to its plan's total, for
every routine the core and the first-party packs ship, every week of their programmes,
and each kind of step (sides, rounds, doses changed, flows, reps, breaths)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

import limber.corepack
from limber.core.durations import item_seconds, routine_seconds, stretch_seconds
from limber.core.errors import LimberError
from limber.core.model import Routine, Stretch
from limber.core.packs.content import qualify, read_pack_dir
from limber.core.packs.host import PackHost
from limber.core.plan import PlanSettings, build_plan, single_stretch_routine
from limber.core.programme import week_routine

REPO = Path(__file__).resolve().parents[2]
SETTINGS = [
    PlanSettings(),
    PlanSettings(dose="low"),
    PlanSettings(get_ready_seconds=0, breath_seconds=3.3, rep_seconds=2.7),
    PlanSettings(get_ready_seconds=7.1, breath_seconds=4.9, rep_seconds=0.3, dose="low"),
]


def _shipped() -> tuple[dict[str, Stretch], list[Routine], list[Any]]:
    """Every stretch, routine and programme of the core and the first-party packs."""
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    catalogue, _report = host.collect()
    stretches = dict(catalogue.stretches)
    routines = list(catalogue.routines.values())
    programmes = list(catalogue.programmes.values())
    for folder in sorted(REPO.glob("plugins/*/limber_*/content")):
        pack = folder.parent.name.removeprefix("limber_").replace("_", "-")
        content = read_pack_dir(folder)
        stretches |= {s.id: s for s in (qualify(x, pack) for x in content.stretches)}
        routines += [qualify(r, pack) for r in content.routines]
        programmes += [qualify(p, pack) for p in content.programmes]
    return stretches, routines, programmes  # type: ignore[return-value]


STRETCHES, ROUTINES, PROGRAMMES = _shipped()


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_shipped_routine_takes_as_long_as_its_plan(settings: PlanSettings) -> None:
    assert len(ROUTINES) > 5
    for routine in ROUTINES:
        plan = build_plan(routine, STRETCHES, settings)
        assert routine_seconds(routine, STRETCHES, settings) == plan.total_seconds, routine.id


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_programme_week_takes_as_long_as_its_plan(settings: PlanSettings) -> None:
    assert PROGRAMMES
    routines = {r.id: r for r in ROUTINES}
    for programme in PROGRAMMES:
        for week, plan_week in enumerate(programme.weeks, start=1):
            for ref in plan_week.routines:
                routine = week_routine(programme, week, routines[ref], STRETCHES)
                total = build_plan(routine, STRETCHES, settings).total_seconds
                assert routine_seconds(routine, STRETCHES, settings) == total


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_shipped_stretch_practised_alone(settings: PlanSettings) -> None:
    for stretch in STRETCHES.values():
        plan = build_plan(single_stretch_routine(stretch), STRETCHES, settings)
        assert stretch_seconds(stretch, settings) == plan.total_seconds, stretch.id


def _stretch(sid: str, **fields: Any) -> Stretch:
    data: dict[str, Any] = {
        "id": sid,
        "name": sid,
        "summary": "Eases the lower back.",
        "kind": "hold",
        "position": "lying-on-back",
        "targets": ["lower-back"],
        "sides": "none",
        "setup": "Lie on your back.",
        "steps": ["Hug your knees in.", "Breathe slowly."],
        "dose": {"seconds": 30},
        **fields,
    }
    return msgspec.convert(data, Stretch)


FLOW = [{"name": "Cat", "cue": "Round your back."}, {"name": "Cow", "cue": "Let it sink."}]
BREATHS_FOR_A_WHILE = {"breaths": 2, "total_seconds": [9, 40]}
KINDS = {
    s.id: s
    for s in [
        _stretch("hug"),
        _stretch("twist", sides="each", dose={"seconds": [20, 30]}),
        _stretch("breathe", dose={"breaths": [3, 5]}),
        _stretch("flow", kind="flow", flow=FLOW, dose={"seconds": 7, "total_seconds": 30}),
        _stretch("flow-range", kind="flow", flow=FLOW, dose=BREATHS_FOR_A_WHILE),
        _stretch("flow-once", kind="flow", flow=FLOW, dose={"seconds": 4}),
        _stretch("flow-reps", kind="flow", flow=FLOW, dose={"reps": [3, 4]}, tempo_seconds=1.7),
        _stretch("bridge", kind="reps", dose={"reps": 15}, tempo_seconds=2),
        _stretch("curl", kind="reps", dose={"reps": [8, 12]}),
    ]
}
ROUTINE = {"id": "r", "name": "R", "description": "Each kind of step."}
STEPS: list[dict[str, Any]] = [
    {"stretch": "hug"},
    {"stretch": "twist", "rounds": 3},
    {"stretch": "hug", "sides": "each", "seconds": [10, 25]},
    {"stretch": "twist", "sides": "right", "breaths": 4},
    {"stretch": "twist", "sides": "none", "reps": 5},
    {"stretch": "breathe", "rounds": 2, "sides": "left"},
    {"stretch": "flow", "rounds": 2, "sides": "each"},
    {"stretch": "flow-range"},
    {"stretch": "flow-once"},
    {"stretch": "flow-reps", "sides": "each"},
    {"stretch": "flow", "seconds": 4},
    {"stretch": "bridge", "rounds": 2},
    {"stretch": "curl", "sides": "left"},
]


@pytest.mark.parametrize("transition", [0, 10, 37])
@pytest.mark.parametrize("settings", SETTINGS)
def test_each_kind_of_step_takes_as_long_as_its_plan(settings: PlanSettings, transition: int):
    for count in range(1, len(STEPS) + 1):
        routine = msgspec.convert(
            {**ROUTINE, "steps": STEPS[:count], "transition_seconds": transition}, Routine
        )
        total = build_plan(routine, KINDS, settings).total_seconds
        assert routine_seconds(routine, KINDS, settings) == total, STEPS[count - 1]


def test_item_seconds_keeps_a_routine_and_a_stretch_of_one_id_apart():
    routine = msgspec.convert({**ROUTINE, "id": "hug", "steps": [{"stretch": "twist"}]}, Routine)
    by_routine, by_stretch = item_seconds([routine], KINDS)
    assert by_routine == {"hug": build_plan(routine, KINDS).total_seconds}
    practice = build_plan(single_stretch_routine(KINDS["hug"]), KINDS)
    assert by_stretch["hug"] == practice.total_seconds
    assert by_stretch.keys() == KINDS.keys()


def test_a_missing_stretch_is_the_plans_error():
    routine = msgspec.convert({**ROUTINE, "steps": [{"stretch": "gone"}]}, Routine)
    with pytest.raises(LimberError, match="uses the stretch 'gone', which is not loaded"):
        routine_seconds(routine, KINDS)
