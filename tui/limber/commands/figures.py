"""A stretch's figure in plain text, for ``limber show`` and ``limber run --plain``.

The drawing is braille (every terminal Limber supports shows it, and it survives a pipe,
``limber serve``'s browser terminal and SSH); where a drawing cannot be seen (a pipe of
``run --plain``, read by a screen reader or logged), the alt text stands in for it.
"""

from __future__ import annotations

from limber.core.figure import Figure
from limber.core.figure_draw import raster
from limber.core.text import clean_line

COLS, ROWS = 40, 12
"""The plain drawing's size in cells: 80 × 48 dots, half an 80-column terminal."""


def drawing(figure: Figure, side: str = "", *, cols: int = COLS, rows: int = ROWS) -> list[str]:
    """The figure for ``side`` as lines of braille, without blank lines around it."""
    mirror = figure.mirror_for(side)
    lines = [line.rstrip() for line in raster(figure, cols=cols, rows=rows, mirror=mirror).lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def alt_line(figure: Figure, side: str = "") -> str:
    """``Figure: <alt text>`` for ``side``, on one line."""
    return f"Figure: {clean_line(figure.alt_for(side))}"


def figure_lines(figure: Figure, side: str = "", *, draw: bool = True) -> list[str]:
    """The drawing and its alt text when ``draw``; the alt text alone when not."""
    return [*drawing(figure, side), alt_line(figure, side)] if draw else [alt_line(figure, side)]
