"""The clinician's report: pain stops first with stretch and side, pain paired per
session, only completed sessions done, a per-session log and a per-side table."""

from __future__ import annotations

from tests.historytools import WallClock, add_session, at, four_sessions, markdown, open_store

from limber.core.history.export import to_csv
from limber.core.history.reportparts import ReportContext


def test_the_pain_stop_comes_first_with_stretch_and_side(tmp_path):
    report = markdown(four_sessions(tmp_path), ReportContext(limber_version="9.9"))
    glance = report.index("## At a glance")
    assert glance < report.index("## Pain before")
    assert "**Stopped for pain: 1 session.**" in report
    assert (
        "| 2024-05-08 08:00 | Post-run lower-back relief | Piriformis stretch (left side) | 7 |"
        in (report)
    )
    assert "Made by Limber 9.9 (limber-stretch)" in report


def test_pain_is_paired_per_session_and_only_completed_sessions_are_done(tmp_path):
    report = markdown(four_sessions(tmp_path))
    # 4 → 2 and 6 → 7 rated both times; the 5 with no "after" is left out of the pairs
    assert "2 sessions rated both times: 5.0 → 4.5 on average (change -0.5)" in report
    assert "4 (1 completed, 2 ended early, 1 interrupted" in report
    assert "| Post-run lower-back relief | core | 0.1.0 | 4 | 1 | " in report


def test_the_4_to_2_session_alone_reads_4_to_2(tmp_path):
    records = [r for r in four_sessions(tmp_path) if r.pain_before == 4]
    assert "1 session rated both times: 4.0 → 2.0 on average (change -2.0)" in markdown(records)


def test_the_log_and_the_per_side_table(tmp_path):
    report = markdown(four_sessions(tmp_path))
    assert "| 2024-05-08 08:00 | Post-run lower-back relief | stopped: it hurts |" in report
    assert "| Piriformis stretch | left | 1/1 hold | 30 | 0 |" in report
    assert "| Piriformis stretch | right | 0/1 hold | 12 | 1 |" in report


def test_a_period_with_no_sessions_says_so():
    assert "No sessions recorded." in markdown([])


def test_csv_cells_cannot_start_a_formula(tmp_path):
    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note='=HYPERLINK("x")', routine="@SUM(A1)")
    text = to_csv(store.sessions())
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text


def test_a_reps_exercise_shows_reps_done_not_holds(tmp_path):
    from msgspec.structs import replace

    from limber.core.history.model import PhaseRecord

    (first, *_) = four_sessions(tmp_path)
    press_ups = PhaseRecord(0, "p/press-up", "Press-up", "", "reps", 40.0, 32.0, False, "")
    records = [replace(first, phases=(press_ups,))]
    report = markdown(records, ReportContext(tempo={"p/press-up": 4.0}))
    assert "| Press-up | - | 8/10 reps | - | 0 |" in report
    assert "| Press-up | - | 8/10 reps | - | 0 |" in markdown(records)  # 4 s a rep by default
