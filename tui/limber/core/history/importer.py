"""History back in: reading a JSON file written by ``limber history export --format json``
(the shape is in :mod:`limber.core.history.export`) into session records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from limber.core.errors import LimberError
from limber.core.history.export import FORMAT, VERSION
from limber.core.history.model import MAX_NOTE, stamp
from limber.core.text import SUSPECT, json_may_need_cleaning, untrusted, untrusted_line

_SUSPECT = re.compile(f"[\n\r{SUSPECT}]")
"""What cleaning changes in a name (newlines too: a name is one line) or a note."""


class ExportFileError(LimberError):
    """A file given to import is not a history export Limber can read (one sentence)."""


Seconds = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
Pain = Annotated[int, msgspec.Meta(ge=0, le=10)]
When = Annotated[datetime, msgspec.Meta(tz=True)]
Stamp = Annotated[str, msgspec.Meta(max_length=64)]
"""A date-time, read as text: the stored shape (``2024-05-01T07:30:00Z``) is taken as it
is, anything else parsed as a date-time (see :func:`_utc`). Parsing a million is slow."""
Name = Annotated[str, msgspec.Meta(max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=MAX_NOTE)]


# gc=False: a million sessions are millions of these, none of which can be in a cycle;
# the garbage collector need not track them.
class PhaseIn(msgspec.Struct, kw_only=True, gc=False):
    """One phase of an imported session; its fields are the ``phases`` columns."""

    idx: Annotated[int, msgspec.Meta(ge=0)]
    stretch_id: Name = ""
    stretch_name: Name = ""
    side: Name = ""
    kind: Name
    planned_seconds: Seconds
    done_seconds: Seconds
    skipped: bool = False
    ended_utc: Stamp


class SessionIn(msgspec.Struct, kw_only=True, gc=False):
    """One imported session, checked and cleaned; its fields (but ``phases``) are the
    ``sessions`` columns."""

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
    phases: list[PhaseIn] = msgspec.field(default_factory=list)


class _Header(msgspec.Struct):
    format: str = ""
    version: int = 0


class _File(msgspec.Struct):
    format: str
    version: int
    sessions: list[msgspec.Raw]
    """Each session's JSON text, decoded a batch at a time (:meth:`ExportFile.batches`):
    a million sessions are never all Python objects at once."""


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


def _explain(error: msgspec.ValidationError, first: int = 0) -> str:
    """``Expected `int`, got `str` - at `$.sessions[0].pain_before``` → one readable line.
    In a batch (``$[3].note``), the session is numbered from ``first`` in the file."""
    message, _, where = str(error).partition(" - at `$")
    path = where.rstrip("`").lstrip(".")
    if batched := re.match(r"\[(\d+)\]", path):
        path = f"sessions[{first + int(batched[1])}]{path[batched.end() :]}"
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


class ExportFile:
    """An export whose JSON and header are good: its sessions are decoded, checked and
    cleaned a batch at a time by :meth:`batches`, which raises :class:`ExportFileError`
    for the first bad one (the caller's transaction then adds nothing)."""

    def __init__(self, sessions: list[msgspec.Raw]) -> None:
        self._sessions = sessions

    def __len__(self) -> int:
        return len(self._sessions)

    def batches(self, size: int = 10_000) -> Iterator[list[SessionIn]]:
        decoder = msgspec.json.Decoder(list[SessionIn])
        for first in range(0, len(self._sessions), size):
            text = b"[" + b",".join(self._sessions[first : first + size]) + b"]"
            try:
                batch = decoder.decode(text)
            except msgspec.ValidationError as error:
                raise ExportFileError(_explain(error, first) + ".") from None
            except msgspec.DecodeError as error:  # bad UTF-8 inside a session, for one
                raise ExportFileError(_not_json(error)) from None
            except RecursionError:
                raise ExportFileError(_TOO_DEEP) from None
            # Text from the file is cleaned here, where it enters; most files hold no
            # control character at all (a scan of the bytes says so), and then nothing
            # needs cleaning.
            clean = json_may_need_cleaning(text) or b"\\n" in text
            for number, session in enumerate(batch, first):
                _check(session, number, clean)
            yield batch


_TOO_DEEP = "this is nested too deeply to be a history export."


def parse_json(text: str | bytes) -> ExportFile:
    """The export in ``text`` if its JSON and header are good; :class:`ExportFileError`
    naming what is wrong. Its sessions are read by :meth:`ExportFile.batches`."""
    try:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        header = msgspec.json.decode(data, type=_Header)
        if header.format != FORMAT:
            raise ExportFileError(f'this is not a Limber history export (no "format": "{FORMAT}").')
        if header.version > VERSION:
            raise ExportFileError(
                f"this file is from a newer Limber (history version {header.version});"
                " update Limber to import it."
            )
        document = msgspec.json.decode(data, type=_File)
    except msgspec.ValidationError as error:
        raise ExportFileError(_explain(error) + ".") from None
    except msgspec.DecodeError as error:
        raise ExportFileError(_not_json(error)) from None
    except UnicodeError:
        raise ExportFileError("this is not UTF-8 text.") from None
    except RecursionError:
        raise ExportFileError(_TOO_DEEP) from None
    return ExportFile(document.sessions)


class _BadStamp(Exception):
    pass


def _not_json(error: msgspec.DecodeError) -> str:
    detail = str(error)
    if "UTF-8" in detail:
        return "this is not UTF-8 text."
    return f"this is not valid JSON ({detail[:1].lower() + detail[1:]})."


def _check(s: SessionIn, number: int, clean: bool) -> None:
    """Times in the stored shape and, with ``clean``, texts cleaned, in place; a bad
    time is an :class:`ExportFileError` naming it."""
    try:
        s.started_utc = _utc(s.started_utc)
        if s.ended_utc:
            s.ended_utc = _utc(s.ended_utc)
        for p in s.phases:
            p.ended_utc = _utc(p.ended_utc)
    except _BadStamp:
        _name_bad_stamp(s, f"sessions[{number}]")
    if clean:
        _clean(s)


def _name_bad_stamp(s: SessionIn, where: str) -> None:
    stamps = [("started_utc", s.started_utc), ("ended_utc", s.ended_utc or "")]
    stamps += [(f"phases[{n}].ended_utc", p.ended_utc) for n, p in enumerate(s.phases)]
    for name, text in stamps:
        try:
            if text:
                _utc(text)
        except _BadStamp as bad:
            raise ExportFileError(f"{where}.{name}: {bad}.") from None


def _utc(text: str) -> str:
    """A date-time as stored; a year outside 1900 to 9998 is a bad file, not a crash later."""
    if _STORED.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text[:19])
        except ValueError:
            raise _BadStamp(_WHEN) from None
        if 1900 <= moment.year <= 9998:
            return text
    else:
        try:
            moment = msgspec.convert(text, When)
        except msgspec.ValidationError:
            raise _BadStamp(_WHEN) from None
    if not 1900 <= moment.year <= 9998:
        raise _BadStamp(f"the year {moment.year} is out of range")
    return stamp(moment)


_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_WHEN = "expected a date-time with its UTC offset, such as 2024-05-01T07:30:00Z"
_SESSION_LINES: tuple[str, ...] = ("uid", "routine_id", "routine_name", "pack", "pack_version")
_SESSION_LINES += ("stop_reason", "stop_stretch_id", "stop_stretch_name", "stop_side")
_SESSION_LINES += ("programme_id",)
_PHASE_LINES = ("stretch_id", "stretch_name", "side", "kind")


def _clean(s: SessionIn) -> None:
    """An imported name or id: what any other Limber or a hand-edited file put there is
    cleaned of control characters here, where it enters."""
    for name in _SESSION_LINES:
        setattr(s, name, _line(getattr(s, name)))
    s.note = untrusted(s.note, MAX_NOTE) if _SUSPECT.search(s.note) else s.note
    for p in s.phases:
        for name in _PHASE_LINES:
            setattr(p, name, _line(getattr(p, name)))


def _line(text: str) -> str:
    return untrusted_line(text, 200) if _SUSPECT.search(text) else text
