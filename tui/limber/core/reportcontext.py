"""What the clinician's report says besides the sessions (who, which programmes, their
adherence and the rules crossed), made once for every format (``limber report`` and
``limber history export --format md``).

Adherence is counted one way, the programme log's per-week count that
:mod:`limber.core.following` uses too (:func:`limber.core.history.programmes.done`);
``patient_label`` comes from :class:`~limber.core.settings.Settings`; the catalogue is
asked for through ``catalogue``, a function the command gives, called only when the
report needs the packs (a programme to name, or reps to count) and loading them once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from msgspec.structs import replace

from limber.core.errors import LimberError
from limber.core.history import programmes as plog
from limber.core.history.reportparts import Adherence, Report, ReportContext

if TYPE_CHECKING:
    from limber.core.catalogue import Catalogue
    from limber.core.history.model import SessionRecord
    from limber.core.history.store import HistoryStore
    from limber.core.programme_model import Programme
    from limber.core.settings import Settings


def lay_out(
    store: HistoryStore,
    records: list[SessionRecord],
    context: ReportContext,
    settings: Settings,
    catalogue: Callable[[], Catalogue],
    *,
    since: date | None,
    programme_id: str | None,
) -> Report:
    """The report laid out once (:func:`limber.core.history.sections.build`), for
    whichever format renders it: ``context`` with the per-side table, the weekly goal
    and the seconds per rep of the reps exercises named."""
    from limber.core.history.sections import build

    sides = plog.side_rows(store, since.isoformat() if since else "", programme_id)
    reps = {row[8] for row in sides if row[7]}
    context = replace(
        context,
        sides=tuple(sides),
        goal_sessions=settings.weekly_goal_sessions,
        goal_minutes=settings.weekly_goal_minutes,
        tempo=_tempo(catalogue(), reps) if reps else {},
    )
    return build(records, context, since)


def _tempo(catalogue: Catalogue, stretch_ids: set[str]) -> dict[str, float]:
    """Seconds per rep of the reps exercises named, as the installed packs give them."""
    found = {sid: catalogue.stretches.get(sid) for sid in stretch_ids}
    return {sid: s.tempo_seconds for sid, s in found.items() if s and s.tempo_seconds}


def report_context(
    store: HistoryStore,
    records: list[SessionRecord],
    settings: Settings,
    catalogue: Callable[[], Catalogue],
    *,
    since: date | None,
    programme_id: str | None,
    version: str,
) -> ReportContext:
    """Who, and the programmes the period's sessions carry: each one's title and
    adherence, and every rule of its author crossed (worked out from the sessions, and
    from the programme log for what the sessions cannot show)."""
    from limber.core.crossings import in_report

    log = plog.entries(store, programme_id) if programme_id else plog.entries(store)
    carried = sorted({r.programme_id for r in records if r.programme_id})
    if programme_id and programme_id not in carried:
        carried.append(programme_id)
    programmes = _programmes(catalogue(), log, carried) if carried else {}
    since_day = since.isoformat() if since else ""
    crossings = in_report(records, programmes, log, since_day)
    adherence = [
        a for pid in carried for a in _adherence(store, pid, programmes.get(pid), since_day)
    ]
    return ReportContext(
        patient=settings.patient_label,
        limber_version=version,
        programme="; ".join(_programme_title(pid, programmes.get(pid)) for pid in carried),
        adherence=tuple(adherence),
        crossings=tuple((c.when, c.routine, c.text) for c in crossings),
    )


def _programmes(
    catalogue: Catalogue, log: list[plog.LogEntry], wanted: list[str]
) -> dict[str, Programme]:
    """The programmes named ``wanted``: from the installed packs, or (a single file a
    physio sent) from the text kept in the log when it was started."""
    from limber.core.programme import parse_programme

    found = {pid: catalogue.programmes[pid] for pid in wanted if pid in catalogue.programmes}
    for e in reversed(log):
        if e.kind != "started" or not e.detail or e.programme_id in found:
            continue
        if e.programme_id not in wanted:
            continue
        try:
            data = json.loads(e.detail)
            found[e.programme_id] = parse_programme(
                data["text"], file=data.get("file") or "programme", routines=catalogue.routines
            )
        except (LimberError, ValueError, KeyError, TypeError):
            continue  # its routines are gone: the log's crossings are still shown
    return found


def _programme_title(programme_id: str, programme: Programme | None) -> str:
    if programme is None:
        return programme_id
    from limber.core.programme import who

    return f"{programme.title}, by {who(programme.author)}"


def _adherence(
    store: HistoryStore, programme_id: str, programme: Programme | None, since_day: str
) -> list[Adherence]:
    """Sessions done per week (with 80 % of their time done), counted as the programme
    followed counts them; what was prescribed, when the programme can be found."""
    done = plog.done(store, programme_id, "", since_day=since_day).per_week
    title = programme.title if programme is not None else programme_id
    if programme is None:
        return [
            Adherence(week, count, 0, title, programme_id) for week, count in sorted(done.items())
        ]
    last = max(done, default=1)
    return [
        Adherence(n, done.get(n, 0), week.sessions, title, programme_id)
        for n, week in enumerate(programme.weeks[:last], start=1)
    ]
