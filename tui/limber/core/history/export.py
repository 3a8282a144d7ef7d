"""History out (CSV, JSON) and back in (JSON), for a coach or physio. (The Markdown
report is the clinician's report: :mod:`limber.core.reportcontext`, ``markdown.py``.)

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
          "note": "", "stop_reason": "",   # "this-hurts" when the runner stopped for pain
          "stop_stretch_id": "", "stop_stretch_name": "", "stop_side": "",  # where it hurt
          "stop_phase": -1,                # the phase's index in the plan; -1: no stop
          "pain_at_stop": null,            # 0 to 10 at that moment, or null
          "programme_id": "", "programme_week": 0,   # the programme followed, if any
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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import msgspec

from limber.core.history.model import SessionRecord
from limber.core.jsonout import encode
from limber.core.text import visible

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
    "stop_stretch_id",
    "stop_stretch_name",
    "stop_side",
    "stop_phase",
    "pain_at_stop",
)
"""New columns go at the end, so a spreadsheet reading columns by position keeps working."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- out ------------------------------------------------------------------------------------


def session_json(record: SessionRecord) -> dict[str, Any]:
    """One session in the export's shape (also what ``limber history --json`` lists)."""
    data = msgspec.structs.asdict(record)
    data["phases"] = [msgspec.structs.asdict(phase) for phase in record.phases]
    return data


def to_json(records: Iterable[SessionRecord], glance: dict[str, Any] | None = None) -> str:
    return to_json_bytes(records, glance).decode()


def to_json_bytes(records: Iterable[SessionRecord], glance: dict[str, Any] | None = None) -> bytes:
    """The JSON export as UTF-8, for writing straight out (150 MB for 50,000 sessions).
    The records are msgspec Structs: encoded as they are, fields in order, in C.
    ``glance``: the report's "At a glance" (``limber report``), before the sessions;
    ``limber history import`` reads the sessions and passes over it."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if glance is not None:
        document["at_a_glance"] = glance
    document["sessions"] = list(records)
    return encode(document)


def neutralise(value: object) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula, with no
    invisible character (:func:`limber.core.text.visible`)."""
    text = "" if value is None else visible(str(value))
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
            r.stop_stretch_id,
            r.stop_stretch_name,
            r.stop_side,
            r.stop_phase if r.stop_phase >= 0 else "",  # -1: no stop
            r.pain_at_stop,
        )
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()
