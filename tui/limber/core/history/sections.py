"""The clinician's report, laid out once as sections of plain text and rows for every
format: Markdown (:mod:`markdown`), HTML (``commands/report_html.py``) and PDF
(``commands/report_pdf.py``) only render them, so a figure or a section added here
appears in all three.

In order: at a glance (sessions stopped for pain, with stretch and side; every rule of a
programme's author crossed, in order; notes naming a warning sign), adherence to each
programme week by week, the summary (a session counts as done when it completed with
80 % of its planned time done), pain before → after paired per session with its trend
(a chart in HTML and PDF, with the pain at a stop; a text sparkline in Markdown),
sessions per week against the weekly goal (a programme's prescription in its weeks),
the per-session log, the per-exercise, per-side table, the routines
with their pack and version, and the notes. Sessions of a pack no longer installed are
shown by the names recorded with them. Text recorded from packs and runners is cleaned
to one line here; each format escapes it its own way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from limber._version import DISTRIBUTION
from limber.core.history.model import DONE_RULE, SessionRecord, mostly_done
from limber.core.history.reportparts import (
    WARNING_POINTER,
    Report,
    ReportContext,
    Section,
    pain_stops,
    side_rows,
    warning_notes,
)
from limber.core.text import clean_line
from limber.core.wording import plural, whole_minutes

DONE = "completed"
"""The one status that counts as a session done (with :data:`DONE_RULE`)."""


def _done(r: SessionRecord) -> bool:
    """Completed, with at least 80 % of its planned time done (not skipped through)."""
    return r.status == DONE and mostly_done(r.planned_seconds, r.active_seconds)


PATIENT_NOT_SET = (
    'Patient: (not set; add patient_label = "Your name" to config.toml to name yourself here)'
)
CHART_POINTS = 400
"""The pain trend (chart or sparkline) shows at most this many sessions, the latest;
the tables show all."""


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
    who = [f"Patient: {context.patient}" if context.patient else PATIENT_NOT_SET]
    if context.programme:
        who.append(f"Programme: {context.programme}")
    if context.limber_version:
        who.append(f"Made by Limber {context.limber_version} ({DISTRIBUTION})")
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
        _glance(records, context),
        *_programme(context),
        _summary(records, weeks),
        _pain(paired),
        _weekly(weeks),
        _log(timed),
        _sides(records, context),
        _routines(records),
        _notes(timed),
    ]
    points = tuple(
        (when, r.pain_before, r.pain_after, r.pain_at_stop)
        for r, _, when, _ in timed
        if (r.pain_before is not None and r.pain_after is not None) or r.pain_at_stop is not None
    )
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
        self.programme: dict[int, dict[tuple[str, int], None]] = defaultdict(dict)
        """Per week, the programme weeks its sessions were tagged with, in order."""
        for r, _, _, week in timed:
            if _done(r):
                self.done[week].append(r)
            if r.programme_id and r.programme_week:
                self.programme[week][(r.programme_id, r.programme_week)] = None
        self.adherence = {(a.programme_id, a.week): a for a in context.adherence}
        start = self.first.toordinal() - self.first.weekday()
        end = self.last.toordinal() - self.last.weekday()
        self.mondays = range(start, end + 1, 7)
        long = self.goal_minutes * 60
        self.long_enough = {
            week: sum(r.active_seconds >= long for r in done) for week, done in self.done.items()
        }

    def met(self, week: int) -> bool:
        return self.long_enough.get(week, 0) >= self.goal_sessions

    def goal(self, week: int) -> str:
        """``met``/``not met`` against the runner's goal; in a week of programme sessions,
        the programme's prescription instead (``programme week 1: 2 of 4``)."""
        tagged = self.programme.get(week)
        if not tagged:
            return "met" if self.met(week) else "not met"
        parts = []
        for key in tagged:
            a = self.adherence.get(key)
            if a is None or not a.prescribed:
                parts.append(f"programme week {key[1]}")
            else:
                parts.append(f"programme week {a.week}: {a.done} of {a.prescribed}")
        return "; ".join(parts)


def _glance(records: list[SessionRecord], context: ReportContext) -> Section:
    """What a clinician must see first: the pain stops, every rule of a programme's
    author crossed (in order), and notes naming a warning sign."""
    stops = pain_stops(records)
    lines = [
        f"Stopped for pain: {plural(len(stops), 'session')}."
        if stops
        else "No session was stopped for pain."
    ]
    if context.crossings:
        lines.append(f"Rules crossed: {len(context.crossings)}, in the order they happened.")
        lines += [
            f"{when}, {_text(routine) or 'programme'}: {_text(text)}"
            for when, routine, text in context.crossings
        ]
    elif context.programme:
        lines.append("No rule of the programme's author was crossed.")
    warned = warning_notes(records)
    if warned:
        lines += [
            f"Note on {when} ({_text(routine)}) names: {signs}." for when, routine, signs in warned
        ]
        lines.append(WARNING_POINTER)
    return Section(
        "At a glance",
        tuple(lines),
        header=("When", "Routine", "Stretch and side", "Pain then") if stops else (),
        rows=tuple((w, _text(routine), _text(where), pain) for w, routine, where, pain in stops),
        align="lllr",
        strong=bool(stops or context.crossings or warned),
    )


