"""The clinician's report as sections of plain text and rows, for the formats that lay
out their own page (HTML and PDF); the Markdown report writes the same parts itself.

The same order as the Markdown: pain stops first, rules crossed, adherence to the
programme, the summary (only completed sessions count as done), pain before → after
paired per session (with the points the chart draws), the per-session log, the
per-exercise, per-side table and the routines with their pack and version. Text recorded
from packs and runners is cleaned to one line here; each format escapes it its own way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from limber.core.history.model import SessionRecord
from limber.core.history.reportparts import (
    ReportContext,
    pain_stops,
    paired_pain,
    side_rows,
)
from limber.core.text import clean_line
from limber.core.wording import plural, whole_minutes

DONE = "completed"


@dataclass(frozen=True)
class Section:
    """A heading, a few lines, and optionally a table."""

    title: str
    lines: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    strong: bool = False
    """The lines are what a clinician must see first (a pain stop)."""


@dataclass(frozen=True)
class Report:
    title: str
    who: tuple[str, ...]
    sections: tuple[Section, ...]
    pain_points: tuple[tuple[str, int, int], ...]
    """(session's local date and time, pain before, pain after), oldest first."""
    empty: str = ""
    """Said instead of everything else when the period has no session."""


def _cells(*values: object) -> tuple[str, ...]:
    return tuple(clean_line(str(v)) for v in values)


def _when(r: SessionRecord) -> str:
    return r.local_start.strftime("%Y-%m-%d %H:%M")


def build(
    records: list[SessionRecord], context: ReportContext, since: date | None = None
) -> Report:
    """The report's figures, laid out as sections."""
    who = [f"Patient: {context.patient}"] if context.patient else []
    if context.programme:
        who.append(f"Programme: {context.programme}")
    if context.limber_version:
        who.append(f"Made by Limber {context.limber_version}")
    who = [clean_line(line) for line in who]
    title = "Limber stretching report"
    if not records:
        period = f" since {since.isoformat()}" if since else ""
        return Report(title, tuple(who), (), (), empty=f"No sessions recorded{period}.")
    paired = paired_pain(records)
    sections = [
        _glance(records, context),
        *_programme(context),
        _summary(records, since),
        _pain(paired),
        _log(records),
        _sides(records, context),
        _routines(records),
    ]
    points = tuple((_when(r), b, a) for r, b, a in paired)
    return Report(title, tuple(who), tuple(sections), points)


def _glance(records: list[SessionRecord], context: ReportContext) -> Section:
    stops = pain_stops(records)
    lines = [f"Stopped for pain: {plural(len(stops), 'session')}."] if stops else []
    if not stops:
        lines.append("No session was stopped for pain.")
    lines += [f"Rule crossed on {day}: {clean_line(text)}" for day, text in context.crossings]
    header = ("When", "Routine", "Stretch and side", "Pain then") if stops else ()
    return Section(
        "At a glance",
        tuple(lines),
        header,
        tuple(_cells(*row) for row in stops),
        strong=bool(stops),
    )


def _programme(context: ReportContext) -> list[Section]:
    if not context.adherence:
        return []
    rows = tuple(_cells(a.week, a.done, a.prescribed or "-") for a in context.adherence)
    return [
        Section(
            "Adherence to the programme",
            ("Completed sessions against the sessions prescribed, week by week.",),
            ("Week", "Done", "Prescribed"),
            rows,
        )
    ]


def _summary(records: list[SessionRecord], since: date | None) -> Section:
    statuses = Counter(r.status for r in records)
    first = since or records[0].local_day
    last = max(r.local_day for r in records)
    minutes = whole_minutes(sum(r.active_seconds for r in records))
    return Section(
        "Summary",
        (
            f"Period: {first.isoformat()} to {last.isoformat()} (local dates)",
            f"Sessions: {len(records)} ({statuses['completed']} completed (done), "
            f"{statuses['ended-early']} ended early, {statuses['interrupted']} interrupted, "
            f"{statuses['in-progress']} in progress)",
            f"Active minutes: {minutes}",
        ),
    )


def _pain(paired: list[tuple[SessionRecord, int, int]]) -> Section:
    title = "Pain before → after"
    if not paired:
        return Section(title, ("No session was rated both before and after.",))
    before = sum(b for _, b, _ in paired) / len(paired)
    after = sum(a for _, _, a in paired) / len(paired)
    line = (
        f"{plural(len(paired), 'session')} rated both times: {before:.1f} → {after:.1f} "
        f"on average (change {after - before:+.1f}). Ratings from 0 (none) to 10 (worst), "
        "paired per session."
    )
    rows = tuple(_cells(_when(r), r.routine_name, b, a) for r, b, a in paired)
    return Section(title, (line,), ("When", "Routine", "Before", "After"), rows)


def _log(records: list[SessionRecord]) -> Section:
    rows = tuple(
        _cells(
            _when(r),
            r.routine_name,
            r.status + (f" ({r.stop_reason})" if r.stop_reason else ""),
            f"{r.active_seconds / 60:.1f}",
            "-" if r.pain_before is None else r.pain_before,
            "-" if r.pain_after is None else r.pain_after,
            r.note or "-",
        )
        for r in records
    )
    header = ("When", "Routine", "Status", "Minutes", "Pain before", "Pain after", "Note")
    return Section("Sessions", (), header, rows)


def _sides(records: list[SessionRecord], context: ReportContext) -> Section:
    found = side_rows(records) if context.sides is None else list(context.sides)
    rows = tuple(
        _cells(name, side, f"{done}/{planned}", f"{seconds:.0f}", skipped)
        for name, side, done, planned, seconds, skipped in found
    )
    if not rows:
        return Section("Per exercise and side", ("No exercise was recorded.",))
    header = ("Stretch", "Side", "Holds done/planned", "Seconds done", "Skipped")
    return Section("Per exercise and side", (), header, rows)


def _routines(records: list[SessionRecord]) -> Section:
    found: dict[tuple[str, str, str], list[SessionRecord]] = {}
    for r in records:
        found.setdefault((r.routine_name, r.pack, r.pack_version), []).append(r)
    rows = tuple(
        _cells(name, pack or "-", version or "-", len(all_), sum(r.status == DONE for r in all_))
        for (name, pack, version), all_ in sorted(found.items())
    )
    header = ("Routine", "Pack", "Version", "Sessions", "Completed")
    return Section("Routines", (), header, rows)
