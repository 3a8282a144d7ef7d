"""The session engine on a fake clock: timing that never drifts, and every control."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest

from limber.core.events import SessionEvent
from limber.core.model import Routine, Stretch
from limber.core.plan import Plan, PlanSettings, build_plan
from limber.core.session import SessionEngine

T0 = 10_000.0


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def stretch(sid: str, **fields: Any) -> Stretch:
    data: dict[str, Any] = {
        "id": sid,
        "name": sid.capitalize(),
        "summary": "Eases the lower back.",
        "kind": "hold",
        "position": "lying-on-back",
        "targets": ["lower-back"],
        "sides": "none",
        "setup": "Lie on your back.",
        "steps": ["Hug your knees in."],
        "dose": {"seconds": 30},
        **fields,
    }
    return msgspec.convert(data, Stretch)


STRETCHES = {
    s.id: s
    for s in [
        stretch("hug"),
        stretch("twist", sides="each", dose={"seconds": 60}),
        stretch(
            "catcow",
            kind="flow",
            position="hands-and-knees",
            flow=[{"name": "Cat", "cue": "Round up."}, {"name": "Cow", "cue": "Sink down."}],
            dose={"seconds": 5, "total_seconds": 60},
        ),
        stretch("bridge", kind="reps", dose={"reps": 15}, tempo_seconds=4),
        stretch("butterfly", dose={"breaths": 6}),
    ]
}


def make_plan(*steps: str | dict[str, Any], transition: int = 10) -> Plan:
    routine = msgspec.convert(
        {
            "id": "test",
            "name": "Test",
            "description": "For tests.",
            "transition_seconds": transition,
            "steps": [{"stretch": s} if isinstance(s, str) else s for s in steps],
        },
        Routine,
    )
    return build_plan(routine, STRETCHES, PlanSettings())


@dataclass
class Rig:
    clock: FakeClock
    engine: SessionEngine
    events: list[SessionEvent]

    def run(self, seconds: float, step: float = 0.25) -> None:
        """Let ``seconds`` pass, ticking every ``step``."""
        end = self.clock.now + seconds
        while self.clock.now < end:
            self.clock.now = min(end, self.clock.now + step)
            self.engine.tick()

    def kinds(self, *kinds: str) -> list[SessionEvent]:
        return [e for e in self.events if e.kind in kinds]


def rig(plan: Plan | None = None, *, start: bool = True) -> Rig:
    clock = FakeClock()
    events: list[SessionEvent] = []
    engine = SessionEngine(plan or make_plan("hug", "twist"), clock, events.append)
    if start:
        engine.start()
    return Rig(clock, engine, events)


def test_start_begins_the_first_phase():
    r = rig(start=False)
    assert (r.engine.state, r.engine.current, r.engine.remaining) == ("ready", None, 0)
    r.engine.start()
    assert r.engine.state == "running"
    assert [e.kind for e in r.events] == ["session-started", "phase-started"]
    assert r.engine.current is r.engine.plan.phases[0]
    assert r.engine.remaining == 5
    r.engine.start()  # a second start does nothing
    assert len(r.events) == 2


def test_a_whole_session_completes_with_every_phase_recorded():
    r = rig()
    r.run(r.engine.plan.total_seconds + 1)
    assert (r.engine.state, r.engine.status, r.engine.current) == ("finished", "completed", None)
    assert r.engine.progress == 1.0
    assert [x.phase for x in r.engine.results] == list(r.engine.plan.phases)
    assert not any(x.skipped for x in r.engine.results)
    assert [x.done_seconds for x in r.engine.results] == [p.seconds for p in r.engine.plan.phases]
    assert r.engine.active_seconds == r.engine.plan.total_seconds
    done = r.kinds("session-done")
    assert len(done) == 1 and done[0].status == "completed"
    assert done[0].elapsed == r.engine.plan.total_seconds


def test_pause_freezes_the_time_left_and_resume_carries_on():
    r = rig()
    r.run(2)
    r.engine.pause()
    assert (r.engine.state, r.engine.paused_reason) == ("paused", "user")
    r.run(500)  # far past the sleep guard: a pause is not a clock jump
    assert r.engine.remaining == 3
    assert r.engine.session_elapsed == 2
    r.engine.resume()
    assert r.engine.state == "running" and r.engine.remaining == 3
    r.run(1)
    assert r.engine.remaining == 2 and r.engine.session_elapsed == 3
    r.engine.toggle_pause()
    assert r.engine.state == "paused"
    r.engine.toggle_pause()
    assert r.engine.state == "running"


def test_skip_ends_the_phase_now_and_marks_it_skipped():
    r = rig()
    r.run(5 + 12)  # 12 s into the hug
    r.engine.skip()
    assert r.engine.results[-1].phase.kind == "hold"
    assert r.engine.results[-1].skipped and r.engine.results[-1].done_seconds == 12
    assert r.engine.current is not None and r.engine.current.kind == "rest"
    assert r.engine.remaining == 10
    assert [e.kind for e in r.events[-2:]] == ["phase-done", "phase-started"]


def test_skip_while_paused_stays_paused_on_the_next_phase():
    r = rig()
    r.run(1)
    r.engine.pause()
    r.engine.skip()
    assert r.engine.state == "paused" and r.engine.index == 1
    r.run(30)
    assert r.engine.remaining == 30


def test_extend_adds_ten_seconds():
    r = rig()
    r.run(5 + 20)
    r.engine.extend()
    assert r.engine.remaining == 20 and r.engine.phase_seconds == 40
    r.run(20)
    assert r.engine.results[-1].done_seconds == 40 and not r.engine.results[-1].skipped
    with pytest.raises(ValueError, match="positive"):
        r.engine.extend(0)


def test_back_restarts_the_phase_after_three_seconds():
    r = rig()
    r.run(5 + 10)
    r.engine.back()
    assert r.engine.index == 1 and r.engine.remaining == 30
    assert r.engine.session_elapsed == 15  # the time already spent still counts
    assert r.kinds("phase-started")[-1].phase_index == 1


def test_back_early_in_a_phase_goes_to_the_previous_stretch_from_its_lead_in():
    plan = make_plan("hug", "twist")
    kinds = [(p.kind, p.side) for p in plan.phases]
    right = kinds.index(("hold", "right"))
    r = rig(plan)
    r.run(plan.phases[right].start + 2)
    assert r.engine.index == right
    r.engine.back()
    assert r.engine.current is not None
    assert (r.engine.current.kind, r.engine.current.side) == ("get-ready", "left")
    assert r.engine.results[-1].skipped
    r.run(1)
    r.engine.back()  # again: back to the hug's get-ready
    assert r.engine.index == 0
    r.engine.back()  # nothing before it: the first phase starts again
    assert r.engine.index == 0 and r.engine.remaining == 5


def test_back_in_a_flow_goes_to_the_start_of_the_flow():
    plan = make_plan("catcow")
    r = rig(plan)
    r.run(5 + 5 * 3 + 1)  # 1 s into the fourth position
    r.engine.back()
    assert r.engine.index == 0


def test_end_early():
    r = rig()
    r.run(5 + 7)
    r.engine.end()
    assert (r.engine.state, r.engine.status) == ("finished", "ended-early")
    assert r.engine.results[-1].skipped and r.engine.results[-1].done_seconds == 7
    done = r.kinds("session-done")
    assert done[-1].status == "ended-early" and done[-1].elapsed == 12
    assert 0 < r.engine.progress < 1
    r.engine.end()
    r.engine.tick()
    assert len(r.kinds("session-done")) == 1


def test_countdown_three_two_one_once_each_in_work_and_get_ready_phases():
    plan = make_plan("hug", "twist")
    r = rig(plan)
    r.run(plan.total_seconds + 1, step=0.1)
    by_phase: dict[int, list[int]] = {}
    for e in r.kinds("countdown"):
        by_phase.setdefault(e.phase_index, []).append(e.seconds_left)
    counted = {p.index for p in plan.phases if p.kind in ("get-ready", "hold")}
    assert by_phase == {i: [3, 2, 1] for i in counted}
    first = r.kinds("countdown")[0]
    assert first.elapsed == 2  # 3 s before the end of the 5 s get-ready


def test_halfway_once_in_each_work_phase_at_its_exact_middle():
    plan = make_plan("hug", "twist")
    r = rig(plan)
    r.run(plan.total_seconds + 1, step=0.3)
    halfway = r.kinds("halfway")
    assert [e.phase_index for e in halfway] == [p.index for p in plan.phases if p.work]
    for event in halfway:
        phase = plan.phases[event.phase_index]
        assert event.elapsed == phase.start + phase.seconds / 2  # no pauses, so equal


def test_events_describe_their_phase_for_a_speaker():
    """API 1.1: the name, kind, length and round, so a pack needs nothing but the event."""
    plan = make_plan({"stretch": "twist", "rounds": 2})
    r = rig(plan)
    r.run(plan.total_seconds + 1)
    started = r.kinds("phase-started")
    first = started[0]
    assert (first.phase_kind, first.stretch_name, first.side) == ("get-ready", "Twist", "left")
    assert (first.phase_seconds, first.round, first.rounds) == (5, 1, 2)
    assert started[-1].round == 2
    assert r.kinds("session-done")[0].stretch_name == ""


def test_countdown_is_not_repeated_after_pause_and_resume():
    r = rig()
    r.run(2.5)
    assert [e.seconds_left for e in r.kinds("countdown")] == [3]
    r.engine.pause()
    r.engine.resume()
    r.run(2.5)
    assert [e.seconds_left for e in r.kinds("countdown")] == [3, 2, 1]


def test_countdown_sounds_again_after_an_extension():
    r = rig()
    r.run(4.5)
    r.engine.extend()
    r.run(10.5)
    counted = [e.seconds_left for e in r.kinds("countdown") if e.phase_index == 0]
    assert counted == [3, 2, 1] * 2


def test_no_countdown_for_a_skipped_phase():
    r = rig()
    r.run(1)
    r.engine.skip()
    r.run(10)
    assert all(e.phase_index != 0 for e in r.kinds("countdown"))


def test_late_ticks_do_not_drift():
    plan = make_plan("hug", "twist", "catcow")
    r = rig(plan)
    for gap in (0.7, 3.3, 11.9, 0.1, 29.0, 7.77, 45.0, 2.0):
        r.clock.now += gap
        r.engine.tick()
        assert r.engine.current is not None
        expected_end = T0 + plan.phases[r.engine.index].end
        assert r.clock.now + r.engine.remaining == pytest.approx(expected_end, abs=1e-9)
    while r.engine.state != "finished":
        r.clock.now += 59.5  # just inside the sleep guard
        r.engine.tick()
    starts = [(e.phase_index, e.elapsed) for e in r.kinds("phase-started")]
    assert starts == [(p.index, p.start) for p in plan.phases]


def test_a_late_tick_passes_phases_without_stale_countdowns():
    plan = make_plan("hug", "twist")
    r = rig(plan)
    r.clock.now += 47  # get-ready, hug and rest all over
    r.engine.tick()
    assert r.engine.index == 3  # 2 s into the twist's get-ready: its "3" is due, no others
    assert [(e.phase_index, e.seconds_left) for e in r.kinds("countdown")] == [(3, 3)]
    assert [e.phase_index for e in r.kinds("phase-done")] == [0, 1, 2]


def test_a_clock_jump_pauses_at_the_last_tick_without_counting_the_sleep():
    r = rig()
    r.run(5 + 10)
    before = len(r.events)
    r.clock.now += 3 * 3600  # the laptop lid was closed
    r.engine.tick()
    assert (r.engine.state, r.engine.paused_reason) == ("paused", "clock-jump")
    assert len(r.events) == before
    assert r.engine.index == 1 and r.engine.remaining == 20
    assert r.engine.session_elapsed == 15
    r.engine.resume()
    assert r.engine.remaining == 20 and r.engine.paused_reason == ""
    r.run(20)
    assert r.engine.index == 2


def test_an_action_after_a_clock_jump_sees_the_pause_first():
    r = rig()
    r.run(5 + 10)
    r.clock.now += 3600
    r.engine.skip()
    assert r.engine.results[-1].done_seconds == 10
    assert r.engine.state == "paused" and r.engine.index == 2


def test_a_handler_may_call_the_engine():
    clock = FakeClock()
    seen: list[str] = []
    engine: SessionEngine

    def pause_after_each_phase(event: SessionEvent) -> None:
        seen.append(event.kind)
        if event.kind == "phase-done":
            engine.pause()

    engine = SessionEngine(make_plan("hug"), clock, pause_after_each_phase)
    engine.start()
    clock.now += 6
    engine.tick()
    assert engine.state == "paused" and engine.index == 1
    assert seen[-2:] == ["phase-done", "phase-started"]


def test_until_next_event_lets_a_caller_sleep_exactly():
    r = rig()
    assert r.engine.until_next_event == 2  # countdown 3 at 3 s left
    r.clock.now += 2
    r.engine.tick()
    assert r.engine.until_next_event == 1
    r.engine.pause()
    assert r.engine.until_next_event is None


def test_nothing_happens_before_start():
    r = rig(start=False)
    for action in (r.engine.pause, r.engine.skip, r.engine.back, r.engine.end, r.engine.tick):
        action()
    assert (r.engine.state, r.engine.status, r.events) == ("ready", "", [])
    assert (r.engine.progress, r.engine.results, r.engine.index) == (0.0, [], -1)


# -- an hour-long session ------------------------------------------------------------------


@dataclass
class Run:
    """One expected run of a phase: when it starts (clock and active time) and ends."""

    index: int
    start: float
    deadline: float
    """Its final deadline (after any pause, extension or sleep)."""
    end: float
    """When it actually ends (earlier than the deadline if skipped or restarted)."""
    elapsed: float
    settled: float
    """From this clock time on, ``now + remaining == deadline``."""
    shift: float = 0.0
    """Seconds paused (or asleep) during it: its start as the engine sees it moves on."""


def long_plan() -> Plan:
    cycle = ["twist", "catcow", "bridge", {"stretch": "butterfly", "rounds": 2}, "hug"]
    steps: list[str | dict[str, Any]] = []
    while True:
        steps.append(cycle[len(steps) % len(cycle)])
        plan = make_plan(*steps, transition=15)
        if plan.total_seconds >= 3600:
            return plan


# phase index → (action, seconds into the phase, amount)
ACTIONS: dict[int, tuple[str, float, float]] = {
    3: ("pause", 2.5, 300.0),
    10: ("extend", 1.0, 10.0),
    20: ("skip", 4.0, 0.0),
    33: ("jump", 2.0, 1800.0),
    53: ("restart", 5.5, 0.0),
    60: ("extend", 0.5, 10.0),
    75: ("pause", 0.0, 61.0),
    90: ("skip", 0.5, 0.0),
    110: ("back", 1.0, 0.0),
}
LATE = range(120, 135)
"""Phases where the ticks come 13 s apart, as from a busy machine."""


def back_target(plan: Plan, index: int) -> int:
    """The get-ready (or switch) before the previous block of work: one side of a step."""
    last = [p for p in plan.phases[:index] if p.work][-1]
    key = (last.step_index, last.round, last.side)
    first = min(p.index for p in plan.phases if p.work and (p.step_index, p.round, p.side) == key)
    return first - 1 if plan.phases[first - 1].kind in ("get-ready", "switch-sides") else first


def expected_runs(plan: Plan) -> list[Run]:
    """Where every phase should start and end, worked out from the schedule alone."""
    runs: list[Run] = []
    t, active = T0, 0.0
    queue = list(plan.phases)
    done: set[int] = set()
    """Phases whose action has happened: a phase run again runs plainly."""
    while queue:
        phase = queue.pop(0)
        length = phase.seconds
        action, at, amount = ACTIONS.get(phase.index, ("", 0.0, 0.0))
        if phase.index in done:
            action = ""
        done.add(phase.index)
        here = {"index": phase.index, "start": t, "elapsed": active}
        if action in ("pause", "jump"):
            late = t + length + amount
            runs.append(Run(**here, deadline=late, end=late, settled=t + at + amount, shift=amount))
            t, active = t + length + amount, active + length
        elif action == "extend":
            late = t + length + amount
            runs.append(Run(**here, deadline=late, end=late, settled=t + at))
            t, active = t + length + amount, active + length + amount
        elif action in ("skip", "restart", "back"):
            runs.append(Run(**here, deadline=t + length, end=t + at, settled=t))
            t, active = t + at, active + at
            if action == "restart":
                queue.insert(0, phase)
            elif action == "back":
                queue = list(plan.phases[back_target(plan, phase.index) :])
        else:
            runs.append(Run(**here, deadline=t + length, end=t + length, settled=t))
            t, active = t + length, active + length
    return runs


def test_an_hour_with_pauses_skips_extensions_and_sleep_never_drifts():
    plan = long_plan()
    assert 3600 <= plan.total_seconds < 3900
    assert len(plan.phases) > max(LATE)
    runs = expected_runs(plan)
    assert len(runs) > len(plan.phases)
    r = rig(plan)
    clock, engine = r.clock, r.engine

    observed: dict[int, float] = {}
    done_actions: set[int] = set()
    while engine.state != "finished":
        number = len(r.kinds("phase-started")) - 1
        run = runs[number]
        assert engine.index == run.index
        action, at, amount = ACTIONS.get(run.index, ("", 0.0, 0.0))
        if action and run.index not in done_actions and clock.now == run.start + at:
            done_actions.add(run.index)
            if action == "pause":
                engine.pause()
                clock.now += amount
                engine.tick()
                engine.resume()
            elif action == "jump":
                before = len(r.events)
                clock.now += amount
                engine.tick()
                assert (engine.state, engine.paused_reason) == ("paused", "clock-jump")
                assert len(r.events) == before
                engine.resume()
            elif action == "extend":
                engine.extend(amount)
            elif action == "skip":
                engine.skip()
            else:
                engine.back()
            continue
        if engine.state == "running" and clock.now >= run.settled and engine.remaining > 0:
            assert clock.now + engine.remaining == run.deadline
            observed.setdefault(number, clock.now - engine.phase_elapsed - run.shift)
        step = 13.0 if run.index in LATE else 0.5
        due = run.start + at if action and run.index not in done_actions else math.inf
        clock.now = min(clock.now + step, due) if due > clock.now else clock.now + step
        engine.tick()

    assert done_actions == set(ACTIONS)
    starts = [(e.phase_index, e.elapsed) for e in r.kinds("phase-started")]
    assert starts == [(run.index, run.elapsed) for run in runs]
    for number, start in observed.items():
        assert start == runs[number].start, f"run {number} (phase {runs[number].index})"
    assert len(observed) > len(runs) * 0.8
    last = runs[-1]
    assert r.kinds("session-done")[0].elapsed == last.elapsed + (last.end - last.start)
    assert engine.status == "completed"
    skipped = [res.phase.index for res in engine.results if res.skipped]
    assert skipped == [20, 90, 110]


def test_a_hold_skipped_then_redone_with_back_is_not_counted_skipped():
    r = rig(make_plan("hug", "twist"))
    while r.engine.current is not None and not r.engine.current.work:
        r.engine.skip()
    first = r.engine.current
    r.engine.skip()  # skip the first hold
    assert r.engine.skipped_work == 1
    while r.engine.current is not None and r.engine.current.index > first.index:
        r.engine.back()  # back to it, within 3 s each time
    assert r.engine.current.index <= first.index
    r.run(200)  # and the rest held to the end
    assert r.engine.status == "completed"
    assert any(res.skipped and res.phase.index == first.index for res in r.engine.results)
    assert r.engine.skipped_work == 0
