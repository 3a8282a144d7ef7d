"""``limber report --format html|pdf`` as a person runs it: to a file or to stdout; a
history whose pack is gone reported by its recorded names; and the one sentence when
the report extra is missing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.historytools import WallClock, open_store

from limber.core.paths import Paths

pytest.importorskip("pygal", reason="the report extra is not installed")


def gone_pack_session(home) -> None:
    """A session of a pack no longer installed, as the history recorded it."""
    clock = WallClock(datetime(2024, 5, 6, 8, tzinfo=UTC))
    store = open_store(Paths(home).history_db, clock)
    sid = store.begin(
        "hamstring-pack/evening", "Evening hamstrings", "hamstring-pack", "2.1", 600, 4
    )
    clock.advance(seconds=600)
    assert store.finish(sid, "completed", 600, pain_after=2)
    store.close()


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_gone_pack_is_reported_by_its_recorded_names(limber, tmp_path, fmt):
    gone_pack_session(limber.home)
    out = tmp_path / f"report.{fmt}"
    result = limber("report", "--format", fmt, "--output", str(out))
    assert result.returncode == 0, result.stderr
    if fmt == "pdf":
        from io import BytesIO

        from pypdf import PdfReader

        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages)
    else:
        text = out.read_text(encoding="utf-8")
    assert "Evening hamstrings" in text and "hamstring-pack" in text and "2.1" in text
    assert "1 completed, " in text


def test_html_goes_to_stdout_and_an_empty_period_says_so(limber):
    result = limber("report", "--format", "html", "--since", "2030-01-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "No sessions recorded since 2030-01-01." in result.stdout


def test_without_the_report_extra_one_sentence(limber):
    (limber.site / "pygal.py").write_text("raise ImportError('not here')\n")
    result = limber("report", "--format", "pdf", "--output", "x.pdf")
    assert result.returncode == 1
    assert result.stderr == (
        "limber: limber report --format pdf needs the report extra: "
        "pip install 'limber-stretch[report]'\n"
    )


def test_report_md_is_history_export_md_with_the_runners_weekly_goal(limber, tmp_path):
    """Both commands give the same Markdown, judged against config.toml's weekly goal;
    the HTML shows that goal too."""
    gone_pack_session(limber.home)
    (limber.home / "config.toml").write_text(
        'weekly_goal_sessions = 1\nweekly_goal_minutes = 5\npatient_label = "J. R."\n'
    )
    report = limber("report", "--format", "md")
    export = limber("history", "export", "--format", "md")
    assert report.returncode == 0 and export.returncode == 0, report.stderr + export.stderr
    assert report.stdout == export.stdout
    assert "- Patient: J. R." in report.stdout
    assert "Weekly goal: 1 session of at least 5 minutes; met in 1 of 1 week" in report.stdout
    html = limber("report", "--format", "html")
    assert "Weekly goal: 1 session of at least 5 minutes; met in 1 of 1 week" in html.stdout
