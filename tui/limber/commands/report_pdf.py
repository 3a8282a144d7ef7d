"""``limber report --format pdf``: the same figures as the HTML report, on A4, with the
pain chart drawn in vector lines (fpdf2, the ``report`` extra: pure Python).

Text is set in Fira Sans (the ``fontpkg-fira-sans`` package of the same extra, SIL Open
Font License; static regular and bold files, so no slow instancing of a variable font),
embedded as the subset the report uses: runners' notes and clinicians' names in Latin,
Greek, Cyrillic or Vietnamese, and "→", "≥", "≤", come out as written. It has no CJK
glyphs: such characters are left out, and ``on_missing`` is told which (fpdf2's own
log line about them is kept quiet).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from limber.commands.report_chart import AFTER, BEFORE
from limber.commands.report_figures import Figures, pdf_figures
from limber.core.history.sections import PER_EXERCISE, Report, Section

if TYPE_CHECKING:
    from fpdf import FPDF

MAX_POINTS = 400
FONT = "FiraSans"
FONT_PACKAGE = "fontpkg_fira_sans"
FONT_FILES = {"": "FiraSans-Regular.ttf", "B": "FiraSans-Bold.ttf"}


def _add_font(pdf: FPDF) -> None:
    from importlib.resources import as_file, files

    for style, name in FONT_FILES.items():
        with as_file(files(FONT_PACKAGE) / "files" / name) as path:
            pdf.add_font(FONT, style, fname=path)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_pdf(
    report: Report,
    on_missing: Callable[[str], None] | None = None,
    figures: Figures | None = None,
) -> bytes:
    """The whole report as PDF bytes; ``on_missing`` gets the characters the font has
    no glyph for (left out of the PDF), if there are any; ``figures`` (by stretch name)
    are drawn under the per-exercise table."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    _add_font(pdf)
    pdf.set_title(report.title)
    pdf.set_creator("Limber")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    for line in report.who:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if report.empty:
        pdf.ln(4)
        pdf.multi_cell(0, 6, report.empty, new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        _section(pdf, section)
        if section.title == PER_EXERCISE and figures:
            pdf.set_font(FONT, size=7)
            pdf_figures(pdf, section.rows, figures)
        if section.trend and report.pain_points:
            _chart(pdf, report.pain_points[-MAX_POINTS:])
    missing = {c for font in pdf.fonts.values() for c in getattr(font, "missing_glyphs", ())}
    if missing and on_missing is not None:
        on_missing("".join(sorted(map(chr, missing))))
    fpdf_log = logging.getLogger("fpdf.output")
    level = fpdf_log.level
    fpdf_log.setLevel(logging.ERROR)  # its "missing glyphs" warning: said by on_missing
    try:
        return bytes(pdf.output())
    finally:
        fpdf_log.setLevel(level)


def _section(pdf: FPDF, section: Section) -> None:
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, section.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B" if section.strong else "", 10)
    if section.strong:
        pdf.set_text_color(170, 0, 0)
    for line in section.lines:
        pdf.multi_cell(0, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    for item in section.items:
        pdf.multi_cell(0, 5, f"- {item}", align="L", new_x="LMARGIN", new_y="NEXT")
    if not section.header:
        return
    pdf.set_font(FONT, size=8)
    with pdf.table(first_row_as_headings=True, line_height=4.5, text_align="LEFT") as table:
        for row in (section.header, *section.rows):
            cells = table.row()
            for cell in row:
                cells.cell(cell)


def _chart(pdf: FPDF, points: tuple[tuple[str, int, int], ...]) -> None:
    """Pain before (red) and after (blue) per session, on a 0–10 grid."""
    left, width, height = pdf.l_margin + 10, pdf.epw - 12, 60
    if pdf.get_y() + height + 20 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y() + 4
    pdf.set_font(FONT, size=7)
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
    pdf.set_fill_color(255, 255, 255)  # the tables after the chart draw with these
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_text_color(0, 0, 0)
    pdf.text(left, top + height + 5, points[0][0][:10])
    pdf.text(left + width - 14, top + height + 5, points[-1][0][:10])
    pdf.set_text_color(*_rgb(BEFORE))
    pdf.text(left + width / 2 - 20, top + height + 5, "Before")
    pdf.set_text_color(*_rgb(AFTER))
    pdf.text(left + width / 2 + 5, top + height + 5, "After")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(top + height + 8)
