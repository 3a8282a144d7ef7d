"""``limber report --format pdf``: the same figures as the HTML report, on A4, with the
pain chart drawn in vector lines (fpdf2, the ``report`` extra: pure Python).

The PDF uses the standard Helvetica font, so it needs no font file; it holds Latin-1
only, so "→" is written "->", "≥" ">=", and any other character outside Latin-1 "?".
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from limber.commands.report_chart import AFTER, BEFORE
from limber.core.history.sections import Report, Section

if TYPE_CHECKING:
    from fpdf import FPDF

MAX_POINTS = 400
_SPELT = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "—": "-", "–": "-", "…": "..."})


def latin1(text: str) -> str:
    """``text`` as the standard PDF font can write it."""
    return text.translate(_SPELT).encode("latin-1", "replace").decode("latin-1")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_pdf(report: Report) -> bytes:
    """The whole report as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.set_creator("Limber")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in report.who:
        pdf.cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    if report.empty:
        pdf.ln(4)
        pdf.multi_cell(0, 6, latin1(report.empty), new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        _section(pdf, section)
        if section.trend and report.pain_points:
            _chart(pdf, report.pain_points[-MAX_POINTS:])
    return bytes(pdf.output())


def _section(pdf: FPDF, section: Section) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, latin1(section.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B" if section.strong else "", 10)
    if section.strong:
        pdf.set_text_color(170, 0, 0)
    for line in section.lines:
        pdf.multi_cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    for item in section.items:
        pdf.multi_cell(0, 5, latin1(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
    if not section.header:
        return
    pdf.set_font("Helvetica", size=8)
    with pdf.table(first_row_as_headings=True, line_height=4.5) as table:
        for row in (section.header, *section.rows):
            cells = table.row()
            for cell in row:
                cells.cell(latin1(cell))


def _chart(pdf: FPDF, points: tuple[tuple[str, int, int], ...]) -> None:
    """Pain before (red) and after (blue) per session, on a 0–10 grid."""
    left, width, height = pdf.l_margin + 10, pdf.epw - 12, 60
    if pdf.get_y() + height + 20 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_font("Helvetica", size=7)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.2)
    for level in range(0, 11, 2):
        y = top + height - level * height / 10
        pdf.line(left, y, left + width, y)
        pdf.text(left - 5, y + 1, str(level))
    step = width / max(len(points) - 1, 1)
    single = len(points) == 1
    for colour, values in ((BEFORE, [b for _, b, _ in points]), (AFTER, [a for _, _, a in points])):
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_fill_color(*_rgb(colour))
        pdf.set_line_width(0.6)
        xy = [
            (left + width / 2 if single else left + i * step, top + height - v * height / 10)
            for i, v in enumerate(values)
        ]
        for (x1, y1), (x2, y2) in itertools.pairwise(xy):
            pdf.line(x1, y1, x2, y2)
        for x, y in xy:
            pdf.circle(x=x, y=y, radius=0.8, style="F")
    pdf.set_text_color(0, 0, 0)
    pdf.text(left, top + height + 5, latin1(points[0][0][:10]))
    pdf.text(left + width - 14, top + height + 5, latin1(points[-1][0][:10]))
    pdf.set_text_color(*_rgb(BEFORE))
    pdf.text(left + width / 2 - 20, top + height + 5, "Before")
    pdf.set_text_color(*_rgb(AFTER))
    pdf.text(left + width / 2 + 5, top + height + 5, "After")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(top + height + 8)
