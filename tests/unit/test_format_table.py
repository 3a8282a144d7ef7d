"""The format table (``limber.commands.formats``): every row that renders the report's
layout shows every section of it and says when there are no sessions, and the CLI
offers every row. A new row is tested here without a test of its own: a renderer that
asks its job for the laid-out report is held to the report's sections."""

from __future__ import annotations

import html
import re
from functools import cached_property
from io import BytesIO

import pytest
from msgspec.structs import replace
from tests.historytools import four_sessions

from limber import cli
from limber.commands.formats import EXPORT_FORMATS, FORMATS, REPORT_FORMATS, Format
from limber.commands.report_writers import Job, named
from limber.core.history.reportparts import Adherence, Report, ReportContext
from limber.core.history.sections import build
from limber.core.settings import Settings

FULL = ReportContext(
    limber_version="9.9",
    patient="J. Runner",
    adherence=(Adherence(1, 1, 3),),
    crossings=(("2024-05-08 08:00", "Post-run", "Pain after 7 is 6 or more: see your physio"),),
)
LAYOUT = {"md", "html", "pdf"}
"""Rows known to render the report's layout (so the tests below cannot pass empty)."""


class Given(Job):
    """A job whose sessions, context and laid-out report are given, noting whether the
    renderer asked for the report."""

    def __init__(self, records: list, report: Report) -> None:  # type: ignore[type-arg]
        super().__init__(None, Settings())  # type: ignore[arg-type]
        self._records, self._phases = records, True
        self.laid_out = report
        self.asked = False
        self.__dict__["context"] = FULL
        self.__dict__["figures"] = {}

    @cached_property
    def report(self) -> Report:
        self.asked = True
        return self.laid_out


def text_of(fmt: Format, data: str | bytes) -> str:
    """What a reader sees of ``data``, markup and table rules left out, on one line."""
    if fmt.name == "pdf":
        from pypdf import PdfReader

        data = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)  # type: ignore[arg-type]
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if fmt.name == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", re.sub(r"[|*\\`#]", " ", text))


def rendered(fmt: Format, records: list, report: Report) -> str | None:  # type: ignore[type-arg]
    """The row's output as text, or None if its renderer does not lay out the report."""
    if fmt.extra == "report":
        pytest.importorskip("pygal", reason="the report extra is not installed")
        pytest.importorskip("fpdf", reason="the report extra is not installed")
    job = Given(records, report)
    data = named(fmt.renderer)(job)
    return text_of(fmt, data) if job.asked else None


def test_every_format_of_the_layout_shows_every_section(tmp_path):
    records = four_sessions(tmp_path)
    with_a_note = [replace(records[0], note="tight left hamstring"), *records[1:]]
    report = build(with_a_note, FULL)
    titles = [s.title for s in report.sections]
    assert {"At a glance", "Adherence to the programme", "Notes", "Routines"} <= set(titles)
    laid_out = set()
    for fmt in FORMATS:
        text = rendered(fmt, with_a_note, report)
        if text is None:
            continue
        laid_out.add(fmt.name)
        missing = [title for title in titles if title not in text]
        assert missing == [], fmt.name
        assert "Weekly goal: 3 sessions of at least 10 minutes; met in 0 of 1 week" in text
        assert "2024-05-06 (Post-run lower-back relief): tight left hamstring" in text
        assert "Pain after 7 is 6 or more: see your physio" in text
        assert "2024-05-06 1 1 12 not met" in text, fmt.name
    assert laid_out >= LAYOUT


def test_no_sessions_says_so_in_every_format_of_the_layout():
    laid_out = set()
    for fmt in FORMATS:
        text = rendered(fmt, [], build([], FULL))
        if text is not None:
            laid_out.add(fmt.name)
            assert "No sessions recorded." in text, fmt.name
    assert laid_out >= LAYOUT


def test_the_cli_offers_every_row_and_says_what_each_needs(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # argparse wraps at hyphens
    parser = cli._parser()
    for name in REPORT_FORMATS:
        assert parser.parse_args(["report", "--format", name]).format == name
    for name in EXPORT_FORMATS:
        assert parser.parse_args(["history", "export", "--format", name]).format == name
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "--help"])
    shown = re.sub(r"\s+", " ", capsys.readouterr().out)
    for fmt in FORMATS:
        assert f"{fmt.name}: {fmt.about}" in shown
        if fmt.extra:
            assert f"{fmt.name}: {fmt.about} (needs limber-stretch[{fmt.extra}])" in shown


def test_history_export_offers_exactly_the_export_rows():
    assert EXPORT_FORMATS == ("md", "csv", "json")
    assert all(not f.binary and not f.extra for f in FORMATS if f.export)
