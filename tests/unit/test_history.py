"""The history store: recording, two writers at once, stats, and export / import."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from historytools import WallClock, add_session, at, exported, open_store, phase
from limber.core.errors import LimberError
from limber.core.history.db import SCHEMA_VERSION
from limber.core.history.store import HistoryStore
from limber.core.session import PhaseResult
from limber.core.text import INVISIBLE

UTC_DAY = datetime(2024, 5, 15, 8, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "home" / "history.sqlite3"


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


# -- recording ------------------------------------------------------------------------------


def test_nothing_is_created_until_the_first_write(db):
    store = open_store(db)
    assert store.notice is None
    assert store.stats(date(2024, 5, 15)).total_sessions == 0
    assert store.sessions() == [] and not db.exists()
    assert store.begin("core/x", "X", "core", "1", 60, None) is not None
    assert db.exists()


def test_file_is_wal_at_the_current_schema_version(db):
    store = open_store(db)
    store.begin("core/x", "X", "core", "1", 60, None)
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert store._conn is not None
    assert store._conn.execute("PRAGMA busy_timeout").fetchone() == (5000,)


def test_each_phase_is_committed_as_it_ends(db):
    clock = WallClock(UTC_DAY, offset=120)
    store = open_store(db, clock)
    sid = store.begin("core/post-run", "Post-run", "core", "0.1.0", 600, 4)
    assert rows(db, "SELECT status, pain_before, utc_offset_minutes, local_day FROM sessions") == [
        ("in-progress", 4, 120, "2024-05-15")
    ]
    for index, done in enumerate([5.0, 30.0, 12.5]):
        clock.advance(seconds=30)
        assert store.record_phase(sid, PhaseResult(phase(index), done, done < 30))
        # Another connection sees it straight away: it is committed, not pending.
        assert rows(db, "SELECT COUNT(*) FROM phases") == [(index + 1,)]
    assert rows(db, "SELECT active_seconds FROM sessions") == [(47.5,)]
    assert rows(db, "SELECT idx, skipped, ended_utc FROM phases ORDER BY id")[-1] == (
        2,
        1,
        "2024-05-15T08:01:30Z",
    )
    assert store.finish(sid, "ended-early", 50.0, stop_reason="sharp pain")
    assert rows(db, "SELECT status, active_seconds, stop_reason, ended_utc FROM sessions") == [
        ("ended-early", 50.0, "sharp pain", "2024-05-15T08:01:30Z")
    ]


def test_finish_keeps_pain_and_note_set_before(db):
    store = open_store(db)
    sid = store.begin("core/x", "X", "core", "1", 60, None)
    assert store.set_pain_after(sid, 2) and store.set_note(sid, "felt good")
    store.finish(sid, "completed", 60)
    assert rows(db, "SELECT pain_after, note FROM sessions") == [(2, "felt good")]
    store.finish(sid, "completed", 60, pain_after=0, note="better")
    assert rows(db, "SELECT pain_after, note FROM sessions") == [(0, "better")]


def test_programming_mistakes_raise(db):
    store = open_store(db)
    with pytest.raises(ValueError):
        store.begin("core/x", "X", "core", "1", 60, 11)
    sid = store.begin("core/x", "X", "core", "1", 60, None)
    with pytest.raises(ValueError):
        store.finish(sid, "", 60)
    with pytest.raises(ValueError):
        store.set_pain_after(sid, -1)


def test_a_session_that_could_not_begin_is_ignored_after(db):
    store = open_store(db)
    assert store.record_phase(None, PhaseResult(phase(0), 30, False)) is False
    assert store.finish(None, "completed", 30) is False
    assert store.set_note(None, "x") is False
    assert store.save_problem is None


# -- abandoned sessions ---------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_session_whose_process_is_gone_reads_as_interrupted(db):
    clock = WallClock(UTC_DAY)
    store = open_store(db, clock)
    sid = add_session(store, clock, UTC_DAY, status="in-progress", minutes=2)
    mine = add_session(store, clock, UTC_DAY + timedelta(minutes=5), status="in-progress")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (dead_pid(), sid))
    store.close()
    again = open_store(db, clock)
    assert [s.status for s in again.sessions()] == ["interrupted", "in-progress"]
    # ended when its last phase ended; our own (live) session is left alone
    assert rows(db, "SELECT ended_utc FROM sessions WHERE id = ?", sid) == [
        ("2024-05-15T08:02:00Z",)
    ]
    assert again.finish(mine, "completed", 60)


def test_a_session_from_another_machine_is_interrupted_only_after_12_hours(db):
    clock = WallClock(UTC_DAY)
    store = open_store(db, clock)
    add_session(store, clock, UTC_DAY, status="in-progress")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sessions SET host = 'laptop-elsewhere', pid = 1")
    store.close()
    clock.now = UTC_DAY + timedelta(hours=11)
    assert [s.status for s in open_store(db, clock).sessions()] == ["in-progress"]
    clock.now = UTC_DAY + timedelta(hours=13)
    assert [s.status for s in open_store(db, clock).sessions()] == ["interrupted"]


RECORDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from historytools import phase
    from limber.core.history.store import HistoryStore
    from limber.core.session import PhaseResult

    store = HistoryStore(Path(sys.argv[1]))
    sid = store.begin("core/x", sys.argv[2], "core", "1", 60, 3)
    assert sid is not None, store.save_problem
    print(sid, flush=True)
    if sys.argv[3] == "wait":
        sys.stdin.readline()
    for n in range(int(sys.argv[3]) if sys.argv[3] != "wait" else 0):
        assert store.record_phase(sid, PhaseResult(phase(n), 1.0, False)), store.save_problem
        time.sleep(0.002)
    if sys.argv[3] != "wait":
        assert store.finish(sid, "completed", 25.0), store.save_problem
    """
).format(tests=str(Path(__file__).resolve().parents[1]))


