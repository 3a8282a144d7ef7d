"""The renderers the format table (:mod:`limber.commands.formats`) names, what each is
given (:class:`Job`), and the one place their output is written.

A renderer takes a :class:`Job` and returns the whole report: ``str`` for text printed
as text, ``bytes`` for bytes written as they are. It asks the job for what it needs;
each part is made on first use and once (the sessions, the context, the laid-out
report, the packs). Renderers of the report's own layout (Markdown here from
``core/history/markdown.py``, HTML and PDF from ``report_html`` and ``report_pdf``)
render :attr:`Job.report`; CSV and JSON write the sessions.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from limber.core.errors import LimberError

if TYPE_CHECKING:
    from limber.commands.formats import Format
    from limber.core.catalogue import Catalogue
    from limber.core.history.model import SessionRecord
    from limber.core.history.reportparts import Report, ReportContext
    from limber.core.history.store import HistoryStore
    from limber.core.settings import Settings


def named(path: str) -> Any:
    """The function a table row names as ``"module:function"``, imported now."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class Job:
    """One report asked for: the history, the period, the programme, the settings."""

    def __init__(
        self,
        store: HistoryStore,
        settings: Settings,
        *,
        since: date | None = None,
        programme_id: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.since = since
        self.programme_id = programme_id
        self._records: list[SessionRecord] | None = None
        self._phases = False

    def records(self, *, phases: bool = False) -> list[SessionRecord]:
        """The period's sessions (of the programme, if one was asked for), read once;
        with ``phases``, each with its phases."""
        if self._records is None or (phases and not self._phases):
            found = self.store.sessions(since=self.since, phases=phases)
            if self.programme_id:
                found = [r for r in found if r.programme_id == self.programme_id]
            self._records, self._phases = found, phases
        return self._records

    @cached_property
    def catalogue(self) -> Catalogue:
        """The installed packs, loaded once per report and only when it needs them."""
        from limber.commands.catalogue_cmds import load

        return load(quiet=True)[0]

    def _catalogue(self) -> Catalogue:
        return self.catalogue

    @cached_property
    def context(self) -> ReportContext:
        """Who, the programmes, their adherence and the rules crossed."""
        from limber import __version__
        from limber.core.reportcontext import report_context

        return report_context(
            self.store,
            self.records(),
            self.settings,
            self._catalogue,
            since=self.since,
            programme_id=self.programme_id,
            version=__version__,
        )

    @cached_property
    def report(self) -> Report:
        """The report laid out once, for whichever format renders it."""
        from limber.core.reportcontext import lay_out

        return lay_out(
            self.store,
            self.records(),
            self.context,
            self.settings,
            self._catalogue,
            since=self.since,
            programme_id=self.programme_id,
        )

    @cached_property
    def figures(self) -> dict[str, Any]:
        """Each stretch's figure by name, for the HTML and PDF reports."""
        from limber.commands.report_figures import figures_by_name

        return figures_by_name(self.catalogue.stretches.values())


# -- the renderers ---------------------------------------------------------------------------


def markdown(job: Job) -> str:
    """The report as Markdown: the same layout as the HTML and PDF."""
    from limber.core.history.markdown import render

    return render(job.report)


def html(job: Job) -> bytes:
    from limber.commands.report_html import to_html

    return to_html(job.report, job.figures).encode("utf-8")


def pdf(job: Job) -> bytes:
    from limber.commands.report_pdf import to_pdf

    return to_pdf(job.report, on_missing=_say_missing, figures=job.figures)


def _say_missing(characters: str) -> None:
    shown = " ".join(characters[:20]) + (" …" if len(characters) > 20 else "")
    sys.stderr.write(
        f"limber: the PDF's font has no letters for {shown}; they are left out of the PDF "
        "(the HTML report shows them).\n"
    )


def csv(job: Job) -> str:
    from limber.core.history.export import to_csv

    return to_csv(job.records())


def json(job: Job) -> str:
    """The sessions with their phases, the report's "At a glance" before them."""
    from limber.core.history.export import to_json
    from limber.core.history.reportparts import glance_json

    records = job.records(phases=True)
    return to_json(records, glance_json(records, job.context))


# -- streamed by `limber history export` -----------------------------------------------------


def csv_export(store: HistoryStore, since: date | None) -> None:
    import io

    from limber.core.history import streams

    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(newline="")  # the CSV's CRLF as written, on Windows too
    streams.write_export(store, "csv", sys.stdout, since)


def json_export(store: HistoryStore, since: date | None) -> None:
    """As bytes, a batch of sessions at a time (150 MB for 50,000)."""
    from limber.commands.output import byte_writer
    from limber.core.history.jsonstream import export_json

    export_json(store, since, byte_writer())


# -- out -------------------------------------------------------------------------------------


def write(data: str | bytes, output: str | None, fmt: Format) -> int:
    """Text with no ``output`` is printed as text; anything else goes to ``output``
    (see :func:`limber.core.files.write_output`), or as bytes to stdout (``-``)."""
    if isinstance(data, str):
        if not output:
            sys.stdout.write(data)
            return 0
        data = data.encode("utf-8")
    if output and output != "-":
        from limber.core.files import write_output

        try:
            write_output(Path(output), data)
        except IsADirectoryError:
            raise LimberError(
                f"{output} is a folder; give the report a file name, such as "
                f"{output}/report.{fmt.name}."
            ) from None
        except OSError as error:
            raise LimberError(f"Could not write {output}: {error.strerror or error}.") from None
        return 0
    if fmt.binary and sys.stdout.isatty():
        raise LimberError(
            f"A {fmt.name.upper()} is not for the terminal: add --output FILE.{fmt.name}, "
            "or redirect it."
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0
