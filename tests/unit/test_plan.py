"""A routine's plan: the phases, their order and timing, worked out without a clock."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from limber.core.errors import LimberError
from limber.core.model import Routine, Stretch
from limber.core.plan import Plan, PlanSettings, build_plan, routine_seconds
from limber.core.wording import mmss


def stretch(sid: str, **fields: Any) -> Stretch:
    data: dict[str, Any] = {
        "id": sid,
        "name": sid.replace("-", " ").capitalize(),
        "summary": "Eases the lower back.",
        "kind": "hold",
        "position": "lying-on-back",
        "targets": ["lower-back"],
        "sides": "none",
        "setup": "Lie on your back. Bend your knees. Rest your arms by your sides.",
        "steps": ["Hug your knees in. Keep it gentle.", "Breathe slowly.", "Let go."],
        "dose": {"seconds": 30},
        **fields,
    }
    return msgspec.convert(data, Stretch)


CAT_COW = {
    "kind": "flow",
    "position": "hands-and-knees",
    "flow": [
        {"name": "Cat", "cue": "Round your back. Breathe out."},
        {"name": "Cow", "cue": "Let your belly sink. Breathe in."},
    ],
    "dose": {"seconds": 5, "total_seconds": 30},
}

STRETCHES = {
    s.id: s
    for s in [
        stretch("hug"),
        stretch("twist", sides="each", dose={"seconds": [20, 30]}),
        stretch("cat-cow", **CAT_COW),
        stretch("butterfly", position="seated", dose={"breaths": 5}),
        stretch("bridge", kind="reps", dose={"reps": 15}, tempo_seconds=2),
        stretch("curl", kind="reps", dose={"reps": [8, 12]}),
    ]
}


def routine(*steps: dict[str, Any] | str, transition: int = 10) -> Routine:
    return msgspec.convert(
        {
            "id": "test",
            "name": "Test routine",
            "description": "For tests.",
            "transition_seconds": transition,
            "steps": [{"stretch": s} if isinstance(s, str) else s for s in steps],
        },
        Routine,
    )


def plan_of(*steps: dict[str, Any] | str, transition: int = 10, **settings: Any) -> Plan:
    return build_plan(routine(*steps, transition=transition), STRETCHES, PlanSettings(**settings))


def shape(plan: Plan) -> list[tuple[str, str, str, float]]:
    return [(p.kind, p.stretch_id, p.side, p.seconds) for p in plan.phases]


def test_phases_in_order_with_get_ready_rest_and_switch_sides():
    plan = plan_of("hug", "twist")
    assert shape(plan) == [
        ("get-ready", "hug", "", 5),
        ("hold", "hug", "", 30),
        ("rest", "", "", 10),
        ("get-ready", "twist", "left", 5),
        ("hold", "twist", "left", 30),
        ("switch-sides", "twist", "right", 5),
        ("hold", "twist", "right", 30),
    ]
    assert plan.total_seconds == 5 + 30 + 10 + 5 + 30 + 5 + 30
    assert plan.work_seconds == 90
    assert [p.index for p in plan.phases] == list(range(7))


def test_starts_are_exact_cumulative_sums():
    plan = plan_of("hug", "butterfly", "twist", "bridge", "cat-cow", breath_seconds=4.5)
    expected = 0.0
    for phase in plan.phases:
        assert phase.start == expected
        expected += phase.seconds
    assert plan.total_seconds == expected
    assert routine_seconds(routine("hug", "butterfly"), STRETCHES) == 5 + 30 + 10 + 5 + 25


def test_each_side_is_balanced():
    plan = plan_of("twist", "hug", {"stretch": "twist", "rounds": 2})
    balance = plan.side_balance()
    assert balance["twist"]["left"] == balance["twist"]["right"] == 90
    assert balance["hug"] == {"": 30}


def test_a_flow_alternates_its_positions_until_its_total():
    plan = plan_of("cat-cow")
    flows = [p for p in plan.phases if p.kind == "flow"]
    assert [p.position for p in flows] == ["Cat", "Cow"] * 3
    assert all(p.seconds == 5 and p.work for p in flows)
    assert flows[0].instruction == "Round your back. Breathe out."
    assert flows[1].instruction == "Let your belly sink. Breathe in."
    assert plan.total_seconds == 5 + 30


def test_a_flow_whose_total_is_not_a_multiple_lands_exactly_on_it():
    cat_cow = stretch("cc", **{**CAT_COW, "dose": {"seconds": 5, "total_seconds": 12}})
    plan = build_plan(routine("cc"), {"cc": cat_cow})
    assert [p.seconds for p in plan.phases if p.kind == "flow"] == [5, 5, 2]
    assert [p.position for p in plan.phases if p.kind == "flow"] == ["Cat", "Cow", "Cat"]


def test_a_flow_without_a_total_goes_through_its_positions_once():
    cat_cow = stretch("cc", **{**CAT_COW, "dose": {"breaths": 2}})
    plan = build_plan(routine("cc"), {"cc": cat_cow}, PlanSettings(breath_seconds=4))
    assert [(p.position, p.seconds) for p in plan.phases if p.work] == [("Cat", 8), ("Cow", 8)]


def test_breaths_take_breath_seconds_each():
    plan = plan_of("butterfly", breath_seconds=6)
    hold = plan.phases[1]
    assert (hold.kind, hold.seconds, hold.dose_text) == ("hold", 30, "5 breaths")


def test_reps_take_the_stretch_tempo_or_the_default():
    plan = plan_of("bridge", "curl", rep_seconds=3)
    reps = [p for p in plan.phases if p.kind == "reps"]
    assert [(p.reps, p.seconds, p.dose_text) for p in reps] == [
        (15, 30, "15 reps"),
        (12, 36, "12 reps"),
    ]


@pytest.mark.parametrize(("dose", "seconds", "reps"), [("high", 30, 12), ("low", 20, 8)])
def test_ranges_use_the_chosen_end(dose, seconds, reps):
    plan = plan_of("twist", "curl", dose=dose)
    assert [p.seconds for p in plan.phases if p.kind == "hold"] == [seconds, seconds]
    assert [p.reps for p in plan.phases if p.kind == "reps"] == [reps]
    assert plan.phases[1].dose_text == f"{seconds} s"


def test_a_step_can_do_one_side_only():
    plan = plan_of({"stretch": "twist", "sides": "right"})
    assert shape(plan) == [("get-ready", "twist", "right", 5), ("hold", "twist", "right", 30)]
    assert plan.side_balance() == {"twist": {"right": 30}}


def test_a_step_can_ask_for_each_side_or_none():
    assert [p.side for p in plan_of({"stretch": "hug", "sides": "each"}).phases] == [
        "left",
        "left",
        "right",
        "right",
    ]
    assert {p.side for p in plan_of({"stretch": "twist", "sides": "none"}).phases} == {""}


def test_a_step_can_change_the_dose():
    plan = plan_of({"stretch": "hug", "seconds": 45}, {"stretch": "hug", "breaths": 3})
    assert [(p.seconds, p.dose_text) for p in plan.phases if p.work] == [
        (45, "45 s"),
        (15, "3 breaths"),
    ]


def test_rounds_repeat_the_sides_with_a_get_ready_between():
    plan = plan_of({"stretch": "twist", "rounds": 2})
    assert [(p.kind, p.side, p.round) for p in plan.phases] == [
        ("get-ready", "left", 1),
        ("hold", "left", 1),
        ("switch-sides", "right", 1),
        ("hold", "right", 1),
        ("get-ready", "left", 2),
        ("hold", "left", 2),
        ("switch-sides", "right", 2),
        ("hold", "right", 2),
    ]
    assert all(p.rounds == 2 for p in plan.phases)
    assert plan.phases[4].instruction.startswith("Round 2 of 2.")


def test_no_rest_without_transition_and_no_get_ready_when_set_to_zero():
    plan = plan_of("hug", "twist", transition=0, get_ready_seconds=0)
    assert [p.kind for p in plan.phases] == ["hold", "hold", "hold"]


def test_instructions_say_what_to_do_now():
    plan = plan_of("hug", {"stretch": "twist", "note": "gently, no bouncing"})
    get_ready, hold, rest, twist_ready, twist_left, switch = plan.phases[:6]
    assert get_ready.instruction == "Lie on your back. Bend your knees."
    assert hold.instruction == "Hug your knees in. Breathe slowly. Let go."  # every step fits
    assert rest.instruction == "Rest. Next: Twist."
    assert rest.step_index == 1
    assert twist_ready.instruction.endswith("Start on your left side.")
    assert twist_left.instruction.endswith("gently, no bouncing.")
    assert switch.instruction == "Switch to your right side."


def test_pack_text_is_cleaned_on_the_way_in():
    sneaky = stretch(
        "sneaky",
        name="Hug \x1b[31mred\x1b[0m\x07",
        setup="Lie \x1b]0;pwned\x07down.\nNow.",
        steps=["Do\tit.\x1b[2J"],
    )
    plan = build_plan(routine("sneaky"), {"sneaky": sneaky})
    text = json.dumps(plan.as_json())
    assert "\\u001b" not in text and "\\u0007" not in text
    assert plan.phases[0].stretch_name == "Hug red"
    assert plan.phases[0].instruction == "Lie down. Now."
    assert plan.phases[1].instruction == "Do it."


def test_next_work_phase_skips_rests_and_lead_ins():
    plan = plan_of("hug", "twist")
    nxt = plan.next_work_phase(1)
    assert nxt is not None and (nxt.stretch_id, nxt.side) == ("twist", "left")
    assert plan.next_work_phase(len(plan.phases) - 1) is None


def test_json_has_phases_and_totals():
    data = plan_of("hug", "twist").as_json()
    assert data["routine"] == "test" and data["name"] == "Test routine"
    assert data["total_seconds"] == 115 and data["work_seconds"] == 90
    first = data["phases"][1]
    assert {"kind", "start", "seconds", "stretch", "side", "instruction"} <= set(first)
    assert (first["kind"], first["start"], first["seconds"], first["stretch"]) == (
        "hold",
        5,
        30,
        "hug",
    )
    json.dumps(data)


def test_an_unknown_stretch_is_one_sentence():
    with pytest.raises(LimberError, match="uses the stretch 'nope', which is not loaded"):
        plan_of("nope")


def test_mmss():
    assert [mmss(s) for s in (0, 5, 59.6, 65, 3600)] == ["0:00", "0:05", "1:00", "1:05", "60:00"]


def test_stretches_alike_in_practice_timing_take_equally_long():
    """`max:` in the catalogue works out one plan per practice_timing, not per stretch:
    every installed stretch (core and first-party packs: holds, breaths, reps, flows, one
    side and both) takes what its own plan says, whatever its words."""
    from limber.core.packs.host import load_catalogue
    from limber.core.plan import practice_timing, single_stretch_routine

    catalogue, _, _ = load_catalogue()
    settings = PlanSettings()
    by_timing: dict[tuple[object, ...], float] = {}
    kinds = set()
    for stretch in catalogue.stretches.values():
        total = build_plan(single_stretch_routine(stretch), catalogue.stretches, settings)
        reworded = msgspec.structs.replace(
            stretch, name="Other", setup="Other words.", steps=("Other.",), summary="Other."
        )
        again = build_plan(single_stretch_routine(reworded), {stretch.id: reworded}, settings)
        assert again.total_seconds == total.total_seconds, stretch.id
        seen = by_timing.setdefault(practice_timing(stretch), total.total_seconds)
        assert seen == total.total_seconds, stretch.id
        kinds.add((stretch.kind, stretch.sides))
    assert len(kinds) >= 3
