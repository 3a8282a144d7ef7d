"""History out (CSV, JSON, a Markdown report) and back in (JSON), for a coach or physio.

The JSON file is the lossless one; it is what ``limber history import`` reads::

    {
      "format": "limber-history",
      "version": 1,
      "sessions": [
        {
          "uid": "3f0c…",                 # unique per session: imports merge on it
          "routine_id": "core/post-run", "routine_name": "Post-run lower-back relief",
          "pack": "core", "pack_version": "0.1.0",
          "started_utc": "2024-05-01T07:30:00Z",
          "utc_offset_minutes": 120,       # the runner's local offset when it started
          "ended_utc": "2024-05-01T07:42:10Z",   # null while in progress
          "status": "completed",           # in-progress | completed | ended-early | interrupted
          "planned_seconds": 720.0, "active_seconds": 730.0,
          "pain_before": 5, "pain_after": 3,     # 0 to 10, or null when not rated
          "note": "", "stop_reason": "",
          "phases": [
            {"idx": 0, "stretch_id": "core/knees-to-chest", "stretch_name": "Knees to chest",
             "side": "", "kind": "get-ready", "planned_seconds": 5.0, "done_seconds": 5.0,
             "skipped": false, "ended_utc": "2024-05-01T07:30:05Z"}
          ]
        }
      ]
    }

Sessions are oldest first, phases in the order they ended. Times are UTC, whole seconds.
Importing the export of a store into an empty store and exporting again gives the same
text: that round trip is a test.

The CSV has one row per session. A spreadsheet runs any cell that starts with ``=``,
``+``, ``-``, ``@``, tab or CR as a formula, so such cells get a leading ``'``.
The Markdown report gives figures only (adherence against the weekly goal, pain before
and after, routines, notes), no interpretation.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.history.model import COUNTED_STATUSES, PhaseRecord, SessionRecord, stamp
from limber.core.text import clean_line

FORMAT = "limber-history"
VERSION = 1
CSV_COLUMNS = (
    "date",
    "started_local",
    "routine_id",
    "routine_name",
    "pack",
    "status",
    "planned_minutes",
    "active_minutes",
    "pain_before",
    "pain_after",
    "note",
    "stop_reason",
    "uid",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFileError(LimberError):
    """A file given to import is not a history export Limber can read (one sentence)."""


# -- out ------------------------------------------------------------------------------------


def render(
    fmt: Literal["csv", "json", "md"],
    records: list[SessionRecord],
    *,
    since: date | None = None,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
) -> str:
    if fmt == "json":
        return to_json(records)
    if fmt == "csv":
        return to_csv(records)
    if fmt == "md":
        return to_markdown(
            records, since=since, goal_sessions=goal_sessions, goal_minutes=goal_minutes
        )
    raise ValueError(f"unknown export format {fmt!r}")


def session_json(record: SessionRecord) -> dict[str, Any]:
    """One session in the export's shape (also what ``limber history --json`` lists)."""
    data = {f.name: getattr(record, f.name) for f in fields(SessionRecord)}
    data["phases"] = [
        {f.name: getattr(phase, f.name) for f in fields(PhaseRecord)} for phase in record.phases
    ]
    return data


