"""The report's per-session sections: the log of every session, the per-exercise and
per-side table, the routines with their pack and version, and the notes
(:mod:`limber.core.history.sections` lays the whole report out, these included), and the
few helpers both share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from limber.core.history.model import SessionRecord, mostly_done
from limber.core.history.reportparts import ReportContext, Section, side_rows
from limber.core.text import clean_line
from limber.core.wording import whole_minutes

DONE = "completed"
"""The one status that counts as a session done (with ``DONE_RULE``)."""


def is_done(r: SessionRecord) -> bool:
    """Completed, with at least 80 % of its planned time done (not skipped through)."""
    return r.status == DONE and mostly_done(r.planned_seconds, r.active_seconds)


clean_text = lru_cache(maxsize=4096)(clean_line)
"""Recorded text on one line (cached: a long history repeats its routine names)."""


def cells(*values: object) -> tuple[str, ...]:
    return tuple(v if isinstance(v, str) else str(v) for v in values)


Timed = list[tuple[SessionRecord, date, str, int]]
"""Each session with, in the runner's own time then, its day, its date and time to the
minute (``2024-05-08 08:00``) and its week (the Monday's ordinal): worked out once, as
a long report would otherwise parse each start several times."""


def minutes_of(records: Iterable[SessionRecord]) -> int:
    return whole_minutes(sum(r.active_seconds for r in records))


def log_section(timed: Timed) -> Section:
    rows = tuple(
        (
            when,
            clean_text(r.routine_name),
            _status(r),
            f"{r.active_seconds / 60:.1f}",
            "-" if r.pain_before is None else str(r.pain_before),
            _after(r),
            clean_text(r.note) or "-",
        )
        for r, _, when, _ in timed
    )
    header = ("When", "Routine", "Status", "Minutes", "Pain before", "Pain after", "Note")
    return Section("Sessions", header=header, rows=rows, align="lllrrrl")


PER_EXERCISE = "Per exercise and side"
"""The per-exercise table's title: the HTML and PDF reports add each exercise's figure."""


def _status(r: SessionRecord) -> str:
    """``completed``, ``completed (skipped through: not done)``, ``stopped: it hurts``."""
    if r.status == DONE and not is_done(r):
        return "completed (skipped through: not done)"
    if r.stop_reason == "this-hurts":
        return "stopped: it hurts"
    return r.status + (f" ({clean_text(r.stop_reason)})" if r.stop_reason else "")


def _after(r: SessionRecord) -> str:
    """The pain after, or at the stop (``5 at the stop``) when not rated after."""
    if r.pain_after is not None:
        return str(r.pain_after)
    return "-" if r.pain_at_stop is None else f"{r.pain_at_stop} at the stop"


def sides_section(records: list[SessionRecord], context: ReportContext) -> Section:
    found = side_rows(records) if context.sides is None else list(context.sides)
    rows = []
    for name, side, done, planned, seconds, skipped, planned_s, reps, stretch in found:
        if reps:
            tempo = context.tempo.get(stretch) or context.rep_seconds
            amount = f"{round(seconds / tempo)}/{round(planned_s / tempo)} reps"
            rows.append(cells(clean_text(name), clean_text(side), amount, "-", skipped))
        else:
            amount = f"{done}/{planned} {'hold' if planned == 1 else 'holds'}"
            rows.append(
                cells(clean_text(name), clean_text(side), amount, f"{seconds:.0f}", skipped)
            )
    if not rows:
        return Section(PER_EXERCISE, ("No exercise was recorded.",))
    header = ("Stretch", "Side", "Done/planned", "Seconds done", "Skipped")
    about = (
        "Holds (and flows) done of those planned, with their seconds; for a reps exercise, "
        "the reps done (its time done over the time of one rep).",
    )
    return Section(PER_EXERCISE, about, header=header, rows=tuple(rows), align="llrrr")


def routines_section(records: list[SessionRecord]) -> Section:
    found: dict[tuple[str, str, str], list[SessionRecord]] = defaultdict(list)
    for r in records:
        found[(r.routine_name, r.pack, r.pack_version)].append(r)
    rows = tuple(
        cells(
            clean_text(name),
            clean_text(pack) or "-",
            clean_text(version) or "-",
            len(all_),
            sum(is_done(r) for r in all_),
            minutes_of(all_),
        )
        for (name, pack, version), all_ in sorted(found.items())
    )
    header = ("Routine", "Pack", "Version", "Sessions", "Done", "Minutes")
    return Section("Routines", header=header, rows=rows, align="lllrrr")


def notes_section(timed: Timed) -> Section:
    notes = tuple(
        f"{day.isoformat()} ({clean_text(r.routine_name)}): {note}"
        for r, day, _, _ in timed
        if r.note and (note := clean_text(r.note))
    )
    return Section("Notes", () if notes else ("No notes.",), notes)
