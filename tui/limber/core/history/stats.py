"""The history figures, each one SQL query, so 5,000 sessions still open instantly.

Kept apart from :mod:`limber.core.history.store` (which owns the file, its faults and the
writes) so each module stays small. Everything here is a read on an open connection.

Definitions, in the runner's own calendar (``local_day`` = the UTC start shifted by the
offset the runner had at the time, stored with each session):

- a *counted* session is ``completed`` or ``ended-early`` with at least 80 % of its
  planned time done (``model.DONE_SHARE``: skipping through counts for nothing; an
  ``interrupted`` one crashed or was abandoned; ``in-progress`` is still running);
- the day streak counts back from today, or from yesterday when today has nothing yet,
  so a streak is not "lost" in the morning before the day's session;
- the goal-week streak counts ISO weeks (Monday to Sunday) with at least
  ``goal_sessions`` counted sessions of at least ``goal_minutes`` active minutes each,
  back from last week, or from this week once this week's goal is already met.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from limber.core.history.model import (
    COUNTED_STATUSES,
    DONE_SQL,
    WORK_KINDS_SQL,
    HistoryStats,
    PainPoint,
    RecentSession,
)
from limber.core.history.rows import read_page

PAIN_POINTS = 20
BALANCE_DAYS = 28
"""Side balance looks at this many recent days, so an old imbalance does not linger."""
_COUNTED = f"(status IN {COUNTED_STATUSES!r} AND {DONE_SQL})"


def compute(
    conn: sqlite3.Connection,
    today: date,
    *,
    goal_sessions: int,
    goal_minutes: int,
    recent: int,
    details: bool = True,
) -> HistoryStats:
    """The figures; without ``details``, not the counts per routine nor the side balance
    (each reads every session: a few hundred ms at a million)."""
    monday = today - timedelta(days=today.weekday())
    goal_seconds = goal_minutes * 60
    # Minutes: every completed or ended-early session's; sessions: those done (80 %).
    week = conn.execute(
        f"SELECT TOTAL({_COUNTED}), TOTAL(active_seconds),"
        f" TOTAL({_COUNTED} AND active_seconds >= ?) FROM sessions"
        f" WHERE status IN {COUNTED_STATUSES!r} AND local_day BETWEEN ? AND ?",
        (goal_seconds, monday.isoformat(), (monday + timedelta(days=6)).isoformat()),
    ).fetchone()
    week_goal_sessions = int(week[2])
    return HistoryStats(
        goal_sessions=goal_sessions,
        goal_minutes=goal_minutes,
        streak_days=_day_streak(conn, today),
        goal_week_streak=_week_streak(conn, today, goal_sessions, goal_seconds),
        week_sessions=int(week[0]),
        week_goal_sessions=week_goal_sessions,
        week_minutes=float(week[1]) / 60,
        week_goal_met=week_goal_sessions >= goal_sessions,
        total_sessions=conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
        pain_trend=_pain_trend(conn),
        recent=_recent(conn, recent),
        per_routine=_per_routine(conn) if details else {},
        side_balance=_side_balance(conn, today) if details else {},
    )


def _day_streak(conn: sqlite3.Connection, today: date) -> int:
    """Read days newest first, stopping at the first gap: only the streak is read."""
    rows = conn.execute(
        f"SELECT DISTINCT local_day FROM sessions WHERE {_COUNTED} AND local_day <= ?"
        " ORDER BY local_day DESC",
        (today.isoformat(),),
    )
    return _streak((date.fromisoformat(text) for (text,) in rows), today, timedelta(days=1))


def _week_streak(
    conn: sqlite3.Connection, today: date, goal_sessions: int, goal_seconds: float
) -> int:
    monday = today - timedelta(days=today.weekday())
    # Days newest first, counted into weeks here, so reading stops where the streak does
    # (a GROUP BY would count every week of a long history first).
    rows = conn.execute(
        f"SELECT local_day, {_COUNTED} AND active_seconds >= ? FROM sessions"
        " WHERE local_day <= ? ORDER BY local_day DESC",
        (goal_seconds, today.isoformat()),
    )
    return _streak(_goal_weeks(_weeks(rows), monday, goal_sessions), monday, timedelta(days=7))


def _streak(periods: Iterable[date], latest: date, step: timedelta) -> int:
    """How many ``periods`` (newest first, each ``step`` long) run unbroken back from
    ``latest`` or the period before it: a streak is not lost before the latest period's
    session is done. Stops reading at the first gap."""
    streak, expected = 0, None
    for period in periods:
        if expected is None:
            if period < latest - step:
                break
            expected = period
        if period != expected:
            break
        streak += 1
        expected = period - step
    return streak


def _goal_weeks(
    weeks: Iterable[tuple[date, int]], monday: date, goal_sessions: int
) -> Iterator[date]:
    """The weeks that met the goal, newest first, ending at the first that did not (which
    breaks a streak), though this week, ``monday``'s, may still be under way."""
    for week, count in weeks:
        if count >= max(1, goal_sessions):
            yield week
        elif week != monday:
            return


