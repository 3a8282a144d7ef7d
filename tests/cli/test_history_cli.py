"""``limber history``, ``history export`` and ``history import`` as a person meets them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from historytools import WallClock, add_session, open_store
from limber.core.history.store import system_offset_minutes
from limber.core.paths import Paths


def assert_one_sentence_error(result, *fragments: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("limber: ") and lines[0].endswith(".")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def recorded(limber_home: Path) -> Path:
    """Two sessions started a minute ago, in real time, so "today" and "this week" hold them."""
    db = Paths(limber_home).history_db
    now = datetime.now(UTC).replace(microsecond=0)
    clock = WallClock(now, offset=system_offset_minutes(now))
    with open_store(db, clock) as store:
        add_session(
            store,
            clock,
            now - timedelta(seconds=60),
            minutes=12,
            pain=(5, 2),
            note='=HYPERLINK("http://evil")',
        )
        add_session(
            store,
            clock,
            now - timedelta(seconds=30),
            minutes=3,
            status="ended-early",
            routine="Desk break",
        )
    return db


def test_empty_history_says_so_and_creates_nothing(limber, limber_home):
    result = limber("history")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "No sessions recorded yet" in result.stdout
    assert not Paths(limber_home).history_db.exists()
    data = json.loads(limber("history", "--json").stdout)
    assert data["total_sessions"] == 0 and data["recent"] == []


def test_history_lists_streak_week_and_recent_sessions(limber, recorded):
    result = limber("history")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Streak: 1 day" in out
    assert "This week: 1 of 3 sessions of at least 10 min" in out
    assert "Desk break" in out and "ended-early" in out and "pain 5 → 2" in out
    assert out.index("Desk break") < out.index("Post-run")  # newest first


def test_history_goal_comes_from_settings(limber, recorded, limber_home):
    (limber_home / "config.toml").write_text("weekly_goal_sessions = 1\n")
    data = json.loads(limber("history", "--json").stdout)
    assert data["week"]["goal_sessions"] == 1 and data["week"]["goal_met"] is True


def test_history_json_shape(limber, recorded):
    result = limber("history", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "streak_days",
        "goal_week_streak",
        "week",
        "total_sessions",
        "pain_trend",
        "per_routine",
        "side_balance",
        "recent",
    }
    assert data["week"]["sessions"] == 2 and data["week"]["toward_goal"] == 1
    assert data["per_routine"] == {"Post-run lower-back relief": 1, "Desk break": 1}
    first = data["recent"][0]
    assert first["routine_name"] == "Desk break" and first["status"] == "ended-early"
    assert first["phases"][0]["kind"] == "hold" and "local_start" in first
    assert data["pain_trend"][0]["before"] == 5


def test_export_csv_is_neutralised(limber, recorded):
    result = limber("history", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["routine_name"] for row in table] == ["Post-run lower-back relief", "Desk break"]
    assert table[0]["note"] == '\'=HYPERLINK("http://evil")'


def test_export_markdown_has_its_headings(limber, recorded):
    result = limber("history", "export", "--format", "md")
    assert result.returncode == 0, result.stderr
    for heading in (
        "# Limber stretching report",
        "## Sessions per week",
        "## Pain before → after",
        "## Routines",
        "## Notes",
    ):
        assert heading in result.stdout


def test_export_since_and_a_bad_date(limber, recorded):
    later = json.loads(
        limber("history", "export", "--format", "json", "--since", "2999-01-01").stdout
    )
    assert later["format"] == "limber-history" and later["sessions"] == []
    assert_one_sentence_error(
        limber("history", "export", "--format", "json", "--since", "last tuesday"),
        "--since",
        "YYYY-MM-DD",
    )


def test_import_twice_adds_nothing_the_second_time(limber, recorded, tmp_path):
    exported = tmp_path / "export.json"
    exported.write_text(limber("history", "export", "--format", "json").stdout)
    other = {"LIMBER_HOME": str(tmp_path / "clinic")}
    first = limber("history", "import", str(exported), env=other)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Imported 2 sessions; 0 were already there."
    second = limber("history", "import", str(exported), env=other)
    assert second.stdout.strip() == "Imported 0 sessions; 2 were already there."
    again = limber("history", "export", "--format", "json", env=other).stdout
    assert again == exported.read_text()


def test_import_of_a_bad_file_is_one_sentence(limber, recorded, tmp_path):
    assert_one_sentence_error(
        limber("history", "import", str(tmp_path / "nope.json")), "nope.json", "no such file"
    )
    data = json.loads(limber("history", "export", "--format", "json").stdout)
    data["sessions"][1]["started_utc"] = "soon"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = limber("history", "import", str(bad))
    assert_one_sentence_error(result, "bad.json", "sessions[1].started_utc: expected a date-time")
    bad.write_text("{not json")
    assert_one_sentence_error(limber("history", "import", str(bad)), "not valid JSON")
    assert len(json.loads(limber("history", "--json").stdout)["recent"]) == 2


def test_a_first_week_is_not_told_it_missed_last_weeks_goal():
    from limber.commands.history_cmds import stats_text
    from limber.core.history.model import HistoryStats

    first_week = HistoryStats(total_sessions=1, week_sessions=1)
    assert "not met last week" not in stats_text(first_week)
    assert "this is your first week" in stats_text(first_week)
    returning = HistoryStats(total_sessions=5, week_sessions=1)
    assert "weekly goal not met last week" in stats_text(returning)


def test_a_minute_and_a_half_reads_the_same_in_the_cli_and_the_app():
    from datetime import UTC, datetime

    from limber.commands.history_cmds import stats_text
    from limber.core.history.model import HistoryStats, RecentSession
    from limber.ui.widgets.history_pane import summary

    recent = RecentSession(
        1, datetime(2026, 5, 4, tzinfo=UTC), "Quick", "completed", 1.5, None, None, ""
    )
    stats = HistoryStats(total_sessions=1, week_sessions=1, week_minutes=1.5, recent=[recent])
    cli, app = stats_text(stats), str(summary(stats))
    assert "1.5 min" not in cli and "1.5 min" not in app
    assert "2 min in all" in cli and "Quick · 2 min" in app and "   2 min" in cli