def test_two_stores_on_one_file_recording_at_once_keep_both_sessions(db):
    clock = WallClock(UTC_DAY)
    one, two = open_store(db, clock), open_store(db, clock)
    a = one.begin("core/a", "A", "core", "1", 60, None)
    b = two.begin("core/b", "B", "core", "1", 60, None)
    for n in range(5):
        assert one.record_phase(a, PhaseResult(phase(n), 10, False))
        assert two.record_phase(b, PhaseResult(phase(n), 20, False))
    # A third store opening meanwhile must not take either live session for abandoned.
    assert {s.status for s in open_store(db, clock).sessions()} == {"in-progress"}
    assert one.finish(a, "completed", 50) and two.finish(b, "ended-early", 100)
    found = {s.routine_name: s for s in one.sessions()}
    assert (found["A"].status, len(found["A"].phases)) == ("completed", 5)
    assert (found["B"].status, len(found["B"].phases)) == ("ended-early", 5)


def test_two_processes_recording_at_once_keep_both_sessions(db):
    db.parent.mkdir(parents=True)
    open_store(db).set_note(0, "")  # create the schema first, as the app would have
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RECORDER, str(db), name, "40"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    found = {s.routine_name: s for s in open_store(db).sessions()}
    assert {name: (s.status, len(s.phases)) for name, s in found.items()} == {
        "first": ("completed", 40),
        "second": ("completed", 40),
    }


def test_a_live_process_keeps_its_session_until_it_is_gone(db):
    proc = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(db), "running", "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip()
        assert [s.status for s in HistoryStore(db).sessions()] == ["in-progress"]
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert [s.status for s in HistoryStore(db).sessions()] == ["interrupted"]


# -- stats ----------------------------------------------------------------------------------


