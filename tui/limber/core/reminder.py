"""Whether today is a day a session is still expected, and the words of the reminder.

``limber remind now`` (run once a day by the timer ``limber remind on`` installs) asks
:func:`due_today`. Limber's own reading of "expected", since no seed gives one:

- while a programme is followed (not paused, not finished), its week's sessions are
  spread evenly: a session is due when this week still has sessions to do, none was
  done today, and at least ``7 // sessions`` days have passed since the last one (3 a
  week: every other day);
- otherwise the runner's weekly goal (``weekly_goal_sessions`` of
  ``weekly_goal_minutes``) is spread the same way over the calendar week, and is due
  every day once the days left are no more than the sessions still to do.

Nothing is due on a day that already has a session. The record of what the timer
installed, and the day a reminder was last sent, live in ``reminder.toml`` beside the
history, so ``limber remind off`` removes exactly what ``on`` installed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.files import atomic_write_bytes
from limber.core.wording import mmss, plural

if TYPE_CHECKING:
    from limber.core.following import Status
    from limber.core.history.model import SessionRecord
    from limber.core.history.store import HistoryStore
    from limber.core.model import Routine, Stretch
    from limber.core.programme_model import Programme
    from limber.core.settings import Settings

REMINDER_FILE = "reminder.toml"
FALLBACK_ROUTINE = "core/post-run"
"""The routine a reminder names when the history names none: the one runners come for."""


class Reminder(msgspec.Struct, kw_only=True):
    """What ``limber remind on`` installed, and when a reminder was last sent."""

    kind: Literal["", "systemd", "cron"] = ""
    """``systemd`` (a user timer), ``cron`` (a crontab line), or ``""``: none installed."""
    at: str = ""
    """The time of day it runs, ``HH:MM``."""
    files: list[str] = []
    """The systemd unit files written (removed by ``off``)."""
    line: str = ""
    """The crontab line added (removed by ``off``, that line alone)."""
    last_sent: str = ""
    """The local date (ISO) a reminder was last sent: never two on one day."""


def reminder_path(data_dir: Path) -> Path:
    return data_dir / REMINDER_FILE


def load_reminder(path: Path) -> Reminder:
    """The record; an empty one if there is none. A damaged file is one sentence."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Reminder()
    except OSError as error:
        raise LimberError(f"{path} cannot be read: {error.strerror}.") from None
    try:
        return msgspec.toml.decode(raw, type=Reminder)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise LimberError(
            f"{path} is not a reminder record Limber can read ({error}); "
            "remove it, and any timer it named, by hand."
        ) from None


def save_reminder(path: Path, reminder: Reminder) -> None:
    atomic_write_bytes(path, msgspec.toml.encode(reminder))


def parse_time(text: str) -> tuple[int, int]:
    """``"18:00"`` → ``(18, 0)``; anything else is one sentence."""
    found = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise LimberError(
            f"--at takes a time of day from 00:00 to 23:59, such as 18:00, not '{text[:20]}'."
        )
    return int(found.group(1)), int(found.group(2))


class Due(msgspec.Struct, frozen=True):
    """A session due today: the routine, its length, and why (for the notification)."""

    routine_id: str
    routine_name: str
    seconds: float
    why: str

    def title(self) -> str:
        return "Limber: a stretching session is due today"

    def body(self) -> str:
        return (
            f"Today: {self.routine_name}, {mmss(self.seconds)} in all. {self.why} "
            f"Start it with: limber run {self.routine_id}"
        )


def due_today(
    store: HistoryStore,
    programmes: Mapping[str, Programme],
    routines: Mapping[str, Routine],
    stretches: Mapping[str, Stretch],
    settings: Settings,
    now: datetime,
) -> Due | None:
    """Today's reminder, or None when nothing is due (see the module)."""
    # Only `limber remind now` asks: `on`, `off` and `status` load no history or plan.
    from limber.core.following import status
    from limber.core.history.model import COUNTED_STATUSES
    from limber.core.plan import build_plan
    from limber.core.settings import plan_settings

    today = now.astimezone().date()
    sessions = [
        s
        for s in store.sessions(since=today - timedelta(days=14), phases=False)
        if s.status in COUNTED_STATUSES
    ]
    if any(s.local_day == today for s in sessions):
        return None
    try:
        found = status(store, programmes, routines, now)
    except LimberError:
        found = None
    if found is not None and not (found.paused or found.finished):
        due = _programme_due(store, found, (programmes, routines, stretches), sessions, now)
    else:
        due = _goal_due(store, routines, settings, sessions, today)
    if due is None:
        return None
    routine, why = due
    try:
        seconds = build_plan(routine, stretches, plan_settings(settings)).total_seconds
    except LimberError:
        return None
    return Due(routine.id, routine.name, seconds, why)


def _programme_due(
    store: HistoryStore,
    found: Status,
    loaded: tuple[Mapping[str, Programme], Mapping[str, Routine], Mapping[str, Stretch]],
    sessions: list[SessionRecord],
    now: datetime,
) -> tuple[Routine, str] | None:
    """The programme's session, as this week doses it, if one is expected today."""
    from limber.core.following import todays_session  # only `limber remind now` asks

    left = found.sessions_this_week - found.done_this_week
    last = max((s.local_day for s in sessions), default=None)
    if left <= 0 or not _spaced(last, now.astimezone().date(), found.sessions_this_week):
        return None
    session = todays_session(store, *loaded, now)
    if session is None:
        return None
    done = f"{found.done_this_week} of {plural(found.sessions_this_week, 'session')} done."
    return session.routine, f"Week {found.week} of {found.title}: {done}"


def _goal_due(
    store: HistoryStore,
    routines: Mapping[str, Routine],
    settings: Settings,
    sessions: list[SessionRecord],
    today: date,
) -> tuple[Routine, str] | None:
    """The routine done last (or post-run), if the weekly goal expects a session today."""
    goal = settings.weekly_goal_sessions
    monday = today - timedelta(days=today.weekday())
    long_enough = settings.weekly_goal_minutes * 60
    this_week = sum(
        1 for s in sessions if s.local_day >= monday and s.active_seconds >= long_enough
    )
    left = goal - this_week
    last = max((s.local_day for s in sessions), default=None)
    if left <= 0 or not (7 - today.weekday() <= left or _spaced(last, today, goal)):
        return None
    recent = store.sessions(limit=1, phases=False)
    routine = routines.get(recent[-1].routine_id) if recent else None
    routine = routine or routines.get(FALLBACK_ROUTINE)
    if routine is None:
        return None
    return routine, f"Your weekly goal: {this_week} of {plural(goal, 'session')} done this week."


def _spaced(last: date | None, today: date, per_week: int) -> bool:
    """Enough days since the last session for ``per_week`` sessions spread evenly."""
    if last is None or per_week <= 0:
        return per_week > 0
    return (today - last).days >= max(1, 7 // per_week)
