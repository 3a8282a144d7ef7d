"""What the clinician's report says besides the sessions (:class:`ReportContext`), the
shapes :mod:`sections` lays it out in (:class:`Section`, :class:`Report`), and
two figures read from the sessions' details: the sessions stopped for pain and the
per-side table. :mod:`sections` lays them out for every format."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from limber.core.history.model import DONE_RULE, SessionRecord, SideRow
from limber.core.phases import PHASES

_WORK = frozenset(info.sql_name for info in PHASES.values() if info.work)


class Adherence(msgspec.Struct, frozen=True):
    """One programme week: sessions completed and prescribed."""

    week: int
    done: int
    prescribed: int
    programme: str = ""
    """The programme's title (a period may hold more than one)."""
    programme_id: str = ""


class ReportContext(msgspec.Struct, frozen=True):
    """What the report says besides the sessions: who, which Limber, which programme."""

    patient: str = ""
    """The optional patient label from ``config.toml`` (``patient_label``)."""
    limber_version: str = ""
    programme: str = ""
    """The programme's title and author, when the report is about one."""
    adherence: tuple[Adherence, ...] = ()
    crossings: tuple[tuple[str, str, str], ...] = ()
    """(local date and time, routine, sentence saying whose rule) of each of the
    programme authors' rules crossed, in the order they happened."""
    rules: tuple[str, ...] = msgspec.field(default_factory=tuple)
    goal_sessions: int = 3
    """The runner's weekly goal (``config.toml``): this many sessions a week..."""
    goal_minutes: int = 10
    """...of at least this many minutes each."""
    sides: tuple[SideRow, ...] | None = None
    """The per-side table made in SQL; None: from the sessions' phases."""
    tempo: Mapping[str, float] = msgspec.field(default_factory=dict)
    """Seconds per rep of each reps exercise (by stretch id), to count reps done."""
    rep_seconds: float = 4
    """Seconds per rep of an exercise not in ``tempo`` (the runner's setting)."""


WARNING_SIGNS = re.compile(
    r"\b(tingl(?:e|es|ed|ing|y)|numb(?:ness)?|weak(?:ness|er|ened)?|sharp)\b", re.IGNORECASE
)
"""The signs the "When to stop" page names (from seed 004: sciatica "can cause sharp pain
on one side of the body and numbness, weakness, or tingling"), as a note may word them."""
WARNING_POINTER = (
    'Limber\'s own pointer, not a diagnosis: the "When to stop" page lists sharp pain '
    "on one side, numbness, weakness and tingling as signs to see a professional about."
)


def warning_notes(records: Iterable[SessionRecord]) -> list[tuple[str, str, str]]:
    """Sessions whose note names a warning sign: (when, routine, the signs named)."""
    found = []
    for r in records:
        signs = dict.fromkeys(m.group(1).lower() for m in WARNING_SIGNS.finditer(r.note))
        if signs:
            found.append((_when(r), r.routine_name, ", ".join(signs)))
    return found


class Section(msgspec.Struct, frozen=True):
    """A heading, sentences, a list of figures, and optionally a table."""

    title: str
    lines: tuple[str, ...] = ()
    """Sentences, each a paragraph."""
    items: tuple[str, ...] = ()
    """Figures, shown as a list after the sentences."""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: str = ""
    """Per column: "r" for a number (right-aligned), "l" (or nothing) for text."""
    strong: bool = False
    """The lines are what a clinician must see first (a pain stop)."""
    trend: bool = False
    """The pain trend (``Report.pain_points``) belongs to this section."""


class Report(msgspec.Struct, frozen=True):
    title: str
    who: tuple[str, ...]
    sections: tuple[Section, ...]
    pain_points: tuple[tuple[str, int | None, int | None, int | None], ...]
    """(session's local date and time, pain before, pain after, pain at a stop for
    "this hurts"), oldest first: sessions rated both before and after, or stopped with
    a rating."""
    empty: str = ""
    """Said instead of everything else when the period has no session."""


def _when(r: SessionRecord) -> str:
    return r.local_start.strftime("%Y-%m-%d %H:%M")


def pain_stops(records: Iterable[SessionRecord]) -> list[tuple[str, str, str, str]]:
    """Sessions stopped with "this hurts": (when, routine, stretch and side, pain then)."""
    rows = []
    for r in records:
        if r.stop_reason != "this-hurts":
            continue
        where = r.stop_stretch_name or r.stop_stretch_id or "not recorded"
        if r.stop_side:
            where = f"{where} ({r.stop_side} side)"
        pain = "-" if r.pain_at_stop is None else str(r.pain_at_stop)
        rows.append((_when(r), r.routine_name, where, pain))
    return rows


def side_rows(records: Iterable[SessionRecord]) -> list[SideRow]:
    """Per stretch and side, from the sessions' phases (see
    :data:`~limber.core.history.model.SideRow`)."""
    found: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, 0, 0.0, 0, 0.0, False, ""])
    for r in records:
        for p in r.phases:
            if p.kind not in _WORK:
                continue
            row = found[(p.stretch_name or p.stretch_id, p.side or "-")]
            row[1] += 1
            row[0] += 0 if p.skipped else 1
            row[2] += p.done_seconds
            row[3] += 1 if p.skipped else 0
            row[4] += p.planned_seconds
            row[5] = row[5] or p.kind == "reps"
            row[6] = row[6] or p.stretch_id
    return [
        (name, side, int(v[0]), int(v[1]), v[2], int(v[3]), v[4], v[5], v[6])
        for (name, side), v in sorted(found.items())
    ]


def glance_json(records: list[SessionRecord], context: ReportContext) -> dict[str, object]:
    """The report's "At a glance" for ``limber report --format json``: the pain stops,
    the rules crossed (in order) and the notes naming a warning sign."""
    stops = pain_stops(records)
    warned = warning_notes(records)
    return {
        "stopped_for_pain": [
            {"when": w, "routine": r, "where": where, "pain_at_stop": p} for w, r, where, p in stops
        ],
        "rules_crossed": [
            {"when": w, "routine": r, "rule": text} for w, r, text in context.crossings
        ],
        "warning_sign_notes": [{"when": w, "routine": r, "signs": s} for w, r, s in warned],
        "warning_sign_pointer": WARNING_POINTER if warned else "",
        "counts_as_done": f"a session counts as done when it completed with {DONE_RULE}",
    }
