"""Following a programme across weeks on a settable wall clock: the week, the sessions
done per week, pausing, and the author's rules crossed and recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from tests.historytools import WallClock, add_session, open_store

from limber.core.errors import LimberError
from limber.core.following import after_session, change, record_missed, start, status
from limber.core.history import programmes as plog
from limber.core.programme_model import Author, GetInTouch, Programme, ProgrammeWeek
from limber.testing import load_pack

T0 = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(scope="module")
def routines():
    return dict(load_pack("core").known_routines)


def plan() -> Programme:
    return Programme(
        id="file/plan",
        title="Back plan",
        summary="S.",
        review="After 2 weeks, see Jane.",
        author=Author(name="Jane Doe", credentials="MCSP", role="physio", contact="01234"),
        get_in_touch=GetInTouch(pain_after=6, missed_in_a_row=3, advice="Ring the clinic."),
        weeks=(
            ProgrammeWeek(routines=("core/post-run", "core/flare-up"), sessions=3),
            ProgrammeWeek(routines=("core/post-run",), sessions=2),
        ),
    )


def session(store, clock, when, *, status="completed", week=1, pain=(None, None)) -> int:
    sid = add_session(store, clock, when, status=status, pain=pain)
    assert plog.tag_session(store, sid, "file/plan", week)
    return sid


def test_weeks_and_sessions_done_per_week(tmp_path, routines):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    programmes = {"file/plan": plan()}
    start(store, plan(), T0)
    session(store, clock, T0 + timedelta(hours=1))
    session(store, clock, T0 + timedelta(days=2), status="ended-early")  # does not count
    now = T0 + timedelta(days=3)
    found = status(store, programmes, routines, now)
    assert found is not None
    flare_up = routines["core/flare-up"].name  # in turn: the week's second routine
    assert found.line() == f"Week 1 of 2 · 1 of 3 sessions this week · next: {flare_up}"
    session(store, clock, T0 + timedelta(days=8), week=2)
    found = status(store, programmes, routines, T0 + timedelta(days=9))
    assert (found.week, found.done_this_week, found.sessions_this_week) == (2, 1, 2)
    assert [(w.week, w.done, w.prescribed) for w in found.adherence] == [(1, 1, 3), (2, 1, 2)]
    found = status(store, programmes, routines, T0 + timedelta(days=15))
    assert found.finished and "After 2 weeks, see Jane." in found.line()


def test_paused_days_do_not_count_toward_the_week(tmp_path, routines):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    start(store, plan(), T0)
    change(store, "paused", T0 + timedelta(days=2))
    with pytest.raises(LimberError, match="already paused"):
        change(store, "paused", T0 + timedelta(days=3))
    change(store, "resumed", T0 + timedelta(days=9))
    programmes = {"file/plan": plan()}
    found = status(store, programmes, routines, T0 + timedelta(days=10))
    assert (found.week, found.paused) == (1, False)  # 10 days in, 7 of them paused
    assert status(store, programmes, routines, T0 + timedelta(days=14)).week == 2
    kinds = [e.kind for e in plog.entries(store)]
    assert kinds == ["started", "paused", "resumed"]


def test_a_pain_rule_crossed_is_said_as_the_physios_and_recorded(tmp_path):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    sid = session(store, clock, T0, pain=(4, 7))
    said = after_session(store, plan(), sid, 1, T0 + timedelta(minutes=15))
    assert said == ["Your physio's rule (Jane Doe, MCSP): get in touch if pain after is 6 or more"]
    (entry,) = [e for e in plog.entries(store) if e.kind == "threshold-crossed"]
    assert (entry.session_id, entry.week) == (sid, 1)
    calm = session(store, clock, T0 + timedelta(days=1), pain=(4, 2))
    assert after_session(store, plan(), calm, 1, T0 + timedelta(days=1)) == []


def test_a_pack_programme_no_longer_installed_says_so(tmp_path, routines):
    store = open_store(tmp_path / "h.sqlite3", WallClock(T0))
    gone = Programme(**{**{f: getattr(plan(), f) for f in plan().__struct_fields__}, "id": "p/x"})
    start(store, gone, T0)
    with pytest.raises(LimberError, match="no installed pack has it now"):
        status(store, {}, routines, T0)


def test_missed_in_a_row_is_recorded_once_per_run_of_missed_sessions(tmp_path, routines):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    weeks = (ProgrammeWeek(routines=("core/post-run",), sessions=3),) * 4
    four = msgspec.structs.replace(plan(), weeks=weeks)
    start(store, four, T0)

    def crossed(days: float) -> tuple[int, str, bool]:
        now = T0 + timedelta(days=days)
        found = status(store, {"file/plan": four}, routines, now)
        return found.missed_in_a_row, found.missed_rule, record_missed(store, found, now)

    rule = "Your physio's rule (Jane Doe, MCSP): get in touch if you miss 3 sessions in a row"
    # 3 a week: one due every 7/3 days from the start; the author's rule is 3 in a row.
    assert crossed(6.9) == (2, "", False)
    assert crossed(7.1) == (3, rule, True)  # crossed, and recorded
    assert crossed(7.2) == (3, rule, False)  # the same run of missed sessions
    assert crossed(9.5) == (4, rule, False)
    session(store, clock, T0 + timedelta(days=10), week=2)
    assert crossed(15) == (2, "", False)  # counted from the session done
    assert crossed(17.1) == (3, rule, True)  # a new run, in week 3
    found = [(e.week, e.detail) for e in plog.entries(store) if e.kind == "threshold-crossed"]
    assert found == [(2, f"missed_in_a_row: {rule}"), (3, f"missed_in_a_row: {rule}")]
    change(store, "paused", T0 + timedelta(days=17.2))
    assert crossed(25)[1] == ""  # paused: nothing is missed
