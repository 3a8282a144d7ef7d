"""Each exercise's figure in the HTML and PDF reports, drawn as vectors.

The report's per-exercise table names a stretch as the history recorded it (its name),
so the figure is found by that name among the installed stretches; a name two stretches
share with different figures, or one no installed stretch has, gets no figure. The
drawing is :func:`limber.core.figure_draw.shapes`, the same as every other surface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from limber.core.figure import Figure
from limber.core.figure_draw import shapes
from limber.core.figure_svg import COLOURS, figure_svg
from limber.core.model import Stretch
from limber.core.text import clean_line

if TYPE_CHECKING:
    from fpdf import FPDF

Figures = Mapping[str, Figure]
"""Stretch name (as the report shows it) → its figure."""

PDF_WIDTH = 42.0
"""A figure's width in the PDF, in millimetres: four to a row of A4."""
PDF_WIDTHS = {"body": 0.7, "working": 0.9, "prop": 0.35, "": 0.7}
"""Line width by role, in millimetres."""


def figures_by_name(stretches: Iterable[Stretch]) -> dict[str, Figure]:
    """Each stretch name with the one figure it can mean."""
    found: dict[str, Figure | None] = {}
    for stretch in stretches:
        name = clean_line(stretch.name)
        if stretch.figure is None:
            continue
        if name in found and found[name] != stretch.figure:
            found[name] = None  # two stretches of that name draw differently: say nothing
        else:
            found[name] = stretch.figure
    return {name: figure for name, figure in found.items() if figure is not None}


def side_of(cell: str) -> str:
    """The table's side cell (``left``, ``right`` or ``-``) as a figure's side."""
    return cell if cell in ("left", "right") else ""


def html_cell(figures: Figures, name: str, side: str) -> str:
    """An inline SVG for the table cell, or nothing."""
    figure = figures.get(name)
    if figure is None:
        return ""
    return figure_svg(figure, side=side_of(side), standalone=False, width=120, tallest=72)


def pdf_figures(pdf: FPDF, rows: Iterable[tuple[str, ...]], figures: Figures) -> None:
    """Each row's figure (stretch, side) in a grid under the table, each with its
    caption, drawn with lines and circles (vector paths, not an image)."""
    wanted = [(row[0], side_of(row[1])) for row in rows if row[0] in figures]
    if not wanted:
        return
    per_row = max(1, int(pdf.epw // (PDF_WIDTH + 4)))
    pdf.ln(3)
    for start in range(0, len(wanted), per_row):
        batch = wanted[start : start + per_row]
        heights = [_height(figures[name]) for name, _ in batch]
        needed = max(heights) + 14
        if pdf.get_y() + needed > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        for column, (name, side) in enumerate(batch):
            left = pdf.l_margin + column * (PDF_WIDTH + 4)
            _draw(pdf, figures[name], side, left, top)
            pdf.set_xy(left, top + heights[column] + 1)
            label = f"{name}, {side} side" if side else name
            pdf.multi_cell(PDF_WIDTH, 3.5, label, align="L")
        pdf.set_xy(pdf.l_margin, top + needed)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)


def _height(figure: Figure) -> float:
    left, bottom, right, top = shapes(figure).box
    return _width(figure) * (top - bottom) / (right - left)


def _width(figure: Figure) -> float:
    """:data:`PDF_WIDTH`, or narrower for a tall figure: no taller than 30 mm."""
    left, bottom, right, top = shapes(figure).box
    return min(PDF_WIDTH, 30 * (right - left) / (top - bottom))


def _draw(pdf: FPDF, figure: Figure, side: str, left: float, top: float) -> None:
    drawn = shapes(figure, 0, figure.mirror_for(side))
    x0, _, x1, y1 = drawn.box
    scale = _width(figure) / (x1 - x0)

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return left + (point[0] - x0) * scale, top + (y1 - point[1]) * scale

    for start, end, role in drawn.lines:
        pdf.set_draw_color(*_rgb(COLOURS[role]))
        pdf.set_line_width(PDF_WIDTHS[role])
        pdf.line(*at(start), *at(end))
    (cx, cy), radius, role = drawn.head
    pdf.set_fill_color(*_rgb(COLOURS[role]))
    x, y = at((cx, cy))
    pdf.circle(x=x, y=y, radius=radius * scale, style="F")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
