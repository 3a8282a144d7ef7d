"""``limber report --format md|html|pdf|csv|json [--since DATE] [--programme ID]
[--output FILE]``: the report for a clinician, with the programme's adherence and the
rules crossed at the top. HTML and PDF need the ``report`` extra, imported only here."""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from limber import __version__
from limber.core.errors import LimberError
from limber.core.history import programmes as plog
from limber.core.history.export import to_csv, to_json
from limber.core.history.markdown import render
from limber.core.history.model import SessionRecord, mostly_done
from limber.core.history.reportparts import Adherence, Report, ReportContext
from limber.core.history.sections import build
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.core.programme import who
from limber.core.programme_model import Programme

if TYPE_CHECKING:
    from limber.core.catalogue import Catalogue


def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    since = _day(args.since) if args.since else None
    goals = _goals(paths)
    store = HistoryStore(paths.history_db)
    try:
        records = store.sessions(since=since, phases=args.format == "json")
        if args.programme:
            records = [r for r in records if r.programme_id == args.programme]
        if args.format in ("html", "pdf"):
            data = laid_out(store, paths, records, since, args.programme, args.format, **goals)
            return _write(data, args.output, args.format)
        if args.format == "csv":
            text = to_csv(records)
        elif args.format == "json":
            from limber.core.history.reportparts import glance_json

            context = _context(store, paths, args.programme, records, since)
            text = to_json(records, glance_json(records, context))
        else:
            text = markdown(store, paths, records, since, args.programme, **goals)
        return (
            _write(text.encode("utf-8"), args.output, args.format) if args.output else _print(text)
        )
    finally:
        store.close()


def _print(text: str) -> int:
    sys.stdout.write(text)
    return 0


def _write(data: bytes, output: str | None, fmt: str) -> int:
    """To ``output`` (see :func:`limber.core.files.write_output`), else to stdout."""
    if output and output != "-":
        from limber.core.files import write_output

        try:
            write_output(Path(output), data)
        except IsADirectoryError:
            raise LimberError(
                f"{output} is a folder; give the report a file name, such as {output}/report.{fmt}."
            ) from None
        except OSError as error:
            raise LimberError(f"Could not write {output}: {error.strerror or error}.") from None
        return 0
    if data.startswith(b"%PDF") and sys.stdout.isatty():
        raise LimberError("A PDF is not for the terminal: add --output FILE.pdf, or redirect it.")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def laid_out(
    store: HistoryStore,
    paths: Paths,
    records: list[SessionRecord],
    since: date | None,
    programme_id: str | None,
    fmt: str,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
) -> bytes:
    """The HTML or PDF report (pygal and fpdf2 imported here, and only here)."""
    from limber.commands.report_chart import need_report_extra

    need_report_extra(fmt)
    report = _report(store, paths, records, since, programme_id, (goal_sessions, goal_minutes))
    from limber.commands.catalogue_cmds import load
    from limber.commands.report_figures import figures_by_name

    figures = figures_by_name(load(quiet=True)[0].stretches.values())
    if fmt == "pdf":
        from limber.commands.report_pdf import to_pdf

        return to_pdf(report, on_missing=_say_missing, figures=figures)
    from limber.commands.report_html import to_html

    return to_html(report, figures).encode("utf-8")


def _say_missing(characters: str) -> None:
    import sys

    shown = " ".join(characters[:20]) + (" …" if len(characters) > 20 else "")
    sys.stderr.write(
        f"limber: the PDF's font has no letters for {shown}; they are left out of the PDF "
        "(the HTML report shows them).\n"
    )


def markdown(
    store: HistoryStore,
    paths: Paths,
    records: list[SessionRecord],
    since: date | None,
    programme_id: str | None = None,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
) -> str:
    """The Markdown report (also ``limber history export --format md``): the same
    layout as the HTML and PDF, written as Markdown."""
    return render(
        _report(store, paths, records, since, programme_id, (goal_sessions, goal_minutes))
    )


