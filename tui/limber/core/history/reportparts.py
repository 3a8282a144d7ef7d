"""The parts of the clinician's report that every format shares: who and what it is
about, the at-a-glance top (pain stops first, rules crossed, adherence to the
programme), pain paired per session, the per-session log and the per-side table.

Each part is computed once here as plain rows; :mod:`markdown` writes them as Markdown
tables. Text recorded from packs and runners is made inert where it is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from limber.core.history.model import SessionRecord
from limber.core.phases import PHASES
from limber.core.text import clean_line
from limber.core.wording import plural

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_WORK = frozenset(info.sql_name for info in PHASES.values() if info.work)
_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Adherence:
    """One programme week: sessions completed and prescribed."""

    week: int
    done: int
    prescribed: int


@dataclass(frozen=True)
class ReportContext:
    """What the report says besides the sessions: who, which Limber, which programme."""

    patient: str = ""
    """The optional patient label from ``config.toml`` (``patient_label``)."""
    limber_version: str = ""
    programme: str = ""
    """The programme's title and author, when the report is about one."""
    adherence: tuple[Adherence, ...] = ()
    crossings: tuple[tuple[str, str], ...] = ()
    """(local date, sentence) of each of the programme author's rules crossed."""
    rules: tuple[str, ...] = field(default_factory=tuple)
    sides: tuple[tuple[str, str, int, int, float, int], ...] | None = None
    """The per-side table made in SQL; None: from the sessions' phases."""


@lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Untrusted text made inert in Markdown: one line, no markup, no HTML. (Cached: a
    long report writes the same routine names tens of thousands of times.)"""
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text)).replace("<", "&lt;")


def table(header: tuple[str, ...], align: str, rows: Iterable[Iterable[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def who(context: ReportContext) -> list[str]:
    lines = []
    if context.patient:
        lines.append(f"- Patient: {md(context.patient)}")
    if context.programme:
        lines.append(f"- Programme: {md(context.programme)}")
    if context.limber_version:
        lines.append(f"- Made by Limber {md(context.limber_version)}")
    return [*lines, ""] if lines else []


def sparkline(values: list[int]) -> str:
    """0–10 ratings as block characters, one per session."""
    return "".join(_BARS[min(v, 10) * (len(_BARS) - 1) // 10] for v in values)


def paired_pain(records: Iterable[SessionRecord]) -> list[tuple[SessionRecord, int, int]]:
    """Sessions rated both before and after: ``(session, before, after)``."""
    return [
        (r, r.pain_before, r.pain_after)
        for r in records
        if r.pain_before is not None and r.pain_after is not None
    ]


def _when(r: SessionRecord) -> str:
    return r.local_start.strftime("%Y-%m-%d %H:%M")


def pain_stops(records: Iterable[SessionRecord]) -> list[tuple[str, str, str, str]]:
    """Sessions stopped with "this hurts": (when, routine, stretch and side, pain then)."""
    rows = []
    for r in records:
        if r.stop_reason != "this-hurts":
            continue
        where = r.stop_stretch_name or r.stop_stretch_id or "not recorded"
        if r.stop_side:
            where = f"{where} ({r.stop_side} side)"
        pain = "-" if r.pain_at_stop is None else str(r.pain_at_stop)
        rows.append((_when(r), r.routine_name, where, pain))
    return rows


def glance(records: list[SessionRecord], context: ReportContext) -> list[str]:
    """The top of the report: pain stops first, then rules crossed, then adherence."""
    out = ["## At a glance", ""]
    stops = pain_stops(records)
    if stops:
        out += [f"**Stopped for pain: {plural(len(stops), 'session')}.**", ""]
        rows = [(when, md(routine), md(where), pain) for when, routine, where, pain in stops]
        out += [*table(("When", "Routine", "Stretch and side", "Pain then"), "lllr", rows), ""]
    else:
        out += ["No session was stopped for pain.", ""]
    for day, sentence in context.crossings:
        out.append(f"- Rule crossed on {day}: {md(sentence)}")
    if context.crossings:
        out.append("")
    if context.adherence:
        weeks = [(a.week, a.done, a.prescribed or "-") for a in context.adherence]
        out += ["Adherence to the programme (completed / prescribed sessions):", ""]
        out += [*table(("Week", "Done", "Prescribed"), "rrr", weeks), ""]
    return out


def session_log(records: list[SessionRecord]) -> list[str]:
    """Every session, in the runner's own time then."""
    rows = [
        (
            _when(r),
            md(r.routine_name),
            r.status + (f" ({md(r.stop_reason)})" if r.stop_reason else ""),
            f"{r.active_seconds / 60:.1f}",
            "-" if r.pain_before is None else r.pain_before,
            "-" if r.pain_after is None else r.pain_after,
            md(r.note) or "-",
        )
        for r in records
    ]
    header = ("When", "Routine", "Status", "Minutes", "Pain before", "Pain after", "Note")
    return ["", "## Sessions", "", *table(header, "lllrrrl", rows)]


def side_rows(records: Iterable[SessionRecord]) -> list[tuple[str, str, int, int, float, int]]:
    """Per stretch and side: (stretch, side, holds done, holds planned, seconds done,
    skipped)."""
    found: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    for r in records:
        for p in r.phases:
            if p.kind not in _WORK:
                continue
            row = found[(p.stretch_name or p.stretch_id, p.side or "-")]
            row[1] += 1
            row[0] += 0 if p.skipped else 1
            row[2] += p.done_seconds
            row[3] += 1 if p.skipped else 0
    return [
        (name, side, int(v[0]), int(v[1]), v[2], int(v[3]))
        for (name, side), v in sorted(found.items())
    ]


def per_side(records: list[SessionRecord], context: ReportContext) -> list[str]:
    found = side_rows(records) if context.sides is None else list(context.sides)
    rows = [
        (md(name), side, f"{done}/{planned}", f"{seconds:.0f}", skipped)
        for name, side, done, planned, seconds, skipped in found
    ]
    out = ["", "## Per exercise and side", ""]
    if not rows:
        return [*out, "No exercise was recorded."]
    header = ("Stretch", "Side", "Holds done/planned", "Seconds done", "Skipped")
    return [*out, *table(header, "llrrr", rows)]
