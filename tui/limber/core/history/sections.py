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
from datetime import date

from limber._version import DISTRIBUTION
from limber.core.history.model import DONE_RULE, SessionRecord
from limber.core.history.reportparts import (
    WARNING_POINTER,
    Report,
    ReportContext,
    Section,
    pain_stops,
    warning_notes,
)
from limber.core.history.sessiontables import (
    DONE,
    Timed,
    cells,
    clean_text,
    is_done,
    log_section,
    minutes_of,
    notes_section,
    routines_section,
    sides_section,
)
from limber.core.wording import plural

PATIENT_NOT_SET = (
    'Patient: (not set; add patient_label = "Your name" to config.toml to name yourself here)'
)
CHART_POINTS = 400
"""The pain trend (chart or sparkline) shows at most this many sessions, the latest;
the tables show all."""


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
        return Report(title, tuple(clean_text(w) for w in who), (), (), empty=empty)
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
        log_section(timed),
        sides_section(records, context),
        routines_section(records),
        notes_section(timed),
    ]
    points = tuple(
        (when, r.pain_before, r.pain_after, r.pain_at_stop)
        for r, _, when, _ in timed
        if (r.pain_before is not None and r.pain_after is not None) or r.pain_at_stop is not None
    )
    return Report(title, tuple(clean_text(w) for w in who), tuple(sections), points)


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
            if is_done(r):
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
            f"{when}, {clean_text(routine) or 'programme'}: {clean_text(text)}"
            for when, routine, text in context.crossings
        ]
    elif context.programme:
        lines.append("No rule of the programme's author was crossed.")
    warned = warning_notes(records)
    if warned:
        lines += [
            f"Note on {when} ({clean_text(routine)}) names: {signs}."
            for when, routine, signs in warned
        ]
        lines.append(WARNING_POINTER)
    return Section(
        "At a glance",
        tuple(lines),
        header=("When", "Routine", "Stretch and side", "Pain then") if stops else (),
        rows=tuple(
            (w, clean_text(routine), clean_text(where), pain) for w, routine, where, pain in stops
        ),
        align="lllr",
        strong=bool(stops or context.crossings or warned),
    )


def _programme(context: ReportContext) -> list[Section]:
    sections = []
    for title in dict.fromkeys(a.programme for a in context.adherence):
        weeks = [a for a in context.adherence if a.programme == title]
        rows = tuple(cells(a.week, a.done, a.prescribed or "-") for a in weeks)
        sections.append(
            Section(
                f"Adherence to the programme: {clean_text(title)}"
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
    done = sum(is_done(r) for r in records)
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
            f"Active minutes: {minutes_of(records)}",
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
        rows.append(cells(_week(week), len(done), long_enough, minutes_of(done), met))
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
