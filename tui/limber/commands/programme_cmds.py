"""``limber programme [--json]``, ``programme start ID|FILE``, ``pause``, ``resume``, ``end``.

``limber programme --json`` prints the programme being followed (or ``null``)::

    {"programme_id": "runner-strength/four-weeks", "title": "...", "author": "Jane Doe, MCSP",
     "contact": "...", "started_utc": "...", "week": 2, "weeks": 4, "done_this_week": 1,
     "sessions_this_week": 3, "next_routine_id": "...", "next_routine_name": "...",
     "paused": false, "finished": false, "review": "...", "rules": ["Your physio's rule
     (Jane Doe, MCSP): get in touch if ..."], "advice": "...", "missed_in_a_row": 0,
     "adherence": [{"week": 1, "done": 3, "prescribed": 3}, ...],
     "missed_rule": "Your physio's rule (Jane Doe, MCSP): get in touch if you miss 3
     sessions in a row"}

``missed_rule`` is empty unless that many sessions in a row are missed now (sessions a
week spread evenly, counted from the last one done); its crossing is recorded in the
programme log once per run of missed sessions, and the report lists it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from limber.commands import catalogue_cmds
from limber.commands.output import print_json
from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.following import change, record_missed, status
from limber.core.following import start as follow
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.core.programme import read_programme_file
from limber.core.programme_model import Programme
from limber.core.text import clean_line
from limber.core.wording import plural

if TYPE_CHECKING:
    from limber.core.following import Status


def run(args: argparse.Namespace) -> int:
    catalogue, _report = catalogue_cmds.load(quiet=True)
    store = HistoryStore(Paths.from_env().history_db)
    try:
        action = args.programme_command
        if action == "start":
            return start(store, catalogue, args.programme)
        if action in ("pause", "resume", "end"):
            kind = {"pause": "paused", "resume": "resumed", "end": "ended"}[action]
            programme_id = change(store, kind, utc_now())
            print(f"Programme '{programme_id}' {kind}.")
            return 0
        return show(store, catalogue, as_json=args.json)
    finally:
        store.close()


def find(catalogue: Catalogue, ref: str) -> tuple[Programme, str, str]:
    """A programme by id, bare id, or file: ``(programme, file text, file path)``."""
    path = Path(ref)
    if ref.endswith(".toml") or path.is_file():
        programme, text = read_programme_file(path, catalogue.routines)
        return programme, text, str(path.resolve())
    if ref in catalogue.programmes:
        return catalogue.programmes[ref], "", ""
    matches = [p for key, p in catalogue.programmes.items() if key.rpartition("/")[2] == ref]
    if len(matches) == 1:
        return matches[0], "", ""
    known = ", ".join(sorted(catalogue.programmes)) or "none is installed"
    raise LimberError(f"There is no programme called '{ref}' (installed: {known}).")


def start(store: HistoryStore, catalogue: Catalogue, ref: str) -> int:
    programme, text, file = find(catalogue, ref)
    follow(store, programme, utc_now(), text=text, file=file)
    print(f"Following '{clean_line(programme.title)}' from today ({programme.id}).")
    show(store, catalogue, as_json=False)
    return 0


def show(store: HistoryStore, catalogue: Catalogue, *, as_json: bool) -> int:
    now = utc_now()
    found = status(store, catalogue.programmes, catalogue.routines, now)
    if found is not None:
        record_missed(store, found, now)  # once per run of missed sessions
    if as_json:
        print_json(msgspec.to_builtins(found))
        return 0
    if found is None:
        print("You are not following a programme.")
        for pid, programme in sorted(catalogue.programmes.items()):
            print(f"  {pid}  {clean_line(programme.title)}")
        if catalogue.programmes:
            print("`limber programme start ID` (or a programme file) starts one.")
        return 0
    lines = [
        clean_line(found.title),
        clean_line(found.line()),
        *(_missed(found) if found.missed_rule else []),
        f"By {clean_line(found.author)}"
        + (f" · {clean_line(found.contact)}" if found.contact else ""),
        *(clean_line(rule) for rule in found.rules),
        *([clean_line(found.advice)] if found.advice else []),
        f"Review: {clean_line(found.review)}",
        "Done / prescribed: "
        + ", ".join(f"week {w.week} {w.done}/{w.prescribed}" for w in found.adherence),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _missed(found: Status) -> list[str]:
    """The crossed "missed in a row" rule, first under the week line."""
    missed = plural(found.missed_in_a_row, "session")
    return [f"Missed {missed} in a row. {clean_line(found.missed_rule)}."]