def _weeks(rows: Iterable[tuple[str, int]]) -> Iterator[tuple[date, int]]:
    """``(Monday, sessions that count toward the goal)`` per week, newest first, from
    ``(day, counts)`` rows newest first."""
    current, count = None, 0
    for text, counts in rows:
        day = date.fromisoformat(text)
        week = day - timedelta(days=day.weekday())
        if week != current:
            if current is not None:
                yield current, count
            current, count = week, 0
        count += 1 if counts else 0
    if current is not None:
        yield current, count


def _pain_trend(conn: sqlite3.Connection) -> list[PainPoint]:
    rows = conn.execute(
        "SELECT local_day, pain_before, pain_after FROM sessions"
        " WHERE pain_before IS NOT NULL OR pain_after IS NOT NULL"
        " ORDER BY started_utc DESC, id DESC LIMIT ?",
        (PAIN_POINTS,),
    ).fetchall()
    return [PainPoint(date.fromisoformat(day), before, after) for day, before, after in rows[::-1]]


def _recent(conn: sqlite3.Connection, limit: int) -> list[RecentSession]:
    """The newest ``limit`` sessions: the first page of the history screen's list."""
    return read_page(conn, 0, limit)


def _per_routine(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute(
        f"SELECT routine_name, COUNT(*) AS n FROM sessions WHERE {_COUNTED}"
        " GROUP BY routine_name ORDER BY n DESC, routine_name"
    )
    return {name: count for name, count in rows}


def _side_balance(conn: sqlite3.Connection, today: date) -> dict[str, dict[str, float]]:
    """Per stretch, left and right time done and planned, where one side fell shorter.

    "Fell shorter" means the left shortfall (planned minus done) and the right one differ
    by a second or more over the last :data:`BALANCE_DAYS` days.
    """
    since = (today - timedelta(days=BALANCE_DAYS)).isoformat()
    rows = conn.execute(
        "SELECT stretch_name,"
        " TOTAL(CASE WHEN side = 'left' THEN done_seconds END) AS ld,"
        " TOTAL(CASE WHEN side = 'right' THEN done_seconds END) AS rd,"
        " TOTAL(CASE WHEN side = 'left' THEN planned_seconds END) AS lp,"
        " TOTAL(CASE WHEN side = 'right' THEN planned_seconds END) AS rp"
        f" FROM phases WHERE side IN ('left', 'right') AND kind IN {WORK_KINDS_SQL}"
        " AND ended_utc >= ? GROUP BY stretch_name"
        " HAVING ABS((lp - ld) - (rp - rd)) >= 1 ORDER BY stretch_name",
        (since,),
    )
    return {
        name: {"left_done": ld, "right_done": rd, "left_planned": lp, "right_planned": rp}
        for name, ld, rd, lp, rp in rows
    }
