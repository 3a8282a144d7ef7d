"""The Markdown report of ``limber history export --format md`` and ``limber report``:
figures a physio can read at a glance, no interpretation.

At the top, sessions stopped for pain (with the stretch and side), the programme's rules
crossed, and adherence to the programme week by week; then pain before → after paired
per session (a session counts only when rated both times), the week-by-week table, a
per-session log, a per-exercise, per-side table, and the routines with their pack and
version. Only completed sessions count as done; sessions of a pack no longer installed
are shown by the names recorded with them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from limber.core.history.model import SessionRecord
from limber.core.history.reportparts import (
    ReportContext,
    glance,
    paired_pain,
    per_side,
    session_log,
    sparkline,
)
from limber.core.history.reportparts import md as _md
from limber.core.history.reportparts import table as _table
from limber.core.history.reportparts import who as _who
from limber.core.wording import plural, whole_minutes


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _avg(values: list[int]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else "-"


Weeks = dict[date, list[SessionRecord]]


DONE = "completed"
"""The one status that counts as a session done."""


def to_markdown(
    records: list[SessionRecord],
    *,
    since: date | None = None,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
    context: ReportContext | None = None,
) -> str:
    """A report of figures a physio can read."""
    context = context or ReportContext()
    out = ["# Limber stretching report", "", *_who(context)]
    if not records:
        period = f" since {since.isoformat()}" if since else ""
        return "\n".join([*out, f"No sessions recorded{period}.", ""])
    # The weekly table starts at the first session, not at --since (0001-01-01 would
    # give a hundred thousand empty weeks).
    first = max(since, records[0].local_day) if since else records[0].local_day
    last = max(r.local_day for r in records)
    counted = [r for r in records if r.status == DONE]
    weeks: Weeks = defaultdict(list)
    for r in counted:
        weeks[_monday(r.local_day)].append(r)
    mondays = [
        _monday(first) + timedelta(weeks=n)
        for n in range((_monday(last) - _monday(first)).days // 7 + 1)
    ]
    goal = (goal_sessions, goal_minutes)
    out += _summary(records, first, last, weeks, mondays, goal)
    out += glance(records, context)
    out += _pain(records)
    out += _weekly(weeks, mondays, goal)
    out += session_log(records)
    out += per_side(records, context)
    out += _routines(records)
    out += _notes(records)
    return "\n".join(out) + "\n"


def _long_enough(done: list[SessionRecord], goal_minutes: int) -> int:
    return sum(r.active_seconds >= goal_minutes * 60 for r in done)


def _minutes(records: Iterable[SessionRecord]) -> int:
    return whole_minutes(sum(r.active_seconds for r in records))


def _summary(
    records: list[SessionRecord],
    first: date,
    last: date,
    weeks: Weeks,
    mondays: list[date],
    goal: tuple[int, int],
) -> list[str]:
    goal_sessions, goal_minutes = goal
    statuses = Counter(r.status for r in records)
    met = sum(1 for m in mondays if _long_enough(weeks[m], goal_minutes) >= goal_sessions)
    return [
        f"- Period: {first.isoformat()} to {last.isoformat()} (local dates)",
        f"- Sessions: {len(records)} ({statuses['completed']} completed (done), "
        f"{statuses['ended-early']} ended early, {statuses['interrupted']} interrupted, "
        f"{statuses['in-progress']} in progress)",
        f"- Active minutes: {_minutes(records)}",
        f"- Weekly goal: {plural(goal_sessions, 'session')} of at least "
        f"{plural(goal_minutes, 'minute')}; met in {met} of {plural(len(mondays), 'week')}",
        "",
    ]


def _weekly(weeks: Weeks, mondays: list[date], goal: tuple[int, int]) -> list[str]:
    goal_sessions, goal_minutes = goal
    out = [
        "## Sessions per week",
        "",
        "Completed sessions, by week starting Monday.",
    ]
    out.append("")
    rows = []
    for monday in mondays:
        done = weeks[monday]
        long_enough = _long_enough(done, goal_minutes)
        met = "met" if long_enough >= goal_sessions else "not met"
        rows.append((monday.isoformat(), len(done), long_enough, _minutes(done), met))
    header = ("Week of", "Sessions", f"≥ {goal_minutes} min", "Minutes", "Goal")
    return [*out, *_table(header, "lrrrl", rows)]


def _pain(records: list[SessionRecord]) -> list[str]:
    out = ["", "## Pain before → after", "", "Ratings from 0 (none) to 10 (worst), paired per"]
    out += ["session: only sessions rated both before and after count.", ""]
    paired = paired_pain(records)
    if not paired:
        return [*out, "No session was rated both before and after."]
    before = sum(b for _, b, _ in paired) / len(paired)
    after = sum(a for _, _, a in paired) / len(paired)
    out += [
        f"- {plural(len(paired), 'session')} rated both times: {before:.1f} → {after:.1f} "
        f"on average (change {after - before:+.1f})",
        f"- Pain after, session by session: `{sparkline([a for _, _, a in paired])}`",
        "",
    ]
    rated: Weeks = defaultdict(list)
    for r, _, _ in paired:
        rated[_monday(r.local_day)].append(r)
    rows = []
    for monday in sorted(rated):
        pairs = [(r.pain_before or 0, r.pain_after or 0) for r in rated[monday]]
        rows.append(
            (
                monday.isoformat(),
                len(pairs),
                _avg([b for b, _ in pairs]),
                _avg([a for _, a in pairs]),
            )
        )
    return [*out, *_table(("Week of", "Paired sessions", "Before", "After"), "lrrr", rows)]


def _routines(records: list[SessionRecord]) -> list[str]:
    by_routine: dict[tuple[str, str, str], list[SessionRecord]] = defaultdict(list)
    for r in records:
        by_routine[(r.routine_name, r.pack, r.pack_version)].append(r)
    rows = [
        (_md(name), _md(pack) or "-", _md(version) or "-", len(all_), done, _minutes(all_))
        for (name, pack, version), all_ in sorted(by_routine.items())
        for done in [sum(r.status == DONE for r in all_)]
    ]
    header = ("Routine", "Pack", "Version", "Sessions", "Completed", "Minutes")
    return ["", "## Routines done", "", *_table(header, "lllrrr", rows)]


def _notes(records: list[SessionRecord]) -> list[str]:
    notes = [r for r in records if r.note.strip()]
    lines = [f"- {r.local_day.isoformat()} ({_md(r.routine_name)}): {_md(r.note)}" for r in notes]
    return ["", "## Notes", "", *(lines or ["No notes."])]
