"""The programme a runner is following: started, paused, resumed and ended in the
history's programme log, its week and adherence counted from the sessions tagged with it.

One programme at a time; the runner can still run anything else. Weeks count from the
day it was started, paused days left out. A session counts for its week when it
completed with at least 80 % of its planned time done (``history.model.DONE_SHARE``).
"Missed in a row" spreads a week's sessions evenly: with 3 a week, one is due every 7/3
days, counted from the last session done (or the start).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from limber.core.crossings import rate
from limber.core.errors import LimberError
from limber.core.history import programmes as plog
from limber.core.history.model import parse_stamp, stamp
from limber.core.programme import parse_programme, rule_owner, rules, week_routine, who
from limber.core.wording import plural

if TYPE_CHECKING:
    from limber.core.history.store import HistoryStore
    from limber.core.model import Routine, Stretch
    from limber.core.programme_model import Programme


class WeekDone(msgspec.Struct, frozen=True):
    week: int
    done: int
    prescribed: int


class Status(msgspec.Struct, frozen=True):
    """Where the runner is in the programme they follow (``limber programme --json``)."""

    programme_id: str
    title: str
    author: str
    contact: str
    started_utc: str
    week: int
    weeks: int
    done_this_week: int
    sessions_this_week: int
    next_routine_id: str
    next_routine_name: str
    paused: bool
    finished: bool
    review: str
    rules: list[str]
    advice: str
    missed_in_a_row: int
    adherence: list[WeekDone]
    missed_rule: str = ""
    """The author's "missed in a row" rule, with whose it is, while it is crossed."""
    sources: list[str] = []
    """The programme's sources by full name: its advice may name them briefly."""

    def line(self) -> str:
        """``Week 2 of 4 · 1 of 3 sessions this week · next: Post-run relief``."""
        if self.finished:
            return f"{self.title}: all {self.weeks} weeks done · {self.review}"
        head = f"Week {self.week} of {self.weeks} · {self.done_this_week} of "
        head += f"{plural(self.sessions_this_week, 'session')} this week"
        if self.paused:
            return f"{head} · paused"
        return f"{head} · next: {self.next_routine_name}"


def programme_goal(found: Status) -> str:
    """The weekly goal while a programme is followed: its week's prescription
    (``1 of 4 sessions · programme week 1``; ``goal met ✓ (…)`` once done)."""
    done, due = found.done_this_week, found.sessions_this_week
    text = f"{done} of {plural(due, 'session')} · programme week {found.week}"
    return f"goal met ✓ ({text})" if done >= due else text


class Following(msgspec.Struct, frozen=True):
    """The programme being followed and its log entries since it was started."""

    programme: Programme
    started: datetime
    paused_days: float
    paused: bool


def start(
    store: HistoryStore, programme: Programme, now: datetime, *, text: str = "", file: str = ""
) -> None:
    """Follow ``programme`` from now (ending the one followed before, if any).

    A programme from a file keeps the file's text in the log, so it can move or go.
    """
    current = _current_entries(store)
    if current is not None:
        plog.log(store, current[0].programme_id, "ended", now, detail="another was started")
    import json  # a programme from a file only: json stays off the app's start-up

    detail = json.dumps({"file": file, "text": text}) if text else ""
    if not plog.log(store, programme.id, "started", now, week=1, detail=detail):
        raise LimberError(f"The programme could not be started: {store.save_problem}")


def change(store: HistoryStore, kind: str, now: datetime) -> str:
    """Pause, resume or end the programme being followed; its id."""
    current = _current_entries(store)
    if current is None:
        raise LimberError("You are not following a programme; `limber programme start` starts one.")
    paused = _paused(current)
    if kind == "paused" and paused:
        raise LimberError("The programme is already paused; `limber programme resume` resumes it.")
    if kind == "resumed" and not paused:
        raise LimberError("The programme is not paused.")
    plog.log(store, current[0].programme_id, kind, now)
    return current[0].programme_id


