"""Each phase says what to do at that moment, in words that can be read in its time."""

from __future__ import annotations

import pytest

import limber.corepack
from limber.core.instructions import WORDS_PER_SECOND
from limber.core.packs.host import PackHost
from limber.core.plan import PlanSettings, build_plan, single_stretch_routine


@pytest.fixture(scope="module")
def stretches():
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    catalogue, _report = host.collect()
    return catalogue.stretches


def phases(stretches, sid, dose="low"):
    plan = build_plan(single_stretch_routine(stretches[sid]), stretches, PlanSettings(dose=dose))
    return {p.kind: p.instruction for p in reversed(plan.phases)}


@pytest.mark.parametrize(
    ("sid", "movement"),
    [
        ("core/pelvic-tilt", "tip your pelvis slightly up"),
        ("core/tabletop-leg-press", "Draw your legs toward you while your hands push back"),
        ("core/piriformis-stretch", "Draw that knee in toward you"),
        ("core/lower-back-twist", "Gently lower both knees together to one side"),
        ("core/reclining-twist", "lower your legs the other way"),
        ("core/kneeling-lunge", "Slowly shift forward until your back leg feels stretched"),
    ],
)
def test_the_hold_shows_the_movement_itself(stretches, sid, movement):
    shown = phases(stretches, sid)
    work = shown.get("hold") or shown["reps"]
    assert movement in work


def test_the_hip_flexor_hold_shows_its_knee_caution(stretches):
    assert (
        "Don't let your front knee move further forward than your front ankle"
        in (phases(stretches, "core/hip-flexor-wall")["hold"])
    )


def test_get_ready_shows_the_set_up_and_the_steps_the_hold_has_no_room_for(stretches):
    shown = phases(stretches, "core/piriformis-stretch")
    assert shown["get-ready"].startswith("Lie face up, knees bent")
    assert "Cross one ankle over the other knee or thigh." in shown["get-ready"]
    assert "Cross one ankle" not in shown["hold"]


def test_every_core_hold_can_be_read_in_its_time(stretches):
    for sid, stretch in stretches.items():
        if stretch.kind == "flow":
            continue
        for kind, text in phases(stretches, sid).items():
            if kind == "hold":
                seconds = next(
                    p.seconds
                    for p in build_plan(
                        single_stretch_routine(stretch), stretches, PlanSettings(dose="low")
                    ).phases
                    if p.kind == "hold"
                )
                caution = stretches[sid].cautions[0]
                assert caution.split(".")[0] in text, sid  # the caution, whatever the time
                movement = text.split(caution.split(".")[0])[0]
                assert len(movement.split()) <= WORDS_PER_SECOND * seconds, (sid, text)
