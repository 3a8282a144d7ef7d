"""The formats ``limber history export`` writes, spelt once (argparse, help, exporter)."""

from __future__ import annotations

from typing import Literal, get_args

ExportFormat = Literal["csv", "json", "md"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
EXPORT_FORMATS_HELP = "csv: a row per session; json: everything, for import; md: a report"

REPORT_FORMATS = ("md", "html", "pdf", "csv", "json")
"""What ``limber report`` writes (html and pdf need the ``report`` extra)."""