def test_stats_on_a_hand_made_week(db):
    clock = WallClock()
    store = open_store(db, clock)
    # The week before last (from Mon 29 Apr): one long session, one short: not met.
    add_session(store, clock, at("2024-04-29"), minutes=15)
    add_session(store, clock, at("2024-05-01"), minutes=5)
    # Last week (from Mon 6 May): three sessions of 10+ minutes: met.
    for day in ("2024-05-06", "2024-05-08", "2024-05-12"):
        add_session(store, clock, at(day), minutes=10, pain=(6, 3))
    # This week, to Wednesday 15 May: Mon 12 min, Tue 8 min, Wed 15 min ended early,
    # and an interrupted one that does not count.
    add_session(store, clock, at("2024-05-13"), minutes=12, routine="Morning", pain=(5, None))
    add_session(store, clock, at("2024-05-14"), minutes=8, note="tight left hip")
    add_session(store, clock, at("2024-05-15"), minutes=15, status="ended-early", pain=(4, 2))
    add_session(store, clock, at("2024-05-15", 18), minutes=20, status="interrupted")

    stats = store.stats(date(2024, 5, 15))
    assert (stats.week_sessions, stats.week_goal_sessions) == (3, 2)
    assert stats.week_minutes == pytest.approx(35)
    assert stats.week_goal_met is False
    assert stats.goal_week_streak == 1  # last week; this week not met yet
    assert stats.streak_days == 4  # Sun 12 to Wed 15
    assert stats.total_sessions == 9
    assert stats.per_routine == {"Post-run lower-back relief": 7, "Morning": 1}
    assert [tuple(p) for p in stats.pain_trend][-2:] == [
        (date(2024, 5, 13), 5, None),
        (date(2024, 5, 15), 4, 2),
    ]
    assert len(stats.pain_trend) == 5
    recent = stats.recent
    assert [r.status for r in recent[:2]] == ["interrupted", "ended-early"]
    assert recent[2].note == "tight left hip" and recent[2].active_minutes == pytest.approx(8)
    assert recent[0].local_start == at("2024-05-15", 18)

    easier = store.stats(date(2024, 5, 15), goal_sessions=2)
    assert easier.week_goal_met and easier.goal_week_streak == 2
    shorter = store.stats(date(2024, 5, 15), goal_sessions=2, goal_minutes=15)
    assert shorter.goal_week_streak == 0  # last week's were 10 min each
    assert len(store.stats(date(2024, 5, 15), recent=3).recent) == 3


def test_pain_trend_keeps_the_last_twenty_oldest_first(db):
    clock = WallClock()
    store = open_store(db, clock)
    for n in range(25):
        add_session(store, clock, at("2024-03-01") + timedelta(days=n), pain=(n % 11, None))
    trend = store.stats(date(2024, 5, 15)).pain_trend
    assert len(trend) == 20
    assert trend[0].day == date(2024, 3, 6) and trend[-1].day == date(2024, 3, 25)


def test_side_balance_shows_holds_cut_short_on_one_side(db):
    clock = WallClock()
    store = open_store(db, clock)
    twist = [
        PhaseResult(phase(0, side="left", stretch="Twist"), 30, False),
        PhaseResult(phase(1, "switch-sides", side="right", stretch="Twist", seconds=5), 5, False),
        PhaseResult(phase(2, side="right", stretch="Twist"), 12, True),
        PhaseResult(phase(3, side="left", stretch="Figure four"), 30, False),
        PhaseResult(phase(4, side="right", stretch="Figure four"), 30, False),
    ]
    add_session(store, clock, at("2024-05-14"), results=twist)
    balance = store.stats(date(2024, 5, 15)).side_balance
    assert balance == {
        "Twist": {"left_done": 30, "right_done": 12, "left_planned": 30, "right_planned": 30}
    }
    assert store.stats(date(2024, 8, 1)).side_balance == {}  # too long ago to matter


@pytest.mark.parametrize(
    ("start_utc", "offset", "local"),
    [
        ("2024-05-01T23:30:00+00:00", 120, "2024-05-02"),  # past midnight east of UTC
        ("2024-05-02T03:00:00+00:00", -300, "2024-05-01"),  # still the evening before, west
        ("2024-05-01T23:59:59+00:00", 0, "2024-05-01"),
        ("2024-05-01T22:00:00+00:00", 120, "2024-05-02"),  # exactly local midnight
    ],
)
def test_local_day_is_the_utc_start_shifted_by_the_offset(db, start_utc, offset, local):
    clock = WallClock()
    store = open_store(db, clock)
    add_session(store, clock, datetime.fromisoformat(start_utc), offset=offset)
    assert store.sessions()[0].local_day.isoformat() == local
    assert store.stats(date.fromisoformat(local)).streak_days == 1
    day_before = date.fromisoformat(local) - timedelta(days=1)
    assert store.stats(day_before).streak_days == 0


