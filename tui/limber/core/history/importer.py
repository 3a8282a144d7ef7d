"""History back in: reading a JSON file written by ``limber history export --format json``
(the shape is in :mod:`limber.core.history.export`) into session records."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.history.export import FORMAT, VERSION
from limber.core.history.model import PhaseRecord, SessionRecord, stamp


class ExportFileError(LimberError):
    """A file given to import is not a history export Limber can read (one sentence)."""


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
    stop_stretch_id: str = ""
    stop_stretch_name: str = ""
    stop_side: str = ""
    stop_phase: int = -1
    pain_at_stop: Pain | None = None
    programme_id: str = ""
    programme_week: Annotated[int, msgspec.Meta(ge=0, le=52)] = 0
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


_STOP_AND_PROGRAMME = (
    "stop_stretch_id",
    "stop_stretch_name",
    "stop_side",
    "stop_phase",
    "pain_at_stop",
    "programme_id",
    "programme_week",
)


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
        **{name: getattr(s, name) for name in _STOP_AND_PROGRAMME},
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
