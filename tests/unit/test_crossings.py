"""The author's rules a rating crosses are logged with the rating, once; the report
works them out from the sessions, and takes from the log what the sessions cannot show
(a programme no longer installed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from historytools import WallClock, add_session, open_store
from limber.core.crossings import in_report, rate
from limber.core.following import after_session
from limber.core.history import programmes as plog
from limber.core.programme_model import Author, GetInTouch, Programme, ProgrammeWeek

T0 = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
PLAN = Programme(
    id="file/plan",
    title="Back plan",
    summary="S.",
    review="R.",
    author=Author(name="Jane Doe", role="physio"),
    get_in_touch=GetInTouch(pain_after=6, pain_rise=2),
    weeks=(ProgrammeWeek(routines=("core/post-run",), sessions=3),),
)


def crossed(store) -> list[str]:
    return [e.detail for e in plog.entries(store) if e.kind == "threshold-crossed"]


def test_a_rating_and_its_crossings_are_saved_together_and_once(tmp_path):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    sid = add_session(store, clock, T0, pain=(3, None))
    said = rate(store, PLAN, sid, 1, T0, after=7)
    assert said == [
        "Your physio's rule (Jane Doe): get in touch if pain after is 6 or more",
        "Your physio's rule (Jane Doe): get in touch if pain after is 2 or more above pain before",
    ]
    (record,) = store.sessions()
    assert record.pain_after == 7
    assert [d.partition(":")[0] for d in crossed(store)] == ["pain_after", "pain_rise"]
    assert after_session(store, PLAN, sid, 1, T0 + timedelta(minutes=5)) == said  # shown later
    assert len(crossed(store)) == 2  # not logged twice


def test_the_log_speaks_for_a_programme_that_cannot_be_found(tmp_path):
    clock = WallClock(T0)
    store = open_store(tmp_path / "h.sqlite3", clock)
    sid = add_session(store, clock, T0, pain=(3, 7))
    plog.tag_session(store, sid, "file/plan", 1)
    rate(store, PLAN, sid, 1, T0)
    records, log = store.sessions(), plog.entries(store)
    found = in_report(records, {}, log)  # the programme is gone: the log's two sentences
    assert [c.text for c in found] == [d.partition(": ")[2] for d in crossed(store)]
    worked_out = in_report(records, {"file/plan": PLAN}, log)  # from the session, with pain
    assert [c.text.endswith("(pain 3 → 7)") for c in worked_out] == [True, True]
