"""SessionRun: the one wiring of a session that the app and `--plain` both show."""

from __future__ import annotations

from typing import Any

import msgspec

from historytools import open_store
from limber.core.events import HookProblem, SessionEvent
from limber.core.model import Routine, Stretch
from limber.core.sessionrun import Problem, SaveProblem, SessionRun


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeHost:
    """Two packs listen; `crashy` fails on every event, as a guarded host reports it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def fire(self, event: SessionEvent) -> list[HookProblem]:
        self.seen.append(event.kind)
        return [HookProblem("crashy", f"Pack 'crashy' failed on {event.kind}: OSError: x")]


def stretch(sid: str, **fields: Any) -> Stretch:
    data = {
        "id": sid,
        "name": sid.capitalize(),
        "summary": "Eases the lower back.",
        "kind": "hold",
        "position": "lying-on-back",
        "targets": ["lower-back"],
        "sides": "each",
        "setup": "Lie on your back.",
        "steps": ["Hug your knees in."],
        "dose": {"seconds": 10},
        **fields,
    }
    return msgspec.convert(data, Stretch)


STRETCHES = {s.id: s for s in [stretch("hug"), stretch("twist")]}
ROUTINE = msgspec.convert(
    {
        "id": "demo",
        "name": "Demo",
        "description": "Two stretches.",
        "steps": [{"stretch": "hug"}, {"stretch": "twist"}],
    },
    Routine,
)


def run_to_the_end(run: SessionRun, clock: FakeClock) -> None:
    run.start()
    while run.engine.state != "finished":
        clock.now += 1
        run.engine.tick()


def test_a_failing_hook_is_reported_once_per_pack_and_the_session_goes_on(tmp_path):
    clock, host = FakeClock(), FakeHost()
    problems: list[Problem] = []
    events: list[str] = []
    run = SessionRun(
        ROUTINE,
        STRETCHES,
        clock,
        host=host,
        on_event=lambda e: events.append(e.kind),
        on_problem=problems.append,
    )
    run_to_the_end(run, clock)
    assert run.engine.status == "completed"
    assert problems == [
        HookProblem("crashy", "Pack 'crashy' failed on session-started: OSError: x")
    ]
    assert host.seen == events  # every event reached the packs, after the view saw it
    assert events[-1] == "session-done"


def test_every_finished_phase_is_recorded(tmp_path):
    clock = FakeClock()
    store = open_store(tmp_path / "history.sqlite3")
    run = SessionRun(ROUTINE, STRETCHES, clock, store=store, pack_version="1.2", pain_before=4)
    run_to_the_end(run, clock)
    (record,) = store.sessions()
    assert (record.status, record.pain_before) == ("completed", 4)
    assert len(record.phases) == len(run.plan.phases)
    assert [p.kind for p in record.phases] == [p.kind for p in run.plan.phases]


def test_a_hook_that_raises_does_not_stop_the_session():
    """With the real host: the raising pack is reported once, the other pack hears all."""
    from limber import hookimpl
    from limber.core.packs.host import PackHost

    heard: list[str] = []

    class Crashy:
        @hookimpl
        def limber_session_event(self, event):
            raise RuntimeError("speaker unplugged")

    class Listener:
        @hookimpl
        def limber_session_event(self, event):
            heard.append(event.kind)

    host = PackHost()
    host.register(Crashy(), "crashy")
    host.register(Listener(), "listener")
    clock = FakeClock()
    problems: list[Problem] = []
    run = SessionRun(ROUTINE, STRETCHES, clock, host=host, on_problem=problems.append)
    run_to_the_end(run, clock)
    assert run.engine.status == "completed"
    assert [p.pack for p in problems] == ["crashy"]
    assert heard[0] == "session-started" and heard[-1] == "session-done"


def test_a_history_that_cannot_be_written_is_reported_once(tmp_path):
    (tmp_path / "blocked").write_text("a file, not a folder")
    store = open_store(tmp_path / "blocked" / "history.sqlite3")
    clock = FakeClock()
    problems: list[Problem] = []
    run = SessionRun(ROUTINE, STRETCHES, clock, store=store, on_problem=problems.append)
    run_to_the_end(run, clock)
    assert run.engine.status == "completed"
    assert len(problems) == 1 and isinstance(problems[0], SaveProblem)


def test_a_programme_session_tells_the_hooks_its_programme_and_week_and_is_tagged(tmp_path):
    """A clinic's exporter gets the programme id and week with every event."""
    clock = FakeClock()
    events: list[SessionEvent] = []
    store = open_store(tmp_path / "h.sqlite3")
    run = SessionRun(
        ROUTINE, STRETCHES, clock, store=store, programme=("clinic/plan", 2), on_event=events.append
    )
    run_to_the_end(run, clock)
    assert {(e.programme_id, e.programme_week) for e in events} == {("clinic/plan", 2)}
    (record,) = store.sessions()
    assert (record.programme_id, record.programme_week, record.status) == (
        "clinic/plan",
        2,
        "completed",
    )


def test_a_pack_that_says_something_then_fails_is_reported_failing():
    """A notice does not hide a later failure: each distinct sentence of a pack is said
    once, and its failure once (not once per event it fails on)."""
    from limber import hookimpl
    from limber.core.packs.host import PackHost

    class Flaky:
        @hookimpl
        def limber_session_event(self, event):
            if event.kind == "session-started":
                return "no speech engine was found"
            raise RuntimeError("speaker unplugged")

    host = PackHost()
    host.register(Flaky(), "flaky")
    clock = FakeClock()
    problems: list[Problem] = []
    run = SessionRun(ROUTINE, STRETCHES, clock, host=host, on_problem=problems.append)
    run_to_the_end(run, clock)
    assert [str(p) for p in problems] == [
        "Pack 'flaky': no speech engine was found",
        "Pack 'flaky' failed on phase-started: RuntimeError: speaker unplugged",
    ]


def test_each_distinct_sentence_of_a_pack_is_said_once():
    from limber.core.events import PackNotice

    class Chatty:
        def fire(self, event: SessionEvent) -> list[HookProblem | PackNotice]:
            said = "Pack 'voice': half way" if event.kind == "halfway" else "Pack 'voice': hi"
            return [PackNotice("voice", said), PackNotice("other", "Pack 'other': hi")]

    clock = FakeClock()
    problems: list[Problem] = []
    run = SessionRun(ROUTINE, STRETCHES, clock, host=Chatty(), on_problem=problems.append)
    run_to_the_end(run, clock)
    assert problems == [
        PackNotice("voice", "Pack 'voice': hi"),
        PackNotice("other", "Pack 'other': hi"),
        PackNotice("voice", "Pack 'voice': half way"),
    ]
