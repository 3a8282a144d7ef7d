"""``limber programme`` with the author's "missed N sessions in a row" rule: the programme
was started days ago (the history's clock set back), so sessions were missed; the rule is
printed with whose it is and the contact, in the text and the JSON, and its crossing is
recorded once; a session done today ends the run of missed sessions."""

from __future__ import annotations

import json
from datetime import timedelta

from limber.core.clock import utc_now
from limber.core.following import start
from limber.core.history import programmes as plog
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.core.programme import parse_programme
from limber.testing import load_pack

PLAN = (
    """\
id = "emailed"
title = "Jane's plan"
summary = "Four weeks."
review = "After 4 weeks, come back."

[author]
name = "Jane Doe"
credentials = "MCSP"
role = "physio"
contact = "01234 567890"

[get_in_touch]
missed_in_a_row = 3
advice = "Ring the clinic before going on."
"""
    + 4 * '\n[[weeks]]\nroutines = ["post-run"]\nsessions = 2\n'
)

RULE = "Your physio's rule (Jane Doe, MCSP): get in touch if you miss 3 sessions in a row"


def started_days_ago(home, days: float) -> HistoryStore:
    routines = dict(load_pack("core").known_routines)
    programme = parse_programme(PLAN, file="plan.toml", routines=routines)
    store = HistoryStore(Paths(home).history_db)
    start(store, programme, utc_now() - timedelta(days=days), text=PLAN, file="plan.toml")
    return store


def crossings(store: HistoryStore) -> list[tuple[str, int]]:
    return [(e.detail, e.week) for e in plog.entries(store) if e.kind == "threshold-crossed"]


def test_sessions_missed_in_a_row_are_printed_and_recorded_once(limber):
    store = started_days_ago(limber.home, 10.6)  # week 2, one due every 3.5 days: 3 missed
    shown = limber("programme")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1] == "Week 2 of 4 · 0 of 2 sessions this week · next: Post-run lower-back relief"
    assert lines[2] == f"Missed 3 sessions in a row. {RULE}."
    assert "By Jane Doe, MCSP · 01234 567890" in lines
    assert "Ring the clinic before going on." in lines
    as_json = json.loads(limber("programme", "--json").stdout)
    assert (as_json["missed_in_a_row"], as_json["missed_rule"]) == (3, RULE)
    assert as_json["contact"] == "01234 567890"
    assert crossings(store) == [(f"missed_in_a_row: {RULE}", 2)]  # twice shown, once recorded


def test_a_session_done_ends_the_run_of_missed_sessions(limber):
    store = started_days_ago(limber.home, 8)  # week 2: 2 missed, not yet the author's 3
    assert "Missed" not in limber("programme").stdout
    ran = limber("run", "core/post-run", "--plain", env={"LIMBER_PLAIN_SPEED": "2000"})
    assert ran.returncode == 0, ran.stderr
    as_json = json.loads(limber("programme", "--json").stdout)
    assert (as_json["missed_in_a_row"], as_json["missed_rule"], as_json["done_this_week"]) == (
        0,
        "",
        1,
    )
    assert crossings(store) == []
