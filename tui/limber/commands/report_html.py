"""``limber report --format html``: one self-contained file a clinician opens in any
browser. The chart is inline SVG (pygal), the style is inline CSS; nothing is fetched.
Every recorded text is escaped; nothing from a pack or a note becomes markup. Each text
is set left to right and isolated (``dir="ltr"``, ``unicode-bidi: isolate``), so no
right-to-left letters in a note can move the figures beside it."""

from __future__ import annotations

from html import escape

from limber import DISTRIBUTION, __version__
from limber.commands.report_chart import pain_chart_svg
from limber.commands.report_figures import Figures, html_cell
from limber.core.history.reportparts import Report, Section
from limber.core.history.sections import CHART_POINTS
from limber.core.history.sessiontables import PER_EXERCISE

MAX_POINTS = CHART_POINTS
"""The chart shows at most this many sessions (the latest); the tables show all."""

CSS = """
body { font-family: sans-serif; color: #111; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
th { background: #f2f2f2; }
td.num { text-align: right; }
td, li, p { unicode-bidi: isolate; }
.strong { color: #800; font-weight: bold; }
.chart { max-width: 800px; }
td.figure { padding: 0.2rem; } td.figure svg { display: block; }
"""


def to_html(report: Report, figures: Figures | None = None) -> str:
    """The whole report as one HTML document; ``figures`` (by stretch name) are drawn
    in the per-exercise table."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta name="generator" content="Limber {__version__} ({DISTRIBUTION})">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
    ]
    if report.who:
        out.append(
            "<ul>" + "".join(f'<li dir="ltr">{escape(w)}</li>' for w in report.who) + "</ul>"
        )
    if report.empty:
        out.append(f"<p>{escape(report.empty)}</p>")
    for section in report.sections:
        out += _section(section, figures or {})
        if section.trend and report.pain_points:
            out.append(_chart(report))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _chart(report: Report) -> str:
    points = report.pain_points[-MAX_POINTS:]
    note = ""
    if len(report.pain_points) > MAX_POINTS:
        note = f"<p>The chart shows the latest {MAX_POINTS} rated sessions; the table, all.</p>"
    return f'{note}<figure class="chart" id="pain-chart">{pain_chart_svg(points)}</figure>'


def _section(section: Section, figures: Figures) -> list[str]:
    out = [f"<h2>{escape(section.title)}</h2>"]
    css = ' class="strong"' if section.strong else ""
    out += [f'<p dir="ltr"{css}>{escape(line)}</p>' for line in section.lines]
    if section.items:
        out.append(
            "<ul>" + "".join(f'<li dir="ltr">{escape(i)}</li>' for i in section.items) + "</ul>"
        )
    if section.header:
        drawn = section.title == PER_EXERCISE and any(r[0] in figures for r in section.rows)
        out.append("<table><thead><tr>" + ("<th>Figure</th>" if drawn else ""))
        out.append("".join(f"<th>{escape(h)}</th>" for h in section.header))
        out.append("</tr></thead><tbody>")
        align = section.align.ljust(len(section.header), "l")
        tds = ['<td class="num">' if a == "r" else '<td dir="ltr">' for a in align]
        for row in section.rows:
            cells = (f"{td}{escape(cell)}</td>" for td, cell in zip(tds, row, strict=True))
            figure = f'<td class="figure">{html_cell(figures, row[0], row[1])}</td>'
            out.append("<tr>" + (figure if drawn else "") + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    return out
