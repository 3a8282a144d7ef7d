"""History back in: reading a JSON file written by ``limber history export --format json``
(the shape is in :mod:`limber.core.history.export`) into session records."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.history.export import FORMAT, VERSION
from limber.core.history.model import PhaseRecord, SessionRecord, stamp
from limber.core.text import untrusted, untrusted_line

_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class ExportFileError(LimberError):
    """A file given to import is not a history export Limber can read (one sentence)."""


Seconds = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
Pain = Annotated[int, msgspec.Meta(ge=0, le=10)]
When = Annotated[datetime, msgspec.Meta(tz=True)]
Stamp = Annotated[str, msgspec.Meta(max_length=64)]
"""A date-time, read as text: the stored shape (``2024-05-01T07:30:00Z``) is taken as it
is, anything else parsed as a date-time (see :func:`_utc`). Parsing a million is slow."""
Name = Annotated[str, msgspec.Meta(max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]


class _PhaseIn(msgspec.Struct, kw_only=True):
    idx: Annotated[int, msgspec.Meta(ge=0)]
    stretch_id: Name = ""
    stretch_name: Name = ""
    side: Name = ""
    kind: Name
    planned_seconds: Seconds
    done_seconds: Seconds
    skipped: bool = False
    ended_utc: Stamp


class _SessionIn(msgspec.Struct, kw_only=True):
    uid: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    routine_id: Name
    routine_name: Name
    pack: Name = ""
    pack_version: Name = ""
    started_utc: Stamp
    utc_offset_minutes: Annotated[int, msgspec.Meta(ge=-1440, le=1440)] = 0
    ended_utc: Stamp | None = None
    status: Literal["in-progress", "completed", "ended-early", "interrupted"]
    planned_seconds: Seconds = 0.0
    active_seconds: Seconds = 0.0
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    note: Note = ""
    stop_reason: Name = ""
    stop_stretch_id: Name = ""
    stop_stretch_name: Name = ""
    stop_side: Name = ""
    stop_phase: int = -1
    pain_at_stop: Pain | None = None
    programme_id: Name = ""
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
    except RecursionError:
        raise ExportFileError("this is nested too deeply to be a history export.") from None
    # Text from the file is cleaned here, where it enters; most files hold no control
    # character at all (one scan of the bytes says so), and then nothing needs cleaning.
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    line, note = (_line, _note) if _SUSPECT_JSON.search(raw) else (_same, _same)
    return [_record(s, f"sessions[{n}]", line, note) for n, s in enumerate(document.sessions)]


def _utc(text: str, where: str) -> str:
    """A date-time as stored; a year outside 1900 to 9998 is a bad file, not a crash later."""
    if _STORED.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text[:19])
        except ValueError:
            raise ExportFileError(f"{where}: {_WHEN}.") from None
        if 1900 <= moment.year <= 9998:
            return text
    else:
        try:
            moment = msgspec.convert(text, When)
        except msgspec.ValidationError:
            raise ExportFileError(f"{where}: {_WHEN}.") from None
    if not 1900 <= moment.year <= 9998:
        raise ExportFileError(f"{where}: the year {moment.year} is out of range.")
    return stamp(moment)


_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_WHEN = "expected a date-time with its UTC offset, such as 2024-05-01T07:30:00Z"
# A control character, a C1 character or a bidi override, as JSON writes it: escaped,
# or as its UTF-8 bytes.
_SUSPECT_JSON = re.compile(
    rb"\\u00[01][0-9a-fA-F]|\\u00[89][0-9a-fA-F]|\\u007[fF]|\\u20(?:2[a-eA-E]|6[6-9])"
    rb"|\\[bfnrt]|\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def _same(text: str) -> str:
    return text


def _line(text: str) -> str:
    """An imported name or id: what any other Limber or a hand-edited file put there is
    cleaned of control characters here, where it enters."""
    return untrusted_line(text, 200) if _SUSPECT.search(text) else text


def _note(text: str) -> str:
    return untrusted(text, 2000) if _SUSPECT.search(text) else text


def _record(
    s: _SessionIn, where: str, line: Callable[[str], str], note: Callable[[str], str]
) -> SessionRecord:
    return SessionRecord(
        uid=line(s.uid),
        routine_id=line(s.routine_id),
        routine_name=line(s.routine_name),
        pack=line(s.pack),
        pack_version=line(s.pack_version),
        started_utc=_utc(s.started_utc, f"{where}.started_utc"),
        utc_offset_minutes=s.utc_offset_minutes,
        ended_utc=_utc(s.ended_utc, f"{where}.ended_utc") if s.ended_utc else None,
        status=s.status,
        planned_seconds=float(s.planned_seconds),
        active_seconds=float(s.active_seconds),
        pain_before=s.pain_before,
        pain_after=s.pain_after,
        note=note(s.note),
        stop_reason=line(s.stop_reason),
        stop_stretch_id=line(s.stop_stretch_id),
        stop_stretch_name=line(s.stop_stretch_name),
        stop_side=line(s.stop_side),
        stop_phase=s.stop_phase,
        pain_at_stop=s.pain_at_stop,
        programme_id=line(s.programme_id),
        programme_week=s.programme_week,
        phases=tuple(
            PhaseRecord(
                idx=p.idx,
                stretch_id=line(p.stretch_id),
                stretch_name=line(p.stretch_name),
                side=line(p.side),
                kind=line(p.kind),
                planned_seconds=float(p.planned_seconds),
                done_seconds=float(p.done_seconds),
                skipped=p.skipped,
                ended_utc=_utc(p.ended_utc, f"{where}.phases[{n}].ended_utc"),
            )
            for n, p in enumerate(s.phases)
        ),
    )