def _current_entries(store: HistoryStore) -> list[plog.LogEntry] | None:
    """The log since the last start, if that programme has not ended."""
    log = plog.entries(store)
    starts = [i for i, e in enumerate(log) if e.kind == "started"]
    if not starts:
        return None
    since = [e for e in log[starts[-1] :] if e.programme_id == log[starts[-1]].programme_id]
    return None if any(e.kind == "ended" for e in since) else since


def is_following(store: HistoryStore) -> bool:
    """Whether a programme is being followed (started and not ended): one log read, so a
    command can skip loading the packs when none is."""
    return _current_entries(store) is not None


def _paused(entries: list[plog.LogEntry]) -> bool:
    turns = [e.kind for e in entries if e.kind in ("paused", "resumed")]
    return bool(turns) and turns[-1] == "paused"


def _paused_days(entries: list[plog.LogEntry], now: datetime) -> float:
    total, since = 0.0, None
    for e in entries:
        if e.kind == "paused" and since is None:
            since = parse_stamp(e.at_utc)
        elif e.kind == "resumed" and since is not None:
            total += (parse_stamp(e.at_utc) - since).total_seconds()
            since = None
    if since is not None:
        total += (now - since).total_seconds()
    return total / 86400


def following(
    store: HistoryStore,
    programmes: Mapping[str, Programme],
    routines: Mapping[str, Routine],
    now: datetime,
) -> Following | None:
    """The programme followed now, or None. A pack programme no longer installed, or a
    file whose routines are gone, is a :class:`LimberError` saying so."""
    entries = _current_entries(store)
    if entries is None:
        return None
    first = entries[0]
    if first.detail:
        import json  # a programme from a file only: json stays off the app's start-up

        data = json.loads(first.detail)
        programme = parse_programme(
            data["text"], file=data.get("file") or "programme", routines=routines
        )
    elif first.programme_id in programmes:
        programme = programmes[first.programme_id]
    else:
        raise LimberError(
            f"You are following the programme '{first.programme_id}', but no installed pack "
            "has it now; install its pack again, or `limber programme end`."
        )
    started = parse_stamp(first.at_utc)
    return Following(programme, started, _paused_days(entries, now), _paused(entries))