def _report(
    store: HistoryStore,
    paths: Paths,
    records: list[SessionRecord],
    since: date | None,
    programme_id: str | None,
    goal: tuple[int, int],
) -> Report:
    """The report laid out once, for whichever format renders it."""
    context = _context(store, paths, programme_id, records, since)
    sides = plog.side_rows(store, since.isoformat() if since else "", programme_id)
    context = replace(
        context,
        sides=tuple(sides),
        goal_sessions=goal[0],
        goal_minutes=goal[1],
        tempo=_tempo({row[8] for row in sides if row[7]}),
    )
    return build(records, context, since)


@cache
def _catalogue() -> Catalogue:
    """The installed packs, loaded once per report (only when it needs them)."""
    from limber.commands.catalogue_cmds import load

    return load(quiet=True)[0]


def _tempo(stretch_ids: set[str]) -> dict[str, float]:
    """Seconds per rep of the reps exercises named, as the installed packs give them."""
    if not stretch_ids:
        return {}
    catalogue = _catalogue()
    found = {sid: catalogue.stretches.get(sid) for sid in stretch_ids}
    return {sid: s.tempo_seconds for sid, s in found.items() if s and s.tempo_seconds}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LimberError(f"--since takes a date such as 2024-05-01, not '{text}'.") from None


def _goals(paths: Paths) -> dict[str, int]:
    """The runner's weekly goal from config.toml, as ``limber history export`` reads it
    (a problem with the file is said once, and the defaults used)."""
    from limber.core.settings import load_settings

    settings, problem = load_settings(paths.config_file)
    if problem:
        print(f"limber: {problem}", file=sys.stderr)
    return {
        "goal_sessions": settings.weekly_goal_sessions,
        "goal_minutes": settings.weekly_goal_minutes,
    }


def _patient(paths: Paths) -> str:
    """``patient_label`` from config.toml, if the runner set one (never required)."""
    from limber.core.errors import ContentError
    from limber.core.files import read_small_text

    try:
        value = tomllib.loads(read_small_text(paths.config_file)).get("patient_label")
    except (ContentError, tomllib.TOMLDecodeError):  # said once by _goals
        return ""
    return value if isinstance(value, str) else ""


def _context(
    store: HistoryStore,
    paths: Paths,
    programme_id: str | None,
    records: list[SessionRecord],
    since: date | None = None,
) -> ReportContext:
    """Who, and the programmes the period's sessions carry: each one's title and
    adherence, and every rule of its author crossed (worked out from the sessions, and
    from the programme log for what the sessions cannot show)."""
    from limber.core.crossings import in_report

    log = plog.entries(store, programme_id) if programme_id else plog.entries(store)
    carried = sorted({r.programme_id for r in records if r.programme_id})
    if programme_id and programme_id not in carried:
        carried.append(programme_id)
    programmes = _programmes(log, carried) if carried else {}
    since_utc = since.isoformat() if since else ""
    crossings = in_report(records, programmes, log, since_utc)
    adherence = [a for pid in carried for a in _adherence(pid, programmes.get(pid), records)]
    titles = [_programme_title(pid, programmes.get(pid)) for pid in carried]
    return ReportContext(
        patient=_patient(paths),
        limber_version=__version__,
        programme="; ".join(titles),
        adherence=tuple(adherence),
        crossings=tuple((c.when, c.routine, c.text) for c in crossings),
    )


def _programmes(log: list[plog.LogEntry], wanted: list[str]) -> dict[str, Programme]:
    """The programmes named ``wanted``: from the installed packs, or (a single file a
    physio sent) from the text kept in the log when it was started."""
    from limber.core.programme import parse_programme

    catalogue = _catalogue()
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
    return f"{programme.title}, by {who(programme.author)}"


def _adherence(
    programme_id: str, programme: Programme | None, records: list[SessionRecord]
) -> list[Adherence]:
    """Sessions done per week (with 80 % of their time done); what was prescribed, when
    the programme can be found."""
    done: dict[int, int] = {}
    for r in records:
        if r.programme_id != programme_id or not r.programme_week:
            continue
        if r.status == "completed" and mostly_done(r.planned_seconds, r.active_seconds):
            done[r.programme_week] = done.get(r.programme_week, 0) + 1
        else:
            done.setdefault(r.programme_week, 0)
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
