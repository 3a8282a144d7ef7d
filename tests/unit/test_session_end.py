"""The end of a session, as the app and `--plain` both go through it: the pain after and
a note are recorded, and `SessionRun.after()` says where the ratings point (Limber's own
pointer) and which of the programme author's rules the session crossed."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.unit.test_sessionrun import ROUTINE, STRETCHES, FakeClock, run_to_the_end

from historytools import WallClock, open_store
from limber.core.events import StopPoint
from limber.core.history import programmes as plog
from limber.core.history.store import HistoryStore
from limber.core.painrule import care_pointer
from limber.core.programme_model import Author, GetInTouch, Programme, ProgrammeWeek
from limber.core.sessionrun import SessionEnd, SessionRun

T0 = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
PLAN = Programme(
    id="file/plan",
    title="Back plan",
    summary="S.",
    review="R.",
    author=Author(name="Jane Doe", role="physio"),
    get_in_touch=GetInTouch(pain_after=6),
    weeks=(ProgrammeWeek(routines=("demo",), sessions=3),),
)
RULE = "Your physio's rule (Jane Doe): get in touch if pain after is 6 or more"


def finished_run(
    tmp_path, *, pain_before: int | None, programme: bool = False
) -> tuple[SessionRun, HistoryStore]:
    store = open_store(tmp_path / "history.sqlite3", WallClock(T0))
    clock = FakeClock()
    run = SessionRun(
        ROUTINE,
        STRETCHES,
        clock,
        store=store,
        pain_before=pain_before,
        programme=(PLAN.id, 1) if programme else ("", 0),
        rules=(PLAN, lambda: T0) if programme else None,
    )
    run_to_the_end(run, clock)
    return run, store


def test_the_pain_after_and_the_note_are_recorded_and_a_mild_session_points_nowhere(tmp_path):
    run, store = finished_run(tmp_path, pain_before=2)
    run.rate_after(3)
    run.note("Felt loose.")
    assert run.after() == SessionEnd()  # no pointer, no rules, not stopped
    (record,) = store.sessions()
    assert (record.pain_before, record.pain_after, record.note) == (2, 3, "Felt loose.")


def test_a_rise_of_two_points_to_care_in_limbers_own_words(tmp_path):
    run, _ = finished_run(tmp_path, pain_before=3)
    run.rate_after(5)
    care = run.after().care
    assert care == care_pointer(3, 5)
    assert "went from 3 to 5" in care and care.startswith("Limber's own pointer")


def test_a_severe_rating_before_points_to_care_even_when_the_after_is_skipped(tmp_path):
    run, _ = finished_run(tmp_path, pain_before=8)
    run.rate_after(None)
    assert run.after().care == care_pointer(8)


def test_stopping_because_it_hurts_is_recorded_and_points_by_the_pain_then(tmp_path):
    store = open_store(tmp_path / "history.sqlite3", WallClock(T0))
    clock = FakeClock()
    run = SessionRun(ROUTINE, STRETCHES, clock, store=store, pain_before=2)
    run.start()
    clock.now += 12  # into the first hold
    run.engine.tick()
    run.stop_because_it_hurts(7)
    end = run.after()
    assert end.stopped == StopPoint("hug", "Hug", "left", run.stopped_at.phase, 7)
    assert end.care == care_pointer(2, 7)
    (record,) = store.sessions()
    assert (record.stop_reason, record.pain_at_stop) == ("this-hurts", 7)


def test_the_authors_rules_crossed_are_returned_and_logged_once(tmp_path):
    run, store = finished_run(tmp_path, pain_before=3, programme=True)
    run.rate_after(7)
    assert run.after().crossed == (RULE,)
    assert run.after().crossed == (RULE,)  # asked again once the prompts close
    logged = [e for e in plog.entries(store) if e.kind == "threshold-crossed"]
    assert len(logged) == 1 and logged[0].session_id == run.session_id


def test_a_session_outside_a_programme_crosses_no_rules(tmp_path):
    run, _ = finished_run(tmp_path, pain_before=3)
    run.rate_after(9)
    assert run.after().crossed == ()
    assert run.after().care == care_pointer(3, 9)