def test_streak_runs_to_yesterday_until_today_has_a_session(db):
    clock = WallClock()
    store = open_store(db, clock)
    # Tokyo runner: 23:30 UTC is 08:30 the next day there.
    for day in ("2024-05-11", "2024-05-12", "2024-05-13"):
        add_session(store, clock, at(day, 23).replace(minute=30), offset=540)
    assert store.stats(date(2024, 5, 14)).streak_days == 3  # 12, 13, 14 local
    assert store.stats(date(2024, 5, 15)).streak_days == 3  # none yet today
    assert store.stats(date(2024, 5, 16)).streak_days == 0  # a day missed
    add_session(store, clock, at("2024-05-10"), status="ended-early")  # 10 May, 17:00 there
    add_session(store, clock, at("2024-05-09"), status="interrupted")  # does not count
    assert store.stats(date(2024, 5, 14)).streak_days == 3  # 11 May is missing
    add_session(store, clock, at("2024-05-11"), status="ended-early")
    assert store.stats(date(2024, 5, 14)).streak_days == 5


def test_goal_weeks_run_across_the_new_year(db):
    clock = WallClock()
    store = open_store(db, clock)
    for day in ("2024-12-23", "2024-12-24", "2024-12-30", "2025-01-01", "2025-01-06"):
        add_session(store, clock, at(day), minutes=11)
    stats = store.stats(date(2025, 1, 7), goal_sessions=2)
    assert stats.goal_week_streak == 2  # weeks of 23 Dec and 30 Dec; this week not yet
    add_session(store, clock, at("2025-01-07"), minutes=11)
    assert store.stats(date(2025, 1, 7), goal_sessions=2).goal_week_streak == 3


# -- export and import ----------------------------------------------------------------------


def test_csv_neutralises_anything_a_spreadsheet_would_run(db):
    clock = WallClock()
    store = open_store(db, clock)
    hostile = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", 'plain, "quoted"']
    for n, text in enumerate(hostile):
        add_session(store, clock, at("2024-05-01") + timedelta(hours=n), note=text, routine=text)
    table = list(csv.DictReader(io.StringIO(exported(store, "csv"))))
    assert [row["note"] for row in table] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        'plain, "quoted"',
    ]
    assert [row["routine_name"] for row in table] == [row["note"] for row in table]
    assert table[0]["started_local"] == "2024-05-01T08:00:00+00:00"
    assert table[0]["active_minutes"] == "12.0"


def test_markdown_report_has_its_sections_and_escapes_notes(db):
    clock = WallClock()
    store = open_store(db, clock)
    add_session(store, clock, at("2024-05-06"), pain=(6, 3), note="<script>x</script> | *bold*")
    add_session(store, clock, at("2024-05-20"), minutes=4, status="ended-early")
    report = exported(store, "md", goal_sessions=1)
    for heading in (
        "# Limber stretching report",
        "## Sessions per week",
        "## Pain before",
        "## Routines",
        "## Notes",
    ):
        assert heading in report
    assert "2024-05-06 to 2024-05-20" in report
    assert "| 2024-05-13 | 0 | 0 | 0 | not met |" in report  # the missed week shows
    assert "| 2024-05-06 | 1 | 6.0 | 3.0 |" in report
    assert "&lt;script" in report and "\\| \\*bold\\*" in report and "<script" not in report
    assert "met in 1 of 3 weeks" in report


def test_export_since_leaves_out_earlier_days(db):
    clock = WallClock()
    store = open_store(db, clock)
    add_session(store, clock, at("2024-05-01"))
    add_session(store, clock, at("2024-05-10"))
    data = json.loads(exported(store, "json", since=date(2024, 5, 5)))
    assert [s["started_utc"] for s in data["sessions"]] == ["2024-05-10T08:00:00Z"]
    assert "No sessions recorded since 2024-06-01." in exported(store, "md", date(2024, 6, 1))


