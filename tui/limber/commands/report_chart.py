"""The pain chart of the HTML and PDF reports: pain before and after, session by
session, made with pygal (the ``report`` extra). No script, no stylesheet, no font is
fetched: pygal's tooltip script is turned off, and its config script and comments
(links) are dropped."""

from __future__ import annotations

import re
from importlib.util import find_spec
from typing import Any

from limber import DISTRIBUTION
from limber.core.errors import LimberError

BEFORE = "#c0392b"
"""Pain before a session: red."""
AFTER = "#2471a3"
"""Pain after a session: blue."""
STOP = "#111111"
"""Pain when a session was stopped because it hurt: black."""
_INERT = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.DOTALL)
"""pygal's comments (links to its site) and its inline config script: not needed to draw."""


def need_report_extra(fmt: str) -> Any:
    """Import pygal and fpdf2 (and find the PDF's font), or say in one sentence how to
    get them."""
    try:
        # The report extra: this is where a missing one is found and said.
        import fpdf
        import pygal

        if find_spec("fontpkg_fira_sans") is None:
            raise ImportError("fontpkg_fira_sans")
    except ImportError:
        raise LimberError(
            f"limber report --format {fmt} needs the report extra: "
            f"pip install '{DISTRIBUTION}[report]'"
        ) from None
    return pygal, fpdf


def pain_chart_svg(points: tuple[tuple[str, int | None, int | None, int | None], ...]) -> str:
    """An inline SVG of pain before and after per session, and the pain at a stop
    (``(when, before, after, at the stop)``; None where not rated)."""
    # The report extra: only the HTML and PDF reports draw the chart.
    import pygal
    from pygal.style import Style

    style = Style(
        colors=(BEFORE, AFTER, STOP),
        background="white",
        plot_background="white",
        font_family="sans-serif",
        foreground="#333",
        foreground_strong="#111",
        foreground_subtle="#888",
        stroke_width="3",
        stroke_opacity="1",
        opacity="1",
    )
    chart = pygal.Line(
        style=style,
        js=[],
        width=800,
        height=320,
        range=(0, 10),
        explicit_size=True,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        dots_size=4,
        show_minor_x_labels=False,
        x_labels_major_count=8,
        truncate_label=-1,
        allow_interruptions=True,  # a session not rated is a gap, not a line through it
        y_labels=list(range(0, 11, 2)),
        title="Pain before and after, per session (0 none, 10 worst)",
    )
    chart.x_labels = [p[0][:10] for p in points]
    chart.add("Before", [b for _, b, _, _ in points])
    chart.add("After", [a for _, _, a, _ in points])
    if any(s is not None for _, _, _, s in points):
        chart.add("At a stop (it hurt)", [s for _, _, _, s in points], stroke=False, dots_size=6)
    svg: str = chart.render(is_unicode=True)
    return _INERT.sub("", svg)
