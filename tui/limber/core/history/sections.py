"""The clinician's report, laid out once as sections of plain text and rows for every
format: Markdown (:mod:`markdown`), HTML (``commands/report_html.py``) and PDF
(``commands/report_pdf.py``) only render them, so a figure or a section added here
appears in all three.

In order: at a glance (sessions stopped for pain first, with stretch and side), the
programme's rules crossed, adherence to the programme week by week, the summary (only
completed sessions count as done), pain before → after paired per session with its
trend (a chart in HTML and PDF, a text sparkline in Markdown), sessions per week against
the weekly goal, the per-session log, the per-exercise, per-side table, the routines
with their pack and version, and the notes. Sessions of a pack no longer installed are
shown by the names recorded with them. Text recorded from packs and runners is cleaned
to one line here; each format escapes it its own way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from limber.core.history.model import SessionRecord
from limber.core.history.reportparts import ReportContext, pain_stops, side_rows
from limber.core.text import clean_line
from limber.core.wording import plural, whole_minutes

DONE = "completed"
"""The one status that counts as a session done."""

CHART_POINTS = 400
"""The pain trend (chart or sparkline) shows at most this many sessions, the latest;
the tables show all."""


@dataclass(frozen=True)
class Section:
    """A heading, sentences, a list of figures, and optionally a table."""

    title: str
    lines: tuple[str, ...] = ()
    """Sentences, each a paragraph."""
    items: tuple[str, ...] = ()
    """Figures, shown as a list after the sentences."""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: str = ""
    """Per column: "r" for a number (right-aligned), "l" (or nothing) for text."""
    strong: bool = False
    """The lines are what a clinician must see first (a pain stop)."""
    trend: bool = False
    """The pain trend (``Report.pain_points``) belongs to this section."""


@dataclass(frozen=True)
class Report:
    title: str
    who: tuple[str, ...]
    sections: tuple[Section, ...]
    pain_points: tuple[tuple[str, int, int], ...]
    """(session's local date and time, pain before, pain after), oldest first."""
    empty: str = ""
    """Said instead of everything else when the period has no session."""


_text = lru_cache(maxsize=4096)(clean_line)
"""Recorded text on one line (cached: a long history repeats its routine names)."""


def _cells(*values: object) -> tuple[str, ...]:
    return tuple(v if isinstance(v, str) else str(v) for v in values)


Timed = list[tuple[SessionRecord, date, str, int]]
"""Each session with, in the runner's own time then, its day, its date and time to the
minute (``2024-05-08 08:00``) and its week (the Monday's ordinal): worked out once, as
a long report would otherwise parse each start several times."""
Paired = list[tuple[SessionRecord, str, int, int, int]]
"""Sessions rated both before and after: (session, when, week, before, after)."""


def _timed(records: list[SessionRecord]) -> Timed:
    timed = []
    for r in records:
        start = r.local_start
        when = start.isoformat(" ", "minutes")[:16]
        timed.append((r, start.date(), when, start.toordinal() - start.weekday()))
    return timed


def _week(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _minutes(records: Iterable[SessionRecord]) -> int:
    return whole_minutes(sum(r.active_seconds for r in records))


def build(
    records: list[SessionRecord], context: ReportContext, since: date | None = None
) -> Report:
    """The report's figures, laid out as sections."""
    who = [f"Patient: {context.patient}"] if context.patient else []
    if context.programme:
        who.append(f"Programme: {context.programme}")
    if context.limber_version:
        who.append(f"Made by Limber {context.limber_version}")
    title = "Limber stretching report"
    if not records:
        period = f" since {since.isoformat()}" if since else ""
        empty = f"No sessions recorded{period}."
        return Report(title, tuple(_text(w) for w in who), (), (), empty=empty)
    timed = _timed(records)
    weeks = _Weeks(timed, since, context)
    paired = [
        (r, when, week, r.pain_before, r.pain_after)
        for r, _, when, week in timed
        if r.pain_before is not None and r.pain_after is not None
    ]
    sections = [
        _glance(records),
        *_crossed(context),
        *_programme(context),
        _summary(records, weeks),
        _pain(paired),
        _weekly(weeks),
        _log(timed),
        _sides(records, context),
        _routines(records),
        _notes(timed),
    ]
    points = tuple((when, b, a) for _, when, _, b, a in paired)
    return Report(title, tuple(_text(w) for w in who), tuple(sections), points)


class _Weeks:
    """Completed sessions by week starting Monday, from the first session (not from
    ``--since``: 0001-01-01 would make a hundred thousand empty weeks) to the last."""

    def __init__(self, timed: Timed, since: date | None, context: ReportContext) -> None:
        first = timed[0][1]
        self.first = max(since, first) if since else first
        self.last = max(day for _, day, _, _ in timed)
        self.goal_sessions = context.goal_sessions
        self.goal_minutes = context.goal_minutes
        self.done: dict[int, list[SessionRecord]] = defaultdict(list)
        for r, _, _, week in timed:
            if r.status == DONE:
                self.done[week].append(r)
        start = self.first.toordinal() - self.first.weekday()
        end = self.last.toordinal() - self.last.weekday()
        self.mondays = range(start, end + 1, 7)
        long = self.goal_minutes * 60
        self.long_enough = {
            week: sum(r.active_seconds >= long for r in done) for week, done in self.done.items()
        }

    def met(self, week: int) -> bool:
        return self.long_enough.get(week, 0) >= self.goal_sessions


def _glance(records: list[SessionRecord]) -> Section:
    stops = pain_stops(records)
    if stops:
        line = f"Stopped for pain: {plural(len(stops), 'session')}."
    else:
        line = "No session was stopped for pain."
    return Section(
        "At a glance",
        (line,),
        header=("When", "Routine", "Stretch and side", "Pain then") if stops else (),
        rows=tuple((w, _text(routine), _text(where), pain) for w, routine, where, pain in stops),
        align="lllr",
        strong=bool(stops),
    )


def _crossed(context: ReportContext) -> list[Section]:
    """The programme author's rules crossed, right after the pain stops."""
    if not context.crossings:
        return []
    lines = tuple(f"Rule crossed on {day}: {_text(text)}" for day, text in context.crossings)
    return [Section("Rules crossed", lines, strong=True)]


def _programme(context: ReportContext) -> list[Section]:
    if not context.adherence:
        return []
    rows = tuple(_cells(a.week, a.done, a.prescribed or "-") for a in context.adherence)
    return [
        Section(
            "Adherence to the programme",
            ("Completed sessions against the sessions prescribed, week by week.",),
            header=("Week", "Done", "Prescribed"),
            rows=rows,
            align="rrr",
        )
    ]


def _summary(records: list[SessionRecord], weeks: _Weeks) -> Section:
    statuses = Counter(r.status for r in records)
    met = sum(1 for week in weeks.mondays if weeks.met(week))
    return Section(
        "Summary",
        items=(
            f"Period: {weeks.first.isoformat()} to {weeks.last.isoformat()} (local dates)",
            f"Sessions: {len(records)} ({statuses[DONE]} completed, "
            f"{statuses['ended-early']} ended early, {statuses['interrupted']} interrupted, "
            f"{statuses['in-progress']} in progress); only completed sessions count as done",
            f"Active minutes: {_minutes(records)}",
            f"Weekly goal: {plural(weeks.goal_sessions, 'session')} of at least "
            f"{plural(weeks.goal_minutes, 'minute')}; met in {met} of "
            f"{plural(len(weeks.mondays), 'week')}",
        ),
    )


def _pain(paired: Paired) -> Section:
    title = "Pain before → after"
    about = (
        "Ratings from 0 (none) to 10 (worst), paired per session: only sessions rated "
        "both before and after count."
    )
    if not paired:
        return Section(title, (about, "No session was rated both before and after."))
    before = sum(b for _, _, _, b, _ in paired) / len(paired)
    after = sum(a for _, _, _, _, a in paired) / len(paired)
    change = round(after - before, 1) + 0.0  # never "-0.0"
    line = (
        f"{plural(len(paired), 'session')} rated both times: {before:.1f} → {after:.1f} "
        f"on average (change {change:+.1f})"
    )
    by_week: dict[int, list[int]] = {}
    for _, _, week, b, a in paired:
        sums = by_week.setdefault(week, [0, 0, 0])
        sums[0] += 1
        sums[1] += b
        sums[2] += a
    rows = tuple(
        (_week(week), str(n), f"{b / n:.1f}", f"{a / n:.1f}")
        for week, (n, b, a) in sorted(by_week.items())
    )
    header = ("Week of", "Paired sessions", "Before", "After")
    return Section(title, (about,), (line,), header, rows, align="lrrr", trend=True)


def _weekly(weeks: _Weeks) -> Section:
    rows = []
    for week in weeks.mondays:
        done = weeks.done.get(week, [])
        met = "met" if weeks.met(week) else "not met"
        long_enough = weeks.long_enough.get(week, 0)
        rows.append(_cells(_week(week), len(done), long_enough, _minutes(done), met))
    about = (
        f"Completed sessions by week starting Monday, against the weekly goal of "
        f"{plural(weeks.goal_sessions, 'session')} of at least "
        f"{plural(weeks.goal_minutes, 'minute')}."
    )
    header = ("Week of", "Sessions", f"≥ {weeks.goal_minutes} min", "Minutes", "Goal")
    return Section("Sessions per week", (about,), header=header, rows=tuple(rows), align="lrrrl")


def _log(timed: Timed) -> Section:
    rows = tuple(
        (
            when,
            _text(r.routine_name),
            r.status + (f" ({_text(r.stop_reason)})" if r.stop_reason else ""),
            f"{r.active_seconds / 60:.1f}",
            "-" if r.pain_before is None else str(r.pain_before),
            "-" if r.pain_after is None else str(r.pain_after),
            _text(r.note) or "-",
        )
        for r, _, when, _ in timed
    )
    header = ("When", "Routine", "Status", "Minutes", "Pain before", "Pain after", "Note")
    return Section("Sessions", header=header, rows=rows, align="lllrrrl")


PER_EXERCISE = "Per exercise and side"
"""The per-exercise table's title: the HTML and PDF reports add each exercise's figure."""


def _sides(records: list[SessionRecord], context: ReportContext) -> Section:
    found = side_rows(records) if context.sides is None else list(context.sides)
    rows = tuple(
        _cells(_text(name), _text(side), f"{done}/{planned}", f"{seconds:.0f}", skipped)
        for name, side, done, planned, seconds, skipped in found
    )
    if not rows:
        return Section(PER_EXERCISE, ("No exercise was recorded.",))
    header = ("Stretch", "Side", "Holds done/planned", "Seconds done", "Skipped")
    return Section(PER_EXERCISE, header=header, rows=rows, align="llrrr")


def _routines(records: list[SessionRecord]) -> Section:
    found: dict[tuple[str, str, str], list[SessionRecord]] = defaultdict(list)
    for r in records:
        found[(r.routine_name, r.pack, r.pack_version)].append(r)
    rows = tuple(
        _cells(
            _text(name),
            _text(pack) or "-",
            _text(version) or "-",
            len(all_),
            sum(r.status == DONE for r in all_),
            _minutes(all_),
        )
        for (name, pack, version), all_ in sorted(found.items())
    )
    header = ("Routine", "Pack", "Version", "Sessions", "Completed", "Minutes")
    return Section("Routines", header=header, rows=rows, align="lllrrr")


def _notes(timed: Timed) -> Section:
    notes = tuple(
        f"{day.isoformat()} ({_text(r.routine_name)}): {note}"
        for r, day, _, _ in timed
        if r.note and (note := _text(r.note))
    )
    return Section("Notes", () if notes else ("No notes.",), notes)
