"""``limber history [--json]``, ``limber history export`` and ``limber history import``.

``limber history --json`` prints one object::

    {
      "streak_days": 4,              # consecutive days, up to today or yesterday
      "goal_week_streak": 2,         # consecutive weeks meeting the weekly goal
      "week": {"sessions": 3, "toward_goal": 2, "minutes": 34.5, "goal_met": false,
               "goal_sessions": 3, "goal_minutes": 10},
      "total_sessions": 41,
      "pain_trend": [{"date": "2024-05-01", "before": 5, "after": 3}],   # oldest first
      "per_routine": {"Post-run lower-back relief": 12},
      "side_balance": {"Knee rock": {"left_done": 60.0, "right_done": 42.5,
                                     "left_planned": 60.0, "right_planned": 60.0}},
      "recent": [ ...sessions, newest first... ]
    }

Each of ``recent`` is a session as in the JSON export (see
:mod:`limber.core.history.export`, phases included) plus ``local_start``, the start in
the runner's own time (``2024-05-01T09:30:00+02:00``). Only completed and ended-early
sessions count toward streaks, the week and ``per_routine``.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from limber.commands.formats import BY_NAME
from limber.commands.output import print_json
from limber.commands.report_writers import Job, named, write
from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.following import is_following, programme_goal, status
from limber.core.history import streams
from limber.core.history.export import session_json
from limber.core.history.importer import ExportFileError
from limber.core.history.store import HistoryStats, HistoryStore, RecentSession
from limber.core.paths import Paths
from limber.core.settings import load_settings
from limber.core.text import clean_line
from limber.core.wording import minutes as minutes_text
from limber.core.wording import plural

if TYPE_CHECKING:
    from limber.core.following import Status
    from limber.core.settings import Settings

RECENT = 10


def run(args: argparse.Namespace) -> int:
    """Dispatch ``limber history`` and its actions."""
    paths = Paths.from_env()
    store = HistoryStore(paths.history_db)
    try:
        if args.history_command == "import":
            return import_file(store, args.file)
        if store.notice:
            print(f"limber: {store.notice}", file=sys.stderr)
        settings, problem = load_settings(paths.config_file)
        if problem:
            print(f"limber: {problem}", file=sys.stderr)
        goals = {
            "goal_sessions": settings.weekly_goal_sessions,
            "goal_minutes": settings.weekly_goal_minutes,
        }
        if args.history_command == "export":
            since = _parse_day(args.since) if args.since else None
            return export(store, settings, args.format, since)
        # The text leaves out the per-routine counts and side balance: not read for it.
        stats = streams.figures(store, date.today(), recent=RECENT, details=args.json, **goals)
        followed = _programme_followed(store)
        if args.json:
            print_json(stats_json(stats, store, followed))
        else:
            print(stats_text(stats, followed))
        return 0
    finally:
        store.close()


def export(store: HistoryStore, settings: Settings, name: str, since: date | None) -> int:
    """``limber history export``, one lookup in the format table: a format that streams
    is written from the store a batch at a time; any other is made whole by its renderer
    (``md`` is ``limber report --format md``)."""
    fmt = BY_NAME[name]
    if fmt.streams:
        named(fmt.stream)(store, since)
        return 0
    return write(named(fmt.renderer)(Job(store, settings, since=since)), None, fmt)


def import_file(store: HistoryStore, name: str) -> int:
    raw = _read_export(Path(name), name)
    try:
        added, skipped = store.import_json(raw)
    except ExportFileError as error:
        raise LimberError(f"{name}: {error}") from None
    noun = "session" if added == 1 else "sessions"
    verb = "was" if skipped == 1 else "were"
    print(f"Imported {added} {noun}; {skipped} {verb} already there.")
    return 0


MAX_IMPORT_BYTES = 1024**3
"""The largest file ``history import`` reads: about two million sessions without phases."""


def _read_export(path: Path, name: str) -> bytes:
    """The file's bytes, if it is a regular file of at most :data:`MAX_IMPORT_BYTES`:
    a FIFO, a device (``/dev/zero``) or a folder is refused before anything is read."""
    try:
        with open(path, "rb", opener=lambda p, f: os.open(p, f | os.O_NONBLOCK)) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise LimberError(f"{name} is not a regular file, so it was not read.")
            if info.st_size > MAX_IMPORT_BYTES:
                raise LimberError(
                    f"{name} is larger than {MAX_IMPORT_BYTES // 1024**3} GiB, the most"
                    " Limber imports; nothing was imported."
                )
            return handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise LimberError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise LimberError(f"{name} is not a regular file, so it was not read.") from None
    except OSError as error:
        raise LimberError(f"{name} could not be read: {error.strerror or error}.") from None


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LimberError(f"--since takes a date as YYYY-MM-DD, not '{text}'.") from None


def _programme_followed(store: HistoryStore) -> Status | None:
    """The programme followed now, if any (not paused, not done): its week's
    prescription is the weekly goal. The packs are loaded only when one is followed."""
    if not is_following(store):
        return None
    from limber.commands.catalogue_cmds import load  # pluggy: only when one is followed

    catalogue, _ = load(quiet=True)
    try:
        found = status(store, catalogue.programmes, catalogue.routines, utc_now())
    except LimberError:
        return None
    return None if found is None or found.paused or found.finished else found


def stats_json(
    stats: HistoryStats, store: HistoryStore, programme: Status | None = None
) -> dict[str, Any]:
    recent = []
    for record in reversed(store.sessions(limit=RECENT)):
        data = session_json(record)
        data["local_start"] = record.local_start.isoformat()
        recent.append(data)
    return {
        "streak_days": stats.streak_days,
        "goal_week_streak": stats.goal_week_streak,
        "week": {
            "sessions": stats.week_sessions,
            "toward_goal": stats.week_goal_sessions,
            "minutes": round(stats.week_minutes, 1),
            "goal_met": stats.week_goal_met,
            "goal_sessions": stats.goal_sessions,
            "goal_minutes": stats.goal_minutes,
            "programme_goal": None
            if programme is None
            else {
                "programme_id": programme.programme_id,
                "week": programme.week,
                "done": programme.done_this_week,
                "sessions": programme.sessions_this_week,
            },
        },
        "total_sessions": stats.total_sessions,
        "pain_trend": [
            {"date": p.day.isoformat(), "before": p.before, "after": p.after}
            for p in stats.pain_trend
        ],
        "per_routine": stats.per_routine,
        "side_balance": stats.side_balance,
        "recent": recent,
    }


def stats_text(stats: HistoryStats, programme: Status | None = None) -> str:
    """The figures as text; while ``programme`` is followed, its week's prescription is
    the weekly goal."""
    if stats.total_sessions == 0:
        return "No sessions recorded yet. Start one with `limber` or `limber run post-run`."
    weeks = stats.goal_week_streak
    goal_weeks = (
        f"weekly goal met {plural(weeks, 'week')} running"
        if weeks
        else "weekly goal not met last week"
        if stats.total_sessions > stats.week_sessions
        else "this is your first week"
    )
    done, goal, minutes = stats.week_goal_sessions, stats.goal_sessions, stats.goal_minutes
    week = (
        f"goal met, {done} sessions of at least {minutes} min (goal {goal})"
        if stats.week_goal_met
        else f"{done} of {goal} sessions of at least {minutes} min"
    )
    if programme is not None:
        week = f"{programme_goal(programme)} ({clean_line(programme.title)})"
        goal_weeks = "your programme's prescription is your weekly goal while you follow it"
    lines = [
        f"Streak: {plural(stats.streak_days, 'day')}; {goal_weeks}.",
        f"This week: {week}; {plural(stats.week_sessions, 'session')}, "
        f"{minutes_text(stats.week_minutes * 60)} in all.",
        "",
        "Recent sessions",
    ]
    lines += [_recent_line(session) for session in stats.recent]
    return "\n".join(lines)


def _recent_line(session: RecentSession) -> str:
    when = session.local_start.strftime("%Y-%m-%d %H:%M")
    name = clean_line(session.routine_name)
    if len(name) > 30:
        name = name[:29] + "…"
    pain = session.pain
    note = clean_line(session.note)
    if len(note) > 40:
        note = note[:39] + "…"
    spent = minutes_text(session.active_minutes * 60)
    line = f"  {when}  {name:<30}  {session.shown_status:<11} {spent:>6}"
    return f"{line}  {pain:<12}  {note}".rstrip()
