"""What the history store hands out, and the one way times are written down.

Kept apart from :mod:`limber.core.history.store` (the file, its faults and the writes) so the
stats, the exports and the UI can share these shapes without the store's machinery.

Times are stored as UTC text in one format (:func:`stamp`), so they sort as text; each
session also keeps the runner's UTC offset at its start, which fixes its local day even
after the runner travels or the clocks change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal, NamedTuple

import msgspec

from limber.core.phases import work_kinds_sql
from limber.core.text import visible

SessionStatus = Literal["in-progress", "completed", "ended-early", "interrupted"]
FINAL_STATUSES: frozenset[str] = frozenset({"completed", "ended-early", "interrupted"})
COUNTED_STATUSES = ("completed", "ended-early")
"""Sessions that count for streaks, the weekly goal and routines done (with
:data:`DONE_SHARE` of their planned time done)."""
DONE_SHARE = 0.8
"""A session counts as done (for the streak, the weekly goal and a programme's
adherence) only when at least this share of its planned time was done, pauses not
counted: skipping through a routine is recorded as it was, and counts for nothing."""
DONE_SQL = f"active_seconds >= {DONE_SHARE} * planned_seconds"
""":data:`DONE_SHARE` as an SQL condition on a ``sessions`` row."""
DONE_RULE = "at least 80 % of its planned time done"
""":data:`DONE_SHARE` in words, as the app, the report and the README say it."""


def mostly_done(planned_seconds: float, active_seconds: float) -> bool:
    """Whether a session did :data:`DONE_SHARE` of its planned time."""
    return active_seconds >= DONE_SHARE * planned_seconds


def not_done(planned_seconds: float, active_seconds: float) -> str:
    """Why a session that was not :func:`mostly_done` counts for nothing, in one sentence."""
    share = int(100 * active_seconds / planned_seconds) if planned_seconds > 0 else 0
    return (
        f"It does not count as done: {share} % of its planned time was done, and a session "
        f"counts for your streak, weekly goal and programme with {DONE_RULE}."
    )


WORK_KINDS_SQL = work_kinds_sql()
"""Phases that count as stretching (``phases.PHASES``' work rows), as the SQL the schema's
partial index and the side-balance query share: they must match for the index to serve.
Frozen with schema version 1."""

MAX_NOTE = 2000
"""The longest note an import takes."""


def stored_note(text: str) -> str:
    """A runner's note as stored: without invisible characters (each output cleans the
    rest its own way), every other character kept."""
    return visible(text)


def check_pain(value: int | None) -> None:
    """A pain rating is a whole number 0–10, or None for "not given"."""
    if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {value!r}")


def system_offset_minutes(moment: datetime) -> int:
    """The local UTC offset, in minutes, at ``moment`` (the default for new sessions)."""
    offset = moment.astimezone().utcoffset()
    return round(offset.total_seconds() / 60) if offset is not None else 0


def stamp(moment: datetime) -> str:
    """The one timestamp format stored: ``2024-05-01T07:30:00Z`` (UTC, whole seconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def parse_stamp(text: str) -> datetime:
    """A stored stamp back to an aware UTC time; ``fromisoformat`` (C) for the one stored
    shape, as a 50,000-session report parses each start a few times."""
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        return datetime.fromisoformat(text)  # Python 3.11 reads the Z as UTC
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_day(started_utc: str, offset_minutes: int) -> str:
    """The runner's calendar day of a session: its UTC start shifted by its own offset."""
    return (parse_stamp(started_utc) + timedelta(minutes=offset_minutes)).date().isoformat()


class PhaseRecord(msgspec.Struct, frozen=True):
    """One finished phase as stored. (A Struct, not a dataclass: an export of 50,000
    sessions makes 400,000 of them, and msgspec writes them as JSON in C.)"""

    idx: int
    stretch_id: str
    stretch_name: str
    side: str
    kind: str
    planned_seconds: float
    done_seconds: float
    skipped: bool
    ended_utc: str


@lru_cache(maxsize=256)
def _zone(offset_minutes: int) -> timezone:
    """A fixed-offset zone, made once per offset (a long report asks for it per session)."""
    return timezone(timedelta(minutes=offset_minutes))


class SessionRecord(msgspec.Struct, frozen=True):
    """One session as stored (without the process fields), for export and ``--json``.
    Its fields, in order, are the JSON export's keys."""

    uid: str
    routine_id: str
    routine_name: str
    pack: str
    pack_version: str
    started_utc: str
    utc_offset_minutes: int
    ended_utc: str | None
    status: str
    planned_seconds: float
    active_seconds: float
    pain_before: int | None
    pain_after: int | None
    note: str
    stop_reason: str
    stop_stretch_id: str = ""
    stop_stretch_name: str = ""
    stop_side: str = ""
    stop_phase: int = -1
    pain_at_stop: int | None = None
    programme_id: str = ""
    programme_week: int = 0
    phases: tuple[PhaseRecord, ...] = ()

    @property
    def local_start(self) -> datetime:
        """The start in the runner's own time then (aware, with that offset)."""
        return parse_stamp(self.started_utc).astimezone(_zone(self.utc_offset_minutes))

    @property
    def local_day(self) -> date:
        return self.local_start.date()


class RecentSession(msgspec.Struct, frozen=True):
    """A row of the "recent sessions" list."""

    id: int
    local_start: datetime
    """Aware, in the UTC offset the runner had when the session started."""
    routine_name: str
    status: str
    active_minutes: float
    pain_before: int | None
    pain_after: int | None
    note: str
    stopped_for_pain: bool = False
    """Ended with "this hurts"."""
    pain_at_stop: int | None = None
    counts: bool = True
    """Counts as done (:func:`mostly_done`): not skipped through."""

    @property
    def shown_status(self) -> str:
        """``stopped: it hurts``, ``skipped through``, else the status as stored."""
        if self.stopped_for_pain:
            return "stopped: it hurts"
        if self.status == "completed" and not self.counts:
            return "skipped through"
        return self.status

    @property
    def pain(self) -> str:
        """``pain 3 → 2``, ``pain 2 → 6 at the stop``, or empty when not rated."""
        before = "-" if self.pain_before is None else str(self.pain_before)
        if self.pain_after is not None:
            return f"pain {before} → {self.pain_after}"
        if self.pain_at_stop is not None:
            return f"pain {before} → {self.pain_at_stop} at the stop"
        return f"pain {before} → -" if self.pain_before is not None else ""


SideRow = tuple[str, str, int, int, float, int, float, bool, str]
"""A row of the report's per-exercise table: (stretch, side, phases done, phases
planned, seconds done, skipped, seconds planned, a reps exercise, stretch id)."""


class PainPoint(NamedTuple):
    """Pain before and after one session (either may be missing)."""

    day: date
    before: int | None
    after: int | None


class HistoryStats(msgspec.Struct, frozen=True):
    """Everything the history pane and ``limber history`` show."""

    goal_sessions: int = 3
    goal_minutes: int = 10
    streak_days: int = 0
    """Consecutive local days, up to today (or yesterday), with a counted session."""
    goal_week_streak: int = 0
    """Consecutive ISO weeks meeting the goal, ending last week (or this week if met)."""
    week_sessions: int = 0
    """Counted sessions this ISO week, of any length."""
    week_goal_sessions: int = 0
    """Of those, the ones at least ``goal_minutes`` long: what the goal counts."""
    week_minutes: float = 0.0
    """Active minutes this ISO week in completed and ended-early sessions, done or not."""
    week_goal_met: bool = False
    total_sessions: int = 0
    """Every session recorded, whatever its status."""
    pain_trend: list[PainPoint] = msgspec.field(default_factory=list)
    """The last rated sessions, oldest first."""
    recent: list[RecentSession] = msgspec.field(default_factory=list)
    """Newest first."""
    per_routine: dict[str, int] = msgspec.field(default_factory=dict)
    """Routine name → counted sessions, most done first."""
    side_balance: dict[str, dict[str, float]] = msgspec.field(default_factory=dict)
    """Stretch name → ``left_done``, ``right_done``, ``left_planned``, ``right_planned``
    (seconds, over the last 28 days), only for stretches where one side fell short by a
    second or more than the other."""