def _programme(context: ReportContext) -> list[Section]:
    sections = []
    for title in dict.fromkeys(a.programme for a in context.adherence):
        weeks = [a for a in context.adherence if a.programme == title]
        rows = tuple(_cells(a.week, a.done, a.prescribed or "-") for a in weeks)
        sections.append(
            Section(
                f"Adherence to the programme: {_text(title)}"
                if title
                else "Adherence to the programme",
                (
                    f"Sessions done (each completed, with {DONE_RULE}) against the sessions "
                    "prescribed, week by week.",
                ),
                header=("Week", "Done", "Prescribed"),
                rows=rows,
                align="rrr",
            )
        )
    return sections


def _summary(records: list[SessionRecord], weeks: _Weeks) -> Section:
    statuses = Counter(r.status for r in records)
    done = sum(_done(r) for r in records)
    own = [week for week in weeks.mondays if week not in weeks.programme]
    met = sum(1 for week in own if weeks.met(week))
    goal = (
        f"Weekly goal: {plural(weeks.goal_sessions, 'session')} of at least "
        f"{plural(weeks.goal_minutes, 'minute')}; met in {met} of {plural(len(own), 'week')}"
    )
    if weeks.programme and not own:
        goal = "Weekly goal: the programme's prescription in every week (see the adherence)"
    elif weeks.programme:
        goal += (
            f" without programme sessions; in the {plural(len(weeks.programme), 'week')} of "
            "a programme, its prescription is the goal (see the adherence)"
        )
    return Section(
        "Summary",
        items=(
            f"Period: {weeks.first.isoformat()} to {weeks.last.isoformat()} (local dates)",
            f"Sessions: {len(records)} ({statuses[DONE]} completed, "
            f"{statuses['ended-early']} ended early, {statuses['interrupted']} interrupted, "
            f"{statuses['in-progress']} in progress); {done} done: a session counts as done "
            f"when it completed with {DONE_RULE} ({statuses[DONE] - done} skipped through)",
            f"Active minutes: {_minutes(records)}",
            goal,
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
        met = weeks.goal(week)
        long_enough = weeks.long_enough.get(week, 0)
        rows.append(_cells(_week(week), len(done), long_enough, _minutes(done), met))
    about = (
        f"Completed sessions by week starting Monday, against the weekly goal of "
        f"{plural(weeks.goal_sessions, 'session')} of at least "
        f"{plural(weeks.goal_minutes, 'minute')}"
        + (
            "; in a week of programme sessions, the programme's prescription."
            if weeks.programme
            else "."
        )
    )
    header = ("Week of", "Sessions", f"≥ {weeks.goal_minutes} min", "Minutes", "Goal")
    return Section("Sessions per week", (about,), header=header, rows=tuple(rows), align="lrrrl")


def _log(timed: Timed) -> Section:
    rows = tuple(
        (
            when,
            _text(r.routine_name),
            _status(r),
            f"{r.active_seconds / 60:.1f}",
            "-" if r.pain_before is None else str(r.pain_before),
            _after(r),
            _text(r.note) or "-",
        )
        for r, _, when, _ in timed
    )
    header = ("When", "Routine", "Status", "Minutes", "Pain before", "Pain after", "Note")
    return Section("Sessions", header=header, rows=rows, align="lllrrrl")


PER_EXERCISE = "Per exercise and side"
"""The per-exercise table's title: the HTML and PDF reports add each exercise's figure."""


def _status(r: SessionRecord) -> str:
    """``completed``, ``completed (skipped through: not done)``, ``stopped: it hurts``."""
    if r.status == DONE and not _done(r):
        return "completed (skipped through: not done)"
    if r.stop_reason == "this-hurts":
        return "stopped: it hurts"
    return r.status + (f" ({_text(r.stop_reason)})" if r.stop_reason else "")


def _after(r: SessionRecord) -> str:
    """The pain after, or at the stop (``5 at the stop``) when not rated after."""
    if r.pain_after is not None:
        return str(r.pain_after)
    return "-" if r.pain_at_stop is None else f"{r.pain_at_stop} at the stop"


def _sides(records: list[SessionRecord], context: ReportContext) -> Section:
    found = side_rows(records) if context.sides is None else list(context.sides)
    rows = []
    for name, side, done, planned, seconds, skipped, planned_s, reps, stretch in found:
        if reps:
            tempo = context.tempo.get(stretch) or context.rep_seconds
            amount = f"{round(seconds / tempo)}/{round(planned_s / tempo)} reps"
            rows.append(_cells(_text(name), _text(side), amount, "-", skipped))
        else:
            amount = f"{done}/{planned} {'hold' if planned == 1 else 'holds'}"
            rows.append(_cells(_text(name), _text(side), amount, f"{seconds:.0f}", skipped))
    if not rows:
        return Section(PER_EXERCISE, ("No exercise was recorded.",))
    header = ("Stretch", "Side", "Done/planned", "Seconds done", "Skipped")
    about = (
        "Holds (and flows) done of those planned, with their seconds; for a reps exercise, "
        "the reps done (its time done over the time of one rep).",
    )
    return Section(PER_EXERCISE, about, header=header, rows=tuple(rows), align="llrrr")


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
            sum(_done(r) for r in all_),
            _minutes(all_),
        )
        for (name, pack, version), all_ in sorted(found.items())
    )
    header = ("Routine", "Pack", "Version", "Sessions", "Done", "Minutes")
    return Section("Routines", header=header, rows=rows, align="lllrrr")


def _notes(timed: Timed) -> Section:
    notes = tuple(
        f"{day.isoformat()} ({_text(r.routine_name)}): {note}"
        for r, day, _, _ in timed
        if r.note and (note := _text(r.note))
    )
    return Section("Notes", () if notes else ("No notes.",), notes)
