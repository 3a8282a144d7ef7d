"""Every format ``limber report`` and ``limber history export`` write, in one table
(Harlequin's ``_FILE_FORMATS`` shape): the CLI's choices and help, and each command's
dispatch, read it.

It lives in the commands, not the core: its renderers are in both rooms (Markdown,
CSV and JSON in ``core/history/``, HTML and PDF here in ``commands/``), and the
commands may import the core, never the reverse. A renderer is named by its path,
``"module:function"``, and imported only when that format is written, so ``limber
--help`` and the app's start-up never load pygal or fpdf2. This module imports only
``limber._version``.

Adding a format is one row and its renderer (see CONTRIBUTING, "Adding a report
format"); the tests that every format shows every section, and says when there are no
sessions, iterate this table.
"""

from __future__ import annotations

from typing import NamedTuple

from limber._version import DISTRIBUTION


# A NamedTuple, not a Struct (CONTRIBUTING, "Value types"): the CLI reads this table for
# its choices and --help before msgspec is imported, and keeps it that way.
class Format(NamedTuple):
    """One format a report or an export is written in."""

    name: str
    """What ``--format`` takes."""
    about: str
    """What it holds, for ``--help``."""
    renderer: str
    """``"module:function"``: ``function(job: Job) -> str | bytes``, the whole report
    (:class:`limber.commands.report_writers.Job` holds what a renderer may ask for)."""
    binary: bool = False
    """Bytes that are not for a terminal: refused on one unless ``--output`` is given."""
    extra: str = ""
    """The extra of Limber's distribution it needs (``report``: pygal, fpdf2, the font)."""
    stream: str = ""
    """``"module:function"``: ``function(store, since) -> None``, the whole history
    written to stdout a batch at a time, in flat memory (``history export``); empty: it
    does not stream, and the renderer makes it whole."""
    export: bool = False
    """Whether ``limber history export`` offers it (as well as ``limber report``)."""

    @property
    def streams(self) -> bool:
        return bool(self.stream)


_W = "limber.commands.report_writers"

FORMATS: tuple[Format, ...] = (
    Format("md", "the report as Markdown", f"{_W}:markdown", export=True),
    Format("html", "the report as one HTML page", f"{_W}:html", extra="report"),
    Format("pdf", "the report as a PDF", f"{_W}:pdf", binary=True, extra="report"),
    Format("csv", "a row per session", f"{_W}:csv", stream=f"{_W}:csv_export", export=True),
    Format(
        "json",
        "every session, for import",
        f"{_W}:json",
        stream=f"{_W}:json_export",
        export=True,
    ),
)
"""The report's formats, the report's own first."""

BY_NAME = {f.name: f for f in FORMATS}
REPORT_FORMATS = tuple(f.name for f in FORMATS)
EXPORT_FORMATS = tuple(f.name for f in FORMATS if f.export)


def help_text(formats: tuple[str, ...]) -> str:
    """``md: the report as Markdown; …``, each format's extra named."""
    parts = []
    for name in formats:
        row = BY_NAME[name]
        needs = f" (needs {DISTRIBUTION}[{row.extra}])" if row.extra else ""
        parts.append(f"{name}: {row.about}{needs}")
    return "; ".join(parts)
