"""The Markdown report of ``limber report --format md`` and ``limber history export
--format md``: the sections of :mod:`sections` (the one layout every format renders)
written as Markdown, with the pain trend as a text sparkline.

Every text is made inert where it is written here: one line, no markup, no HTML. A
heading always follows a blank line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from limber.core.history.reportparts import Report, Section
from limber.core.history.sections import CHART_POINTS
from limber.core.text import clean_line
from limber.core.wording import plural

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_PLAIN = re.compile(r"[0-9A-Za-z.:/()+,-]+(?: [0-9A-Za-z.:/()+,-]+)*")
"""Text that cleaning and escaping leave as it is (dates, times, figures, words)."""
_BARS = "▁▂▃▄▅▆▇█"


def render(report: Report) -> str:
    """``report`` as Markdown: blocks separated by one blank line."""
    blocks = [f"# {md(report.title)}"]
    if report.who:
        blocks.append("\n".join(f"- {md(line)}" for line in report.who))
    if report.empty:
        blocks.append(md(report.empty))
    for section in report.sections:
        blocks += _section(section, report)
    return "\n\n".join(blocks) + "\n"


def _section(section: Section, report: Report) -> list[str]:
    blocks = [f"## {md(section.title)}"]
    blocks += [f"**{md(line)}**" if section.strong else md(line) for line in section.lines]
    items = [md(item) for item in section.items]
    if section.trend and report.pain_points:
        items.append(_trend(report.pain_points))
    if items:
        blocks.append("\n".join(f"- {item}" for item in items))
    if section.header:
        blocks.append("\n".join(table(section.header, section.align, section.rows)))
    return blocks


def _trend(points: tuple[tuple[str, int | None, int | None, int | None], ...]) -> str:
    rated = [after for _, _, after, _ in points if after is not None]
    shown = rated[-CHART_POINTS:]
    which = "session by session"
    if len(rated) > len(shown):
        which = f"the latest {plural(len(shown), 'session')}"
    return f"Pain after, {which}: `{sparkline(shown)}`"


def sparkline(values: list[int]) -> str:
    """0–10 ratings as block characters, one per session."""
    return "".join(_BARS[min(v, 10) * (len(_BARS) - 1) // 10] for v in values)


@lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Untrusted text made inert in Markdown: one line, no markup, no HTML. (Cached: a
    long report writes the same routine names tens of thousands of times.)"""
    if _PLAIN.fullmatch(text):
        return text
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text)).replace("<", "&lt;")


def table(header: Iterable[str], align: str, rows: Iterable[Iterable[str]]) -> list[str]:
    """A Markdown table, every cell made inert."""
    names = [md(h) for h in header]
    lines = ["| " + " | ".join(names) + " |"]
    rules = ("---:" if align[i : i + 1] == "r" else "---" for i in range(len(names)))
    lines.append("|" + "|".join(rules) + "|")
    lines += ["| " + " | ".join(map(md, row)) + " |" for row in rows]
    return lines
