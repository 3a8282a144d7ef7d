"""A figure as SVG: ``limber show ID --svg`` and the HTML report draw it this way.

The same lines and head as the terminal's braille (:func:`limber.core.figure_draw.shapes`),
as vector strokes; the working limb in the accent colour, props in grey. The alt text is
the SVG's ``<title>`` (and its ``aria-label``), escaped: pack text is data.
"""

from __future__ import annotations

from html import escape

from limber.core.figure import Figure
from limber.core.figure_draw import shapes

COLOURS = {"body": "#2f3437", "working": "#c2410c", "prop": "#9aa0a6", "": "#2f3437"}
"""Stroke colour by role: the working limb in Limber's accent orange."""
WIDTHS = {"body": 2.2, "working": 2.8, "prop": 1.2, "": 2.2}
"""Stroke width by role, in canvas units (the canvas is 100 units across)."""


def figure_svg(
    figure: Figure,
    *,
    side: str = "",
    frame: int = 0,
    standalone: bool = True,
    width: int = 240,
    tallest: int | None = None,
) -> str:
    """The figure for ``side`` as an ``<svg>`` element (with the XML declaration if
    ``standalone``), ``width`` pixels wide and as tall as its drawing needs, or narrower
    to be no taller than ``tallest``."""
    drawn = shapes(figure, frame, figure.mirror_for(side))
    left, bottom, right, top = drawn.box
    span_x, span_y = right - left, top - bottom
    if tallest is not None and width * span_y / span_x > tallest:
        width = max(1, round(tallest * span_x / span_y))
    height = max(1, round(width * span_y / span_x))
    alt = escape(figure.alt_for(side))

    def xy(point: tuple[float, float]) -> str:
        return f"{point[0] - left:.2f},{top - point[1]:.2f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {span_x:.2f} {span_y:.2f}" role="img" aria-label="{alt}">',
        f"<title>{alt}</title>",
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">',
    ]
    for start, end, role in drawn.lines:
        (x1, y1), (x2, y2) = xy(start).split(","), xy(end).split(",")
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke="{COLOURS[role]}" stroke-width="{WIDTHS[role]}" class="{role}"/>'
        )
    (cx, cy), radius, role = drawn.head
    centre_x, centre_y = xy((cx, cy)).split(",")
    parts.append(
        f'<circle cx="{centre_x}" cy="{centre_y}" r="{radius:.2f}" fill="{COLOURS[role]}" '
        f'class="{role} head"/>'
    )
    parts += ["</g>", "</svg>"]
    svg = "\n".join(parts)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n' if standalone else svg
