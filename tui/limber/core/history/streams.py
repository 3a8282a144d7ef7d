"""Reads that must stay quick at a million sessions: a CSV export streamed in batches,
the history screen's list read a page at a time, figures without the per-session ones.
Friends of
:class:`~limber.core.history.store.HistoryStore`: they read under its lock."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol, TextIO

from limber.core.errors import LimberError
from limber.core.history import db
from limber.core.history import stats as history_stats
from limber.core.history.model import HistoryStats, RecentSession
from limber.core.history.rows import read_page


class HistoryStore(Protocol):
    """What these need of :class:`~limber.core.history.store.HistoryStore` (named here,
    not imported: the store uses this module)."""

    def _reading(self) -> AbstractContextManager[sqlite3.Connection | None]: ...


def write_export(
    store: HistoryStore,
    fmt: str,
    out: TextIO,
    since: date | None = None,
    *,
    goal_sessions: int = 3,
    goal_minutes: int = 10,
) -> None:
    """The CSV export written to ``out`` a chunk of sessions at a time, each chunk's
    lines made by SQLite (:mod:`limber.core.history.csvlines`), so a million sessions
    export in flat memory. Raises LimberError if the
    file cannot be read. (Every other format goes through the format table,
    ``limber.commands.formats``.)"""
    if fmt != "csv":
        raise ValueError(f"only the CSV export is written here, not {fmt!r}")
    import csv  # the CSV export only: csv stays off the app's history pane

    # and so do the export modules
    from limber.core.history.csvlines import write_lines
    from limber.core.history.export import CSV_COLUMNS

    writer = csv.writer(out, lineterminator="\r\n")  # as export.to_csv writes it
    writer.writerow(CSV_COLUMNS)
    with store._reading() as conn:
        if conn is None:
            return
        try:
            write_lines(conn, out.write, since)
        except sqlite3.Error as error:
            raise LimberError(f"History could not be read: {db.sqlite_reason(error)}.") from None


def page(store: HistoryStore, offset: int, limit: int) -> list[RecentSession]:
    """Sessions newest first from ``offset``; empty if there is no history or it cannot
    be read (the list then shows blank rows, and the app goes on)."""
    with store._reading() as conn:
        if conn is None:
            return []
        try:
            return read_page(conn, offset, limit)
        except sqlite3.Error:
            return []


def figures(
    store: HistoryStore,
    today: date,
    goal_sessions: int,
    goal_minutes: int,
    recent: int,
    *,
    details: bool,
) -> HistoryStats:
    """:meth:`HistoryStore.stats`; without ``details``, not the counts per routine nor the
    side balance (each reads every session: a few hundred ms at a million)."""
    empty = HistoryStats(goal_sessions=goal_sessions, goal_minutes=goal_minutes)
    with store._reading() as conn:
        if conn is None:
            return empty
        try:
            return history_stats.compute(
                conn,
                today,
                goal_sessions=goal_sessions,
                goal_minutes=goal_minutes,
                recent=recent,
                details=details,
            )
        except sqlite3.Error:
            return empty