def week_of(follow: Following, now: datetime) -> int:
    """The programme week (from 1) that ``now`` falls in, paused days left out."""
    active = (now - follow.started).total_seconds() / 86400 - follow.paused_days
    return int(max(active, 0) // 7) + 1


def status(
    store: HistoryStore,
    programmes: Mapping[str, Programme],
    routines: Mapping[str, Routine],
    now: datetime,
) -> Status | None:
    """Where the runner is in the programme they follow, or None."""
    follow = following(store, programmes, routines, now)
    if follow is None:
        return None
    programme = follow.programme
    week = week_of(follow, now)
    finished = week > len(programme.weeks)
    shown = min(week, len(programme.weeks))
    plan = programme.weeks[shown - 1]
    counted = plog.done(store, programme.id, stamp(follow.started))
    done_now = counted.per_week.get(shown, 0)
    next_id = plan.routines[done_now % len(plan.routines)]
    next_routine = routines.get(next_id)
    last = parse_stamp(counted.last_utc) if counted.last_utc else follow.started
    every = 7 / plan.sessions
    missed = 0 if follow.paused else int(((now - last).total_seconds() / 86400) // every)
    owner = rule_owner(programme.author)
    return Status(
        programme_id=programme.id,
        title=programme.title,
        author=who(programme.author),
        contact=programme.author.contact,
        started_utc=stamp(follow.started),
        week=shown,
        weeks=len(programme.weeks),
        done_this_week=done_now,
        sessions_this_week=plan.sessions,
        next_routine_id=next_id,
        next_routine_name=next_routine.name if next_routine else next_id,
        paused=follow.paused,
        finished=finished,
        review=programme.review,
        rules=[f"{owner}: {text}" for text in rules(programme.get_in_touch).values()],
        advice=programme.get_in_touch.advice,
        missed_in_a_row=missed,
        adherence=[
            WeekDone(n, counted.per_week.get(n, 0), w.sessions)
            for n, w in enumerate(programme.weeks[:shown], start=1)
        ],
        missed_rule=missed_rule(programme, missed, paused=follow.paused, finished=finished),
        sources=[source.label for source in programme.sources],
    )


def missed_rule(programme: Programme, missed: int, *, paused: bool, finished: bool) -> str:
    """The author's "missed in a row" rule, said with whose it is, while ``missed``
    sessions in a row crosses it; else empty (also while paused or once finished)."""
    limit = programme.get_in_touch.missed_in_a_row
    if limit is None or paused or finished or missed < limit:
        return ""
    return f"{rule_owner(programme.author)}: {rules(programme.get_in_touch)['missed_in_a_row']}"


MISSED = "missed_in_a_row"
"""The start of the log ``detail`` of a "missed in a row" crossing, and of its showing."""


def _logged_this_run(store: HistoryStore, found: Status, now: datetime, kind: str) -> bool:
    """Whether ``kind`` was logged for the missed rule during this run of missed sessions
    (since the last completed session, which ``missed_in_a_row`` counts from)."""
    days = found.missed_in_a_row * 7 / found.sessions_this_week
    since = stamp(now - timedelta(days=days))
    return any(
        e.kind == kind and e.detail.startswith(MISSED) and e.at_utc >= since
        for e in plog.entries(store, found.programme_id)
    )


def record_missed(store: HistoryStore, found: Status, now: datetime) -> bool:
    """Record the crossing of the "missed in a row" rule in the programme log, once per
    run of missed sessions; True when recorded now."""
    if not found.missed_rule or _logged_this_run(store, found, now, "threshold-crossed"):
        return False
    detail = f"{MISSED}: {found.missed_rule}"
    return plog.log(
        store, found.programme_id, "threshold-crossed", now, week=found.week, detail=detail
    )


def missed_to_show(store: HistoryStore, found: Status, now: datetime) -> str:
    """The missed rule's sentence if the app has not shown it yet for this run of missed
    sessions (its ``contact-shown`` entry starts with ``missed_in_a_row``); the crossing is
    recorded here."""
    record_missed(store, found, now)
    if not found.missed_rule or _logged_this_run(store, found, now, "contact-shown"):
        return ""
    return found.missed_rule


def after_session(
    store: HistoryStore, programme: Programme, session_id: int | None, week: int, now: datetime
) -> list[str]:
    """The author's rules one finished session crossed, as sentences saying whose rule
    each is; each is in the log (logged here if the rating did not log it already)."""
    return rate(store, programme, session_id, week, now)


class Today(msgspec.Struct, frozen=True):
    """A session that counts for the programme followed: its routine as this week doses
    it, and the programme id and week to tag it with (``SessionRun(programme=...)``)."""

    routine: Routine
    programme: Programme
    week: int
    status: Status

    @property
    def tag(self) -> tuple[str, int]:
        return (self.programme.id, self.week)


def todays_session(
    store: HistoryStore,
    programmes: Mapping[str, Programme],
    routines: Mapping[str, Routine],
    stretches: Mapping[str, Stretch],
    now: datetime,
    routine_id: str = "",
) -> Today | None:
    """Today's session of the programme followed (``routine_id``: only if it is that
    routine), dosed as its week says; None when none is followed, it is paused or done,
    or it cannot be found."""
    try:
        follow = following(store, programmes, routines, now)
        found = status(store, programmes, routines, now)
    except LimberError:
        return None
    if follow is None or found is None or found.paused or found.finished:
        return None
    if routine_id and found.next_routine_id != routine_id:
        return None
    routine = routines.get(found.next_routine_id)
    if routine is None:
        return None
    dosed = week_routine(follow.programme, found.week, routine, stretches)
    return Today(dosed, follow.programme, found.week, found)
