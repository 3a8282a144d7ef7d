"""``limber report --format md|html|pdf|csv|json [--since DATE] [--programme ID]
[--output FILE]``: the report for a clinician, with the programme's adherence and the
rules crossed at the top. HTML and PDF need the ``report`` extra, imported only here."""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

from limber import __version__
from limber.core.errors import LimberError
from limber.core.history import programmes as plog
from limber.core.history.export import to_csv, to_json
from limber.core.history.markdown import render
from limber.core.history.model import SessionRecord, parse_stamp
from limber.core.history.reportparts import Adherence, ReportContext
from limber.core.history.sections import Report, build
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths


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
            return _write(data, args.output)
        if args.format == "csv":
            text = to_csv(records)
        elif args.format == "json":
            text = to_json(records)
        else:
            text = markdown(store, paths, records, since, args.programme, **goals)
        return _write(text.encode("utf-8"), args.output) if args.output else _print(text)
    finally:
        store.close()


def _print(text: str) -> int:
    sys.stdout.write(text)
    return 0


def _write(data: bytes, output: str | None) -> int:
    """To ``output`` (replaced whole, never half-written), else to stdout."""
    if output:
        from limber.core.files import atomic_write_bytes

        try:
            atomic_write_bytes(Path(output), data)
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
    context = _context(store, paths, programme_id, records)
    sides = plog.side_rows(store, since.isoformat() if since else "", programme_id)
    context = replace(context, sides=tuple(sides), goal_sessions=goal[0], goal_minutes=goal[1])
    return build(records, context, since)


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
    try:
        value = tomllib.loads(paths.config_file.read_text(encoding="utf-8")).get("patient_label")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return value if isinstance(value, str) else ""


def _context(
    store: HistoryStore, paths: Paths, programme_id: str | None, records: list[SessionRecord]
) -> ReportContext:
    crossings: list[tuple[str, str]] = []
    adherence: list[Adherence] = []
    title = ""
    if programme_id:
        log = plog.entries(store, programme_id)
        crossings = [
            (parse_stamp(e.at_utc).astimezone().date().isoformat(), e.detail.partition(": ")[2])
            for e in log
            if e.kind == "threshold-crossed"
        ]
        title = _programme_title(programme_id)
        adherence = _adherence(programme_id, records)
    return ReportContext(
        patient=_patient(paths),
        limber_version=__version__,
        programme=title,
        adherence=tuple(adherence),
        crossings=tuple(crossings),
    )


def _programme_title(programme_id: str) -> str:
    from limber.commands.catalogue_cmds import load

    catalogue, _ = load(quiet=True)
    programme = catalogue.programmes.get(programme_id)
    if programme is None:
        return programme_id
    return f"{programme.title} ({programme_id}), by {programme.author.name}"


def _adherence(programme_id: str, records: list[SessionRecord]) -> list[Adherence]:
    """Completed sessions per week; what was prescribed, when the programme is installed."""
    from limber.commands.catalogue_cmds import load

    catalogue, _ = load(quiet=True)
    programme = catalogue.programmes.get(programme_id)
    done: dict[int, int] = {}
    for r in records:
        if r.status == "completed" and r.programme_week:
            done[r.programme_week] = done.get(r.programme_week, 0) + 1
    if programme is None:
        return [Adherence(week, count, 0) for week, count in sorted(done.items())]
    last = max(done, default=1)
    return [
        Adherence(n, done.get(n, 0), week.sessions)
        for n, week in enumerate(programme.weeks[:last], start=1)
    ]
