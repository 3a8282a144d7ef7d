"""The programme author's rules a session crossed: logged in the same transaction as the
rating that crosses them, and worked out again from the recorded sessions when a report
is made (so an imported history, or a session whose app was quit at a dialog, still
shows them).

A session's "pain after" for the author's rules is the rating after it, or, when it was
stopped because it hurt and not rated after, the pain at the stop.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from limber.core.history.model import stamp
from limber.core.programme import crossed_after_session, rule_owner, rules

if TYPE_CHECKING:
    from limber.core.events import StopPoint
    from limber.core.history.model import SessionRecord
    from limber.core.history.programmes import LogEntry
    from limber.core.history.store import HistoryStore
    from limber.core.programme_model import GetInTouch, Programme


def keys(
    get_in_touch: GetInTouch,
    before: int | None,
    after: int | None,
    stopped: bool,
    pain_at_stop: int | None,
) -> list[str]:
    """The keys of the author's rules one session crossed (the pain at a stop standing
    for the pain after when the session was not rated after)."""
    return crossed_after_session(
        get_in_touch, before, after if after is not None else pain_at_stop, stopped
    )


def sentence(programme: Programme, key: str) -> str:
    """``Your physio's rule (Jane Doe, MCSP): get in touch if …``."""
    return f"{rule_owner(programme.author)}: {rules(programme.get_in_touch)[key]}"


def rate(
    store: HistoryStore,
    programme: Programme,
    session_id: int | None,
    week: int,
    now: datetime,
    *,
    after: int | None = None,
    stop: StopPoint | None = None,
) -> list[str]:
    """Store the pain after (or the stop: where, and the pain then), and log each rule of
    ``programme`` the session now crosses that is not logged yet, in one transaction.
    The sentences of every rule it crosses; [] when it could not be saved."""
    from limber.core.history.db import RECORD_STOP

    if session_id is None:
        return []

    def work(conn: sqlite3.Connection) -> list[str]:
        if stop is not None:
            conn.execute(RECORD_STOP, (*stop, session_id))
            conn.execute(
                "UPDATE sessions SET stop_reason = 'this-hurts' WHERE id = ?", (session_id,)
            )
        if after is not None:
            conn.execute("UPDATE sessions SET pain_after = ? WHERE id = ?", (after, session_id))
        return _log_crossed(conn, programme, session_id, week, now)

    return store._write(work) or []


def _log_crossed(
    conn: sqlite3.Connection, programme: Programme, session_id: int, week: int, now: datetime
) -> list[str]:
    row = conn.execute(
        "SELECT pain_before, pain_after, stop_reason = 'this-hurts', pain_at_stop"
        " FROM sessions WHERE id = ?",
        (session_id,),
    ).fetchone()
    if row is None:
        return []
    logged = {
        detail.partition(":")[0]
        for (detail,) in conn.execute(
            "SELECT detail FROM programme_log WHERE session_id = ? AND kind = 'threshold-crossed'",
            (session_id,),
        )
    }
    said = []
    for key in keys(programme.get_in_touch, row[0], row[1], bool(row[2]), row[3]):
        text = sentence(programme, key)
        said.append(text)
        if key not in logged:
            conn.execute(
                "INSERT INTO programme_log (programme_id, kind, at_utc, week, session_id, detail)"
                " VALUES (?, 'threshold-crossed', ?, ?, ?, ?)",
                (programme.id, stamp(now), week, session_id, f"{key}: {text}"),
            )
    return said


class Crossing(msgspec.Struct, frozen=True):
    """One rule crossed, for the report: when (UTC, for order), the local date and time,
    the routine, and the sentence with whose rule it is."""

    at_utc: str
    when: str
    routine: str
    text: str


def in_report(
    records: Iterable[SessionRecord],
    programmes: Mapping[str, Programme],
    log: Iterable[LogEntry],
    since_utc: str = "",
) -> list[Crossing]:
    """Every rule crossed in the period, oldest first: worked out from the sessions of
    each programme found in ``programmes``, and taken from the log for the rest (a
    programme no longer installed, and the "missed in a row" rule)."""
    found = []
    for r in records:
        programme = programmes.get(r.programme_id) if r.programme_id else None
        if programme is None:
            continue
        stopped = r.stop_reason == "this-hurts"
        when = r.local_start.strftime("%Y-%m-%d %H:%M")
        pain = _pain(r)
        for key in keys(
            programme.get_in_touch, r.pain_before, r.pain_after, stopped, r.pain_at_stop
        ):
            text = f"{sentence(programme, key)} ({pain})"
            found.append(Crossing(r.started_utc, when, r.routine_name, text))
    for e in log:
        if e.kind != "threshold-crossed" or e.at_utc < since_utc:
            continue
        if e.session_id is not None and e.programme_id in programmes:
            continue  # worked out from its session above
        from limber.core.history.model import parse_stamp

        when = parse_stamp(e.at_utc).astimezone().strftime("%Y-%m-%d %H:%M")
        found.append(Crossing(e.at_utc, when, "", e.detail.partition(": ")[2] or e.detail))
    return sorted(found, key=lambda c: c.at_utc)


def _pain(r: SessionRecord) -> str:
    before = "-" if r.pain_before is None else str(r.pain_before)
    if r.pain_after is not None:
        return f"pain {before} → {r.pain_after}"
    if r.pain_at_stop is not None:
        return f"pain {before} → {r.pain_at_stop} at the stop"
    return "stopped because it hurt"
