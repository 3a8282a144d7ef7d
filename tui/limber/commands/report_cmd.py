"""``limber report --format FORMAT [--since DATE] [--programme ID] [--output FILE]``:
the report for a clinician, with the programme's adherence and the rules crossed at the
top. Each format is a row of :mod:`limber.commands.formats`; its renderer (HTML and PDF
need the ``report`` extra) is imported only when that format is asked for."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from limber.commands.formats import BY_NAME
from limber.core.errors import LimberError
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths

if TYPE_CHECKING:
    from limber.core.settings import Settings


def run(args: argparse.Namespace) -> int:
    from limber.commands.report_writers import Job, named, write

    paths = Paths.from_env()
    since = _day(args.since) if args.since else None
    settings = _settings(paths)
    fmt = BY_NAME[args.format]
    store = HistoryStore(paths.history_db)
    try:
        if fmt.extra == "report":
            from limber.commands.report_chart import need_report_extra

            need_report_extra(fmt.name)
        job = Job(store, settings, since=since, programme_id=args.programme)
        return write(named(fmt.renderer)(job), args.output, fmt)
    finally:
        store.close()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LimberError(f"--since takes a date such as 2024-05-01, not '{text}'.") from None


def _settings(paths: Paths) -> Settings:
    """The runner's settings (weekly goal, patient label), as ``limber history export``
    reads them: a problem with the file is said once, and the defaults used."""
    from limber.core.settings import load_settings

    settings, problem = load_settings(paths.config_file)
    if problem:
        print(f"limber: {problem}", file=sys.stderr)
    return settings
