"""The clinician's report as HTML and PDF, from a history with a completed session, one
ended early, one stopped for pain on the left side of a stretch, and one interrupted:
pain stop first, pain paired per session, only completed sessions done, the per-side
table, the chart; the same figures in the Markdown; CSV cells that cannot run."""

from __future__ import annotations

import re

import pytest
from msgspec.structs import replace
from tests.historytools import WallClock, add_session, at, four_sessions, markdown, open_store

from limber import __version__
from limber.core.history.export import to_csv
from limber.core.history.reportparts import Adherence, ReportContext
from limber.core.history.sections import CHART_POINTS, build

pytest.importorskip("pygal", reason="the report extra is not installed")
pytest.importorskip("fpdf", reason="the report extra is not installed")

from limber.commands.report_chart import AFTER, BEFORE
from limber.commands.report_html import to_html
from limber.commands.report_pdf import to_pdf

CONTEXT = ReportContext(limber_version="9.9", patient="J. Runner")


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_html_has_the_pain_stop_first_paired_pain_and_the_side_table(tmp_path):
    html = to_html(build(four_sessions(tmp_path), CONTEXT))
    text = text_of_html(html)
    assert text.index("Stopped for pain: 1 session.") < text.index("Pain before → after")
    assert "2024-05-08 08:00 Post-run lower-back relief Piriformis stretch (left side) 7" in text
    assert "2 sessions rated both times: 5.0 → 4.5 on average (change -0.5)" in text
    assert "Sessions: 4 (1 completed, 2 ended early, 1 interrupted" in text
    assert "Piriformis stretch left 1/1 hold 30 0" in text
    assert "Piriformis stretch right 0/1 hold 12 1" in text
    assert "Patient: J. Runner" in text and "Made by Limber 9.9 (limber-stretch)" in text
    assert f'<meta name="generator" content="Limber {__version__} (limber-stretch)">' in html
    assert "<svg" in html and BEFORE in html and AFTER in html


def test_html_fetches_nothing(tmp_path):
    html = to_html(build(four_sessions(tmp_path), CONTEXT))
    assert not re.search(r"<script|<link|@import|url\(", html)
    links = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert links <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_the_4_to_2_session_reads_4_to_2_in_markdown_and_html(tmp_path):
    records = [r for r in four_sessions(tmp_path) if r.pain_before == 4]
    expected = "1 session rated both times: 4.0 → 2.0 on average (change -2.0)"
    assert expected in markdown(records)
    assert expected in text_of_html(to_html(build(records, CONTEXT)))


def test_markdown_has_the_same_figures(tmp_path):
    report = markdown(four_sessions(tmp_path), CONTEXT)
    assert report.index("**Stopped for pain: 1 session.**") < report.index("## Pain before")
    assert (
        "| 2024-05-08 08:00 | Post-run lower-back relief | Piriformis stretch (left side) | 7 |"
        in report
    )
    assert "2 sessions rated both times: 5.0 → 4.5 on average (change -0.5)" in report
    assert "4 (1 completed, 2 ended early, 1 interrupted" in report
    assert "| Piriformis stretch | left | 1/1 hold | 30 | 0 |" in report


def test_pdf_text_has_the_same_figures(tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    data = to_pdf(build(four_sessions(tmp_path), CONTEXT))
    assert data.startswith(b"%PDF")
    pdf = PdfReader(BytesIO(data))
    assert pdf.metadata is not None
    assert pdf.metadata.creator == f"Limber {__version__} (limber-stretch)"
    text = " ".join(page.extract_text() for page in pdf.pages)
    text = re.sub(r"\s+", " ", text)
    assert text.index("Stopped for pain: 1 session.") < text.index("Pain before → after")
    assert "Piriformis stretch (left side)" in text
    assert "2 sessions rated both times: 5.0 → 4.5 on average (change -0.5)" in text
    assert "Sessions: 4 (1 completed, 2 ended early, 1 interrupted" in text
    assert "1/1" in text and "0/1" in text


NOTE = "Πόνος στη μέση → лучше после бега; Łódź, Đặng, São Paulo, Müller"  # noqa: RUF001
"""A runner's note and clinician-side names in Greek, Cyrillic and accented Latin."""


def test_pdf_keeps_text_beyond_latin1(tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), pain=(4, 2), note=NOTE)
    context = ReportContext(limber_version="9.9", patient="Ирина Петрова")
    data = to_pdf(build(store.sessions(), context))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert NOTE in re.sub(r"\s+", " ", text)
    assert "Ирина Петрова" in text
    assert "?" not in text.replace(NOTE, "")


def test_characters_the_pdf_font_lacks_are_named(tmp_path, caplog):
    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note="痛い → better")
    told: list[str] = []
    to_pdf(build(store.sessions(), CONTEXT), on_missing=told.append)
    assert told == ["い痛"]
    assert "missing the following glyphs" not in caplog.text  # said once, by Limber


def test_recorded_text_is_escaped_in_html(tmp_path):
    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note="<img src=x onerror=alert(1)>")
    html = to_html(build(store.sessions(), CONTEXT))
    assert "<img" not in html and "&lt;img src=x" in html


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_cannot_start_a_formula(tmp_path, start):
    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note=f"{start}1+2", routine=f"{start}SUM(A1)")
    text = to_csv(store.sessions())
    assert f"'{start}1+2" in text and f"'{start}SUM(A1)" in text


def test_nothing_of_the_report_loads_with_the_app_or_the_report_module():
    import subprocess
    import sys

    code = (
        "import sys, limber.cli, limber.launch, limber.ui.app, limber.commands.report_cmd; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygal', 'fpdf', 'PIL')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


FULL = ReportContext(
    limber_version="9.9",
    patient="J. Runner",
    adherence=(Adherence(1, 1, 3),),
    crossings=(("2024-05-08 08:00", "Post-run", "Pain after 7 is 6 or more: see your physio"),),
)


def test_markdown_shows_each_section_as_a_heading_and_its_tables_as_tables(tmp_path):
    """Every format shows every section (tests/unit/test_format_table.py); in Markdown
    each is a heading of its own and the weekly goal a table."""
    records = four_sessions(tmp_path)
    with_a_note = [replace(records[0], note="tight left hamstring"), *records[1:]]
    report = build(with_a_note, FULL)
    md_text = markdown(with_a_note, FULL)
    for section in report.sections:
        assert f"\n## {section.title}\n" in md_text
    assert "| 2024-05-06 | 1 | 1 | 12 | not met |" in md_text


def test_markdown_headings_follow_a_blank_line_and_the_trend_is_a_sparkline(tmp_path):
    md_text = markdown(four_sessions(tmp_path), FULL)
    lines = md_text.splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("#")]
    assert len(headings) > 8
    assert all(lines[n - 1] == "" for n in headings[1:])
    assert "\n\n\n" not in md_text
    # pain after 2 then 7, the sessions rated both times, oldest first
    assert "- Pain after, session by session: `▂▅`" in md_text


def test_the_sparkline_shows_the_latest_sessions_as_the_chart_does(tmp_path):
    records = four_sessions(tmp_path)
    rated = records[0]
    many = [replace(rated, uid=str(n), pain_after=n % 11) for n in range(CHART_POINTS + 5)]
    md_text = markdown(many)
    line = next(x for x in md_text.splitlines() if x.startswith("- Pain after"))
    assert line.startswith(f"- Pain after, the latest {CHART_POINTS} sessions: `")
    assert len(line.split("`")[1]) == CHART_POINTS
