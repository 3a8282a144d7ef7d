"""The Markdown report of ``limber history export --format md``: figures a physio can
read (adherence against the weekly goal, pain before and after, routines, notes), no
interpretation."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from limber.core.history.model import COUNTED_STATUSES, SessionRecord
from limber.core.text import clean_line
from limber.core.wording import plural, whole_minutes

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """Untrusted text made inert in Markdown: one line, no markup, no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text)).replace("<", "&lt;")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _table(header: tuple[str, ...], align: str, rows: Iterable[Iterable[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _avg(values: list[int]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else "-"


Weeks = dict[date, list[SessionRecord]]


def to_markdown(
    records: list[SessionRecord],
    *,
    since: date | None = None,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
) -> str:
    """A one-page report of figures a physio can read."""
    out = ["# Limber stretching report", ""]
    if not records:
        period = f" since {since.isoformat()}" if since else ""
        return "\n".join([*out, f"No sessions recorded{period}.", ""])
    # The weekly table starts at the first session, not at --since (0001-01-01 would
    # give a hundred thousand empty weeks).
    first = max(since, records[0].local_day) if since else records[0].local_day
    last = max(r.local_day for r in records)
    counted = [r for r in records if r.status in COUNTED_STATUSES]
    weeks: Weeks = defaultdict(list)
    for r in counted:
        weeks[_monday(r.local_day)].append(r)
    mondays = [
        _monday(first) + timedelta(weeks=n)
        for n in range((_monday(last) - _monday(first)).days // 7 + 1)
    ]
    goal = (goal_sessions, goal_minutes)
    out += _summary(records, first, last, weeks, mondays, goal)
    out += _weekly(weeks, mondays, goal)
    out += _pain(records)
    out += _routines(counted)
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
        f"- Sessions: {len(records)} ({statuses['completed']} completed, "
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
        "Completed and ended-early sessions, by week starting Monday.",
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
    out = ["", "## Pain before → after", "", "Ratings from 0 (none) to 10 (worst)."]
    out += ["Averages over the rated sessions of each week.", ""]
    rated: Weeks = defaultdict(list)
    for r in records:
        if r.pain_before is not None or r.pain_after is not None:
            rated[_monday(r.local_day)].append(r)
    if not rated:
        return [*out, "No session was rated."]
    rows = []
    for monday in sorted(rated):
        before = [r.pain_before for r in rated[monday] if r.pain_before is not None]
        after = [r.pain_after for r in rated[monday] if r.pain_after is not None]
        rows.append((monday.isoformat(), len(rated[monday]), _avg(before), _avg(after)))
    return [*out, *_table(("Week of", "Rated sessions", "Before", "After"), "lrrr", rows)]


def _routines(counted: list[SessionRecord]) -> list[str]:
    by_routine: dict[str, list[SessionRecord]] = defaultdict(list)
    for r in counted:
        by_routine[r.routine_name].append(r)
    rows = [
        (_md(name), len(done), _minutes(done))
        for name, done in sorted(by_routine.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    table = _table(("Routine", "Sessions", "Minutes"), "lrr", rows) if rows else ["None completed."]
    return ["", "## Routines done", "", *table]


def _notes(records: list[SessionRecord]) -> list[str]:
    notes = [r for r in records if r.note.strip()]
    lines = [f"- {r.local_day.isoformat()} ({_md(r.routine_name)}): {_md(r.note)}" for r in notes]
    return ["", "## Notes", "", *(lines or ["No notes."])]