def to_json(records: Iterable[SessionRecord]) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "sessions": [session_json(record) for record in records],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def neutralise(value: object) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(records: Iterable[SessionRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; CR in a cell is quoted
    writer.writerow(CSV_COLUMNS)
    for r in records:
        start = r.local_start
        row = (
            start.date().isoformat(),
            start.isoformat(),
            r.routine_id,
            r.routine_name,
            r.pack,
            r.status,
            round(r.planned_seconds / 60, 1),
            round(r.active_seconds / 60, 1),
            r.pain_before,
            r.pain_after,
            r.note,
            r.stop_reason,
            r.uid,
        )
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()


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
    first = since or records[0].local_day
    last = max(r.local_day for r in records)
    counted = [r for r in records if r.status in COUNTED_STATUSES]
    statuses = Counter(r.status for r in records)
    weeks: dict[date, list[SessionRecord]] = defaultdict(list)
    for r in counted:
        weeks[_monday(r.local_day)].append(r)
    mondays = [
        _monday(first) + timedelta(weeks=n)
        for n in range((_monday(last) - _monday(first)).days // 7 + 1)
    ]
    met = sum(
        1
        for m in mondays
        if sum(r.active_seconds >= goal_minutes * 60 for r in weeks[m]) >= goal_sessions
    )
    minutes = sum(r.active_seconds for r in records) / 60
    out += [
        f"- Period: {first.isoformat()} to {last.isoformat()} (local dates)",
        f"- Sessions: {len(records)} ({statuses['completed']} completed, "
        f"{statuses['ended-early']} ended early, {statuses['interrupted']} interrupted, "
        f"{statuses['in-progress']} in progress)",
        f"- Active minutes: {minutes:.0f}",
        f"- Weekly goal: {goal_sessions} sessions of at least {goal_minutes} minutes; "
        f"met in {met} of {len(mondays)} weeks",
        "",
        "## Sessions per week",
        "",
        "Completed and ended-early sessions, by week starting Monday.",
        "",
    ]
    rows = []
    for monday in mondays:
        done = weeks[monday]
        long_enough = sum(r.active_seconds >= goal_minutes * 60 for r in done)
        total = sum(r.active_seconds for r in done) / 60
        goal = "met" if long_enough >= goal_sessions else "not met"
        rows.append((monday.isoformat(), len(done), long_enough, f"{total:.0f}", goal))
    out += _table(
        ("Week of", "Sessions", f"≥ {goal_minutes} min", "Minutes", "Goal"), "lrrrl", rows
    )
    out += ["", "## Pain before → after", "", "Ratings from 0 (none) to 10 (worst)."]
    out += ["Averages over the rated sessions of each week.", ""]
    rated: dict[date, list[SessionRecord]] = defaultdict(list)
    for r in records:
        if r.pain_before is not None or r.pain_after is not None:
            rated[_monday(r.local_day)].append(r)
    if rated:
        pain_rows = []
        for monday in sorted(rated):
            before = [r.pain_before for r in rated[monday] if r.pain_before is not None]
            after = [r.pain_after for r in rated[monday] if r.pain_after is not None]
            pain_rows.append((monday.isoformat(), len(rated[monday]), _avg(before), _avg(after)))
        out += _table(("Week of", "Rated sessions", "Before", "After"), "lrrr", pain_rows)
    else:
        out.append("No session was rated.")
    out += ["", "## Routines done", ""]
    by_routine: dict[str, list[SessionRecord]] = defaultdict(list)
    for r in counted:
        by_routine[r.routine_name].append(r)
    routine_rows = [
        (_md(name), len(done), f"{sum(r.active_seconds for r in done) / 60:.0f}")
        for name, done in sorted(by_routine.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    out += (
        _table(("Routine", "Sessions", "Minutes"), "lrr", routine_rows)
        if routine_rows
        else ["None completed."]
    )
    notes = [r for r in records if r.note.strip()]
    out += ["", "## Notes", ""]
    out += [f"- {r.local_day.isoformat()} ({_md(r.routine_name)}): {_md(r.note)}" for r in notes]
    if not notes:
        out.append("No notes.")
    return "\n".join(out) + "\n"


# -- in -------------------------------------------------------------------------------------

Seconds = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
Pain = Annotated[int, msgspec.Meta(ge=0, le=10)]
When = Annotated[datetime, msgspec.Meta(tz=True)]


class _PhaseIn(msgspec.Struct, kw_only=True):
    idx: Annotated[int, msgspec.Meta(ge=0)]
    stretch_id: str = ""
    stretch_name: str = ""
    side: str = ""
    kind: str
    planned_seconds: Seconds
    done_seconds: Seconds
    skipped: bool = False
    ended_utc: When


class _SessionIn(msgspec.Struct, kw_only=True):
    uid: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    routine_id: str
    routine_name: str
    pack: str = ""
    pack_version: str = ""
    started_utc: When
    utc_offset_minutes: Annotated[int, msgspec.Meta(ge=-1440, le=1440)] = 0
    ended_utc: When | None = None
    status: Literal["in-progress", "completed", "ended-early", "interrupted"]
    planned_seconds: Seconds = 0.0
    active_seconds: Seconds = 0.0
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    note: str = ""
    stop_reason: str = ""
    phases: list[_PhaseIn] = msgspec.field(default_factory=list)


class _Header(msgspec.Struct):
    format: str = ""
    version: int = 0


class _File(msgspec.Struct):
    format: str
    version: int
    sessions: list[_SessionIn]


_WORDS = {
    "`int`": "a whole number",
    "`float`": "a number",
    "`str`": "text",
    "`bool`": "true or false",
    "`array`": "a list",
    "`object`": "an object",
    "`null`": "null",
    "`int | null`": "a whole number or null",
    "`datetime | null`": "a date-time or null",
}


def _explain(error: msgspec.ValidationError) -> str:
    """``Expected `int`, got `str` - at `$.sessions[0].pain_before``` → one readable line."""
    message, _, where = str(error).partition(" - at `$")
    path = where.rstrip("`").lstrip(".")
    if missing := re.fullmatch(r"Object missing required field `(.+)`", message):
        path = f"{path}.{missing[1]}".lstrip(".")
        message = "this field is missing"
    elif "datetime" in message:
        message = "expected a date-time with its UTC offset, such as 2024-05-01T07:30:00Z"
    elif message.startswith("Invalid enum value"):
        message = "unknown value" + message.removeprefix("Invalid enum value")
    else:
        for name, words in _WORDS.items():
            message = message.replace(name, words)
        message = message[:1].lower() + message[1:]
    return f"{path}: {message}" if path else message


def parse_json(text: str | bytes) -> list[SessionRecord]:
    """The sessions of an exported file; :class:`ExportFileError` naming what is wrong."""
    try:
        header = msgspec.json.decode(text, type=_Header)
        if header.format != FORMAT:
            raise ExportFileError(f'this is not a Limber history export (no "format": "{FORMAT}").')
        if header.version > VERSION:
            raise ExportFileError(
                f"this file is from a newer Limber (history version {header.version});"
                " update Limber to import it."
            )
        document = msgspec.json.decode(text, type=_File)
    except msgspec.ValidationError as error:
        raise ExportFileError(_explain(error) + ".") from None
    except msgspec.DecodeError as error:
        detail = str(error)
        detail = detail[:1].lower() + detail[1:]
        raise ExportFileError(f"this is not valid JSON ({detail}).") from None
    except UnicodeError:
        raise ExportFileError("this is not UTF-8 text.") from None
    return [_record(s, f"sessions[{n}]") for n, s in enumerate(document.sessions)]


def _utc(moment: datetime, where: str) -> str:
    """A date-time as stored; a year outside 1900 to 9998 is a bad file, not a crash later."""
    if not 1900 <= moment.year <= 9998:
        raise ExportFileError(f"{where}: the year {moment.year} is out of range.")
    return stamp(moment)


def _record(s: _SessionIn, where: str) -> SessionRecord:
    return SessionRecord(
        uid=s.uid,
        routine_id=s.routine_id,
        routine_name=s.routine_name,
        pack=s.pack,
        pack_version=s.pack_version,
        started_utc=_utc(s.started_utc, f"{where}.started_utc"),
        utc_offset_minutes=s.utc_offset_minutes,
        ended_utc=_utc(s.ended_utc, f"{where}.ended_utc") if s.ended_utc else None,
        status=s.status,
        planned_seconds=float(s.planned_seconds),
        active_seconds=float(s.active_seconds),
        pain_before=s.pain_before,
        pain_after=s.pain_after,
        note=s.note,
        stop_reason=s.stop_reason,
        phases=tuple(
            PhaseRecord(
                idx=p.idx,
                stretch_id=p.stretch_id,
                stretch_name=p.stretch_name,
                side=p.side,
                kind=p.kind,
                planned_seconds=float(p.planned_seconds),
                done_seconds=float(p.done_seconds),
                skipped=p.skipped,
                ended_utc=_utc(p.ended_utc, f"{where}.phases[{n}].ended_utc"),
            )
            for n, p in enumerate(s.phases)
        ),
    )