def test_import_merges_by_uid_without_duplicates(db, tmp_path):
    clock = WallClock()
    source = open_store(tmp_path / "a.sqlite3", clock)
    add_session(
        source,
        clock,
        at("2024-05-01"),
        results=[PhaseResult(phase(i), 30, False) for i in range(3)],
    )
    add_session(source, clock, at("2024-05-02"))
    text = exported(source, "json")
    target = open_store(db, clock)
    add_session(target, clock, at("2024-05-03"))
    assert target.import_json(text) == (2, 0)
    assert target.import_json(text.encode()) == (0, 2)
    assert len(target.sessions()) == 3
    assert [len(s.phases) for s in target.sessions()] == [3, 1, 1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sessions"][0].update(started_utc="yesterday"),
            "sessions[0].started_utc: expected a date-time",
        ),
        (lambda d: d["sessions"][0].update(pain_after=11), "sessions[0].pain_after: expected"),
        (lambda d: d["sessions"][0].pop("uid"), "sessions[0].uid: this field is missing"),
        (lambda d: d["sessions"][0].update(status="done"), "sessions[0].status: unknown value"),
        (
            lambda d: d["sessions"][0]["phases"][0].update(done_seconds="30"),
            "sessions[0].phases[0].done_seconds: expected a number, got text",
        ),
        (lambda d: d.update(format="something-else"), "not a Limber history export"),
        (lambda d: d.update(version=2), "newer Limber"),
        (
            lambda d: d["sessions"][0].update(started_utc="0999-01-01T00:00:00Z"),
            "sessions[0].started_utc: the year 999 is out of range",
        ),
    ],
)
def test_a_bad_import_names_what_is_wrong_in_one_sentence(db, change, message):
    clock = WallClock()
    store = open_store(db, clock)
    add_session(store, clock, at("2024-05-01"))
    data = json.loads(exported(store, "json"))
    change(data)
    with pytest.raises(LimberError) as caught:
        store.import_json(json.dumps(data))
    text = str(caught.value)
    assert message in text and "\n" not in text and text.endswith(".")
    assert len(store.sessions()) == 1


@pytest.mark.parametrize(
    "text",
    ["{", "[]", "", '"x"', b"\xff\xfe", b'{"format": "\xed\xa0\x80"}', '{"format": "\ud800"}'],
)
def test_import_of_something_that_is_not_an_export(db, text):
    with pytest.raises(LimberError) as caught:
        open_store(db).import_json(text)
    assert "\n" not in str(caught.value) and str(caught.value).endswith(".")


# What Limber itself stores: control characters never reach the history (pack text is
# cleaned where it enters, and so is an import: tests/hostile checks that), so the round
# trip is exact for everything else.
# Text as Limber stores it: no control character, nor one that cleaning removes where
# text enters (the invisible and bidi ones: see limber.core.text.INVISIBLE).
CLEANED_AWAY = "".join(
    ch for ch in map(chr, range(0x10000)) if re.match(f"[{INVISIBLE}\u200c\u200d\u2028\u2029]", ch)
)
ODD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=CLEANED_AWAY),
    max_size=30,
) | st.sampled_from(["", "Ünïcödé 🧘‍♀️", "a,b", '"quoted"', "=1+1", "[red]markup[/]"])
NOTE_TEXT = ODD_TEXT | st.just("line\nbreak")
PAIN = st.none() | st.integers(0, 10)
SECONDS = st.floats(0, 10_000, allow_nan=False, allow_infinity=False)


