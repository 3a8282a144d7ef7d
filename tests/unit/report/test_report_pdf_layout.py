"""The PDF report as a physio reads it on paper: numbers right-aligned, the chart's
dates along its whole x-axis, no heading left alone at the foot of a page, and the
patient line saying how to set it when it is not set."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from msgspec.structs import replace

from historytools import four_sessions
from limber.core.history.reportparts import ReportContext
from limber.core.history.sections import build

pytest.importorskip("fpdf", reason="the report extra is not installed")

TITLES = {"At a glance", "Summary", "Sessions per week", "Sessions", "Per exercise and side"}
TITLES |= {"Routines", "Notes", "Pain before → after"}


def pages(records) -> list[list[tuple[str, float, float, float]]]:
    """Each page's text pieces: (text, x, y from the foot of the page, font size)."""
    from pypdf import PdfReader

    from limber.commands.report_pdf import to_pdf

    found: list[list[tuple[str, float, float, float]]] = []
    for page in PdfReader(BytesIO(to_pdf(build(records, ReportContext())))).pages:
        pieces: list[tuple[str, float, float, float]] = []

        def keep(text, _cm, tm, _font, size, pieces=pieces):
            if text.strip():
                pieces.append((text.strip(), tm[4], tm[5], size))

        page.extract_text(visitor_text=keep)
        found.append(pieces)
    return found


@pytest.mark.parametrize("notes", [7, 15])
def test_no_heading_ends_a_page(tmp_path, notes):
    records = four_sessions(tmp_path)
    wordy = [
        replace(records[0], uid=str(n), note=f"note {n} " + "word " * 20) for n in range(notes)
    ]
    for number, page in enumerate(pages(wordy + records)):
        for text, _, y, _ in page:
            if text in TITLES:
                assert any(other[2] < y - 1 for other in page), (number, text)


def test_numbers_are_right_aligned(tmp_path):
    (page, *_) = pages(four_sessions(tmp_path))
    value = next(p for p in page if p[0] == "12.0")  # the log's minutes, under "Minutes"
    header = min((p for p in page if p[0] == "Minutes"), key=lambda p: abs(p[1] - value[1]))
    assert value[1] > header[1] + 3  # right-aligned: the shorter figure starts further right


def test_the_chart_dates_more_than_its_first_and_last_session(tmp_path):
    (first, *_) = four_sessions(tmp_path)
    month = [
        replace(first, uid=str(day), started_utc=f"2024-06-{day:02d}T08:00:00Z", pain_after=day % 8)
        for day in range(1, 31)
    ]
    labels = {
        text
        for page in pages(month)
        for text, _, _, size in page
        if size == 7 and re.fullmatch(r"2024-06-\d\d", text)
    }
    assert len(labels) >= 4 and {"2024-06-01", "2024-06-30"} <= labels


def test_an_unset_patient_says_how_to_set_it(tmp_path):
    text = " ".join(t for t, *_ in pages(four_sessions(tmp_path))[0])
    assert 'Patient: (not set; add patient_label = "Your name" to config.toml' in text
