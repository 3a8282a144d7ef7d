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
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

from limber import DISTRIBUTION, __version__
from limber.commands.report_chart import AFTER, BEFORE, STOP
from limber.commands.report_figures import Figures, pdf_figures
from limber.core.history.reportparts import Report, Section
from limber.core.history.sessiontables import PER_EXERCISE

if TYPE_CHECKING:
    from fpdf import FPDF

MAX_POINTS = 400
FONT = "FiraSans"
FONT_PACKAGE = "fontpkg_fira_sans"
FONT_FILES = {"": "FiraSans-Regular.ttf", "B": "FiraSans-Bold.ttf"}


def _add_font(pdf: FPDF) -> None:
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
    from fpdf import FPDF  # the report extra: checked before a PDF is asked for

    pdf = FPDF(format="A4")
    _add_font(pdf)
    pdf.set_title(report.title)
    pdf.set_creator(f"Limber {__version__} ({DISTRIBUTION})")
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


ROW = 4.5
"""A table row's height (mm), one line of 8 pt text."""
KEEP_ROWS = 3
"""A table's heading and header never end a page: at least this many rows follow them."""


def _section(pdf: FPDF, section: Section) -> None:
    pdf.ln(4)
    pdf.set_font(FONT, size=10)
    text_rows = sum(_lines(pdf, line) for line in (*section.lines, *section.items))
    kept = ROW * (1 + min(len(section.rows), KEEP_ROWS)) + 4 if section.header else 0
    if pdf.get_y() + 8 + 5 * text_rows + kept > pdf.page_break_trigger:
        pdf.add_page()  # the heading goes with what it heads
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
    cut = False
    align = tuple(
        "RIGHT" if a == "r" else "LEFT" for a in section.align.ljust(len(section.header), "l")
    )
    with pdf.table(first_row_as_headings=True, line_height=ROW, text_align=align) as table:
        for row in (section.header, *section.rows):
            cells = table.row()
            for cell in row:
                fitted = fit_cell(cell)
                cut = cut or fitted != cell
                cells.cell(fitted)
    if cut:
        pdf.set_font(FONT, size=8)
        pdf.multi_cell(0, ROW, CUT_NOTE, align="L", new_x="LMARGIN", new_y="NEXT")


MAX_CELL = 300
"""The most characters of a table cell the PDF shows. A table row must fit on one page
(fpdf2 cannot split one); 300 characters of the widest letters in the narrowest column
take about half an A4 page. Notes may be 2,000 characters long."""
CUT = " [cut]"
CUT_NOTE = (
    "[cut] marks a text cut to fit a table cell. Every text is whole in the JSON report "
    "(limber report --format json), notes also in the CSV report and under Notes below."
)


def fit_cell(text: str) -> str:
    """``text``, or its first :data:`MAX_CELL` characters (cut at a space where there is
    one near) marked with :data:`CUT`."""
    if len(text) <= MAX_CELL:
        return text
    head = text[: MAX_CELL - len(CUT)]
    space = head.rfind(" ")
    if space > MAX_CELL // 2:
        head = head[:space]
    return head.rstrip() + "…" + CUT


def _lines(pdf: FPDF, text: str) -> int:
    """About how many lines ``text`` takes across the page, in the font set now."""
    return 1 + int(pdf.get_string_width(text) // pdf.epw)


Point = tuple[str, int | None, int | None, int | None]
LABELS = 6
"""The chart's x-axis shows about this many dates, evenly spaced, first and last among them."""


def _chart(pdf: FPDF, points: tuple[Point, ...]) -> None:
    """Pain before (red) and after (blue) per session, and the pain at a stop (black
    squares), on a 0–10 grid, with dates along the x-axis."""
    left, width, height = pdf.l_margin + 10, pdf.epw - 12, 60
    if pdf.get_y() + height + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, size=8)
    pdf.cell(0, 5, "Pain before and after, per session (0 none, 10 worst)", align="C")
    top = pdf.get_y() + 8
    pdf.set_font(FONT, size=7)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.2)
    for level in range(0, 11, 2):
        y = top + height - level * height / 10
        pdf.line(left, y, left + width, y)
        pdf.text(left - 5, y + 1, str(level))
    step = width / max(len(points) - 1, 1)

    def x_of(i: int) -> float:
        return left + width / 2 if len(points) == 1 else left + i * step

    for colour, column in ((BEFORE, 1), (AFTER, 2)):
        pdf.set_draw_color(*_rgb(colour))
        pdf.set_fill_color(*_rgb(colour))
        pdf.set_line_width(0.6)
        values = [p[1] if column == 1 else p[2] for p in points]
        xy = [
            None if v is None else (x_of(i), top + height - v * height / 10)
            for i, v in enumerate(values)
        ]
        for one, two in itertools.pairwise(xy):
            if one is not None and two is not None:  # a session not rated: a gap
                pdf.line(*one, *two)
        for x, y in filter(None, xy):
            pdf.circle(x=x, y=y, radius=0.8, style="F")
    pdf.set_fill_color(*_rgb(STOP))
    stops = [(x_of(i), p[3]) for i, p in enumerate(points) if p[3] is not None]
    for x, v in stops:
        pdf.rect(x - 1.1, top + height - v * height / 10 - 1.1, 2.2, 2.2, style="F")
    pdf.set_fill_color(255, 255, 255)  # the tables after the chart draw with these
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_text_color(0, 0, 0)
    _x_labels(pdf, points, x_of, top + height + 4)
    legend = top + height + 9
    for colour, label, at in ((BEFORE, "Before", -30), (AFTER, "After", -5)):
        pdf.set_text_color(*_rgb(colour))
        pdf.text(left + width / 2 + at, legend, label)
    if stops:
        pdf.set_fill_color(*_rgb(STOP))
        pdf.rect(left + width / 2 + 15, legend - 2.2, 2.2, 2.2, style="F")
        pdf.set_fill_color(255, 255, 255)
        pdf.set_text_color(*_rgb(STOP))
        pdf.text(left + width / 2 + 19, legend, "At a stop (it hurt)")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(legend + 3)


def _x_labels(pdf: FPDF, points: tuple[Point, ...], x_of: Callable[[int], float], y: float) -> None:
    """Dates under the x-axis: the first, the last and some between, never overlapping."""
    count = len(points)
    every = max(1, round((count - 1) / (LABELS - 1))) if count > 1 else 1
    shown = sorted({*range(0, count, every), count - 1})
    wide = pdf.get_string_width("2000-00-00") + 2
    last_end = -1e9
    for i in shown:
        label = points[i][0][:10]
        x = min(max(x_of(i) - wide / 2, pdf.l_margin), pdf.l_margin + pdf.epw - wide)
        if x < last_end and i != count - 1:
            continue
        pdf.text(x, y, label)
        last_end = x + wide