@st.composite
def histories(draw: st.DrawFn) -> list[dict]:
    sessions = []
    for _ in range(draw(st.integers(0, 5))):
        sessions.append(
            {
                "start": draw(
                    st.datetimes(datetime(2000, 1, 1), datetime(2099, 1, 1), timezones=st.just(UTC))
                ),
                "offset": draw(st.integers(-720, 840)),
                "routine": draw(ODD_TEXT),
                "note": draw(NOTE_TEXT),
                "pain": (draw(PAIN), draw(PAIN)),
                "status": draw(
                    st.sampled_from(["completed", "ended-early", "interrupted", "in-progress"])
                ),
                "phases": draw(
                    st.lists(
                        st.tuples(
                            SECONDS,
                            SECONDS,
                            st.booleans(),
                            ODD_TEXT,
                            st.sampled_from(["", "left", "right"]),
                        ),
                        max_size=4,
                    )
                ),
            }
        )
    return sessions


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_json_export_import_export_round_trips_exactly(history):
    with tempfile.TemporaryDirectory() as folder:
        clock = WallClock()
        first = open_store(Path(folder) / "a.sqlite3", clock)
        for s in history:
            clock.now, clock.offset = s["start"], s["offset"]
            sid = first.begin("core/x", s["routine"], "pack", "1.0", 42.5, s["pain"][0])
            for n, (planned, done, skipped, name, side) in enumerate(s["phases"]):
                result = PhaseResult(
                    phase(n, side=side, stretch=name, seconds=planned), done, skipped
                )
                assert first.record_phase(sid, result)
            if s["status"] != "in-progress":
                first.finish(sid, s["status"], 7.25, pain_after=s["pain"][1], note=s["note"])
            else:
                first.set_note(sid, s["note"])
        text = exported(first, "json")
        second = open_store(Path(folder) / "b.sqlite3", clock)
        assert second.import_json(text) == (len(history), 0)
        assert exported(second, "json") == text
        first.close()
        second.close()


def test_concurrent_store_objects_share_no_state(db):
    # Closing one store must not disturb another on the same file.
    one, two = open_store(db), open_store(db)
    a = one.begin("core/a", "A", "core", "1", 1, None)
    one.close()
    assert two.begin("core/b", "B", "core", "1", 1, None) is not None
    assert one.finish(a, "completed", 1)  # reopens lazily
    assert os.path.exists(db)


def test_history_modules_and_command_do_not_import_textual():
    modules = "limber.core.history.store, limber.commands.history_cmds, limber.core.history.export"
    code = (
        f"import sys, {modules}; "
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_path_with_spaces_hashes_and_unicode(tmp_path):
    db = tmp_path / "My Limber #1 ?ü" / "history.sqlite3"
    store = open_store(db)
    assert store.begin("core/x", "X", "core", "1", 60, None) is not None
    assert db.exists() and len(HistoryStore(db).sessions()) == 1


def test_a_version_1_history_is_migrated_with_every_session_kept(db):
    """A runner who upgrades keeps every session; the new columns start empty."""
    from limber.core.history.db import MIGRATIONS

    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        MIGRATIONS[0](conn)
        conn.execute(
            "INSERT INTO sessions (uid, routine_id, routine_name, started_utc, local_day,"
            " status, active_seconds, pain_before, pain_after, stop_reason)"
            " VALUES ('u1', 'core/x', 'X', '2024-05-15T08:00:00Z', '2024-05-15',"
            " 'ended-early', 42, 5, 3, 'this-hurts')"
        )
        conn.execute("PRAGMA user_version = 1")
    store = open_store(db)
    store.begin("core/y", "Y", "core", "1", 60, None)  # the first write migrates
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(
        db,
        "SELECT routine_id, status, pain_before, pain_after, stop_reason, stop_side,"
        " stop_phase, pain_at_stop, programme_id FROM sessions WHERE uid = 'u1'",
    ) == [("core/x", "ended-early", 5, 3, "this-hurts", "", -1, None, "")]
    assert rows(db, "SELECT count(*) FROM programme_log") == [(0,)]


def test_a_step_skipped_then_redone_is_not_counted_as_skipped(db):
    """`n` then `b`: the runner went back and did it. One row, its latest outcome."""
    store = open_store(db)
    sid = store.begin("core/x", "X", "core", "1", 60, None)
    assert store.record_phase(sid, PhaseResult(phase(1), 2.0, True))
    assert store.record_phase(sid, PhaseResult(phase(1), 30.0, False))
    assert rows(db, "SELECT idx, done_seconds, skipped FROM phases") == [(1, 30.0, 0)]
    assert rows(db, "SELECT active_seconds FROM sessions") == [(32.0,)]
