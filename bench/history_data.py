"""Histories of N sessions, made through the command line: a generated export file
(the JSON shape documented in core/history/export.py) fed to `limber history import`.

The resulting history.sqlite3 is cached under bench/.cache, keyed by the size and the
limber wheel it was imported with, and copied into a fresh LIMBER_HOME for each run.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import envs

ROUTINES = ["Post-run lower-back relief", "Morning mobility", "Desk break", "Long-run reset"]
STRETCHES = ["Knee to chest", "Supine twist", "Cat-cow", "Child's pose", "Figure four"]
PHASES = 8


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def export_document(count: int) -> dict[str, object]:
    """``count`` sessions, about 1.4 a day up to now, 8 phases each."""
    rng = random.Random(count)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=count * 0.7)
    sessions = []
    for n in range(count):
        began = start + timedelta(hours=n * 0.7 * 24 + rng.random() * 6)
        phases = [
            {
                "idx": i,
                "stretch_id": f"core/s{i % 5}",
                "stretch_name": STRETCHES[i % 5],
                "side": ("left", "right", "")[i % 3],
                "kind": "hold" if i % 2 else "get-ready",
                "planned_seconds": 30.0,
                "done_seconds": 30.0 if rng.random() > 0.1 else float(rng.randint(1, 29)),
                "skipped": False,
                "ended_utc": _stamp(began + timedelta(seconds=30 * (i + 1))),
            }
            for i in range(PHASES)
        ]
        sessions.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                "routine_id": "core/post-run",
                "routine_name": rng.choice(ROUTINES),
                "pack": "core",
                "pack_version": "0.1.0",
                "started_utc": _stamp(began),
                "utc_offset_minutes": rng.choice([0, 60, 120, -300]),
                "ended_utc": _stamp(began + timedelta(minutes=12)),
                "status": rng.choice(["completed"] * 8 + ["ended-early", "interrupted"]),
                "planned_seconds": 720.0,
                "active_seconds": float(rng.randint(200, 900)),
                "pain_before": rng.choice([None, *range(11)]),
                "pain_after": rng.choice([None, *range(11)]),
                "note": rng.choice(["", "", "", "tight hamstrings, left side"]),
                "stop_reason": "",
                "phases": phases,
            }
        )
    return {"format": "limber-history", "version": 1, "sessions": sessions}


def _home_with_history(home: Path, cached: Path, setup: str, make: Callable[[Path], None]) -> Path:
    """``home`` (a returning runner) with a copy of the cached history file, which
    ``make(cached)`` writes once per limber source (``setup`` says how); a file made with
    an older limber is removed."""
    if not cached.exists():
        print(f"  setup: {setup}", flush=True)
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob("*.sqlite3"):
            if not stale.name.startswith(envs.source_hash()):
                stale.unlink()  # made with an older limber
        make(cached)
    home.mkdir(parents=True, exist_ok=True)
    (home / "state.toml").write_text("safety_notice_read = true\n")
    shutil.copy(cached, home / "history.sqlite3")
    return home


def home_with(venv: envs.Venv, home: Path, count: int) -> Path:
    """A LIMBER_HOME (returning runner) whose history holds ``count`` sessions."""

    def make(cached: Path) -> None:
        work = cached.parent / f"work-{count}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        source = work / "export.json"
        source.write_text(json.dumps(export_document(count)))
        env = {"PATH": "/usr/bin:/bin", "LIMBER_HOME": str(work)}
        subprocess.run(
            [str(venv.limber), "history", "import", str(source)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shutil.move(work / "history.sqlite3", cached)
        shutil.rmtree(work)

    cached = envs.CACHE / "history" / f"{envs.source_hash()}-{count}.sqlite3"
    setup = f"importing {count:,} sessions with `limber history import`"
    return _home_with_history(home, cached, setup, make)


GENERATE = r"""
import sqlite3, sys
from datetime import date
from pathlib import Path
from limber.core.history.store import HistoryStore

path, count, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
store = HistoryStore(path)  # Limber's own schema, migrations and indexes
store.stats(date.today())
store.begin("core/x", "X", "core", "1", 1, None)
store.close()
conn = sqlite3.connect(path, isolation_level=None)
conn.execute("PRAGMA journal_mode = OFF")
conn.execute("PRAGMA synchronous = OFF")
conn.execute("BEGIN")
conn.execute("DELETE FROM sessions")
indexes = conn.execute(
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
    " AND tbl_name IN ('sessions', 'phases')"
).fetchall()
for name, _ in indexes:
    conn.execute(f'DROP INDEX "{name}"')
conn.execute(
    '''
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1),
    s AS (SELECT i, ? + i * 14400 + (i * 7919) % 3600 AS t FROM n)
    INSERT INTO sessions (id, uid, routine_id, routine_name, pack, pack_version,
        started_utc, utc_offset_minutes, local_day, ended_utc, status, planned_seconds,
        active_seconds, pain_before, pain_after, note, stop_reason, stop_phase)
    SELECT i + 1, printf('%08x-0000-4000-8000-%012x', i, i * 2654435761 % 281474976710656),
        'core/post-run',
        CASE i % 4 WHEN 0 THEN 'Post-run lower-back relief' WHEN 1 THEN 'Morning mobility'
            WHEN 2 THEN 'Desk break' ELSE 'Long-run reset' END,
        'core', '0.1.0', strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'),
        CASE i % 4 WHEN 0 THEN 0 WHEN 1 THEN 60 WHEN 2 THEN 120 ELSE -300 END,
        date(t, 'unixepoch',
            (CASE i % 4 WHEN 0 THEN 0 WHEN 1 THEN 60 WHEN 2 THEN 120 ELSE -300 END)
            || ' minutes'),
        strftime('%Y-%m-%dT%H:%M:%SZ', t + 720, 'unixepoch'),
        CASE WHEN i % 10 < 8 THEN 'completed' WHEN i % 10 = 8 THEN 'ended-early'
            ELSE 'interrupted' END,
        720, CASE WHEN i % 50 = 0 THEN 700 ELSE 200 + (i * 37) % 370 END,
        CASE WHEN i % 12 = 11 THEN NULL ELSE i % 11 END,
        CASE WHEN i % 13 = 12 THEN NULL ELSE (i * 3) % 11 END,
        CASE WHEN i % 4 = 3 THEN 'tight hamstrings, left side' ELSE '' END, '', -1
    FROM s
    ''',
    (count, start),
)
for number, side in enumerate(("left", "right")):
    conn.execute(
        "INSERT INTO phases (session_id, idx, stretch_id, stretch_name, side, kind,"
        " planned_seconds, done_seconds, skipped, ended_utc)"
        " SELECT id, ?, 'core/knee-hug', 'Knee hug', ?, 'hold', 30, 30, 0, ended_utc"
        " FROM sessions",
        (number, side),
    )
for _, sql in indexes:
    conn.execute(sql)
conn.execute("COMMIT")
conn.execute("VACUUM")
conn.close()
"""
"""Fills a history file made by Limber's own store (schema, migrations, indexes) with
``count`` sessions, six a day up to now, two phases each, by SQL in one go."""


def home_with_million(venv: envs.Venv, home: Path, count: int = 1_000_000) -> Path:
    """A LIMBER_HOME whose history holds ``count`` sessions, written straight into the
    file by SQL (seconds, where `limber history import` of a million takes a minute)."""

    def make(cached: Path) -> None:
        work = cached.with_suffix(".work")
        work.unlink(missing_ok=True)
        start = int(datetime.now(UTC).timestamp()) - count * 14400 - 86400
        subprocess.run(
            [str(venv.python), "-c", GENERATE, str(work), str(count), str(start)], check=True
        )
        work.rename(cached)

    cached = envs.CACHE / "history" / f"{envs.source_hash()}-{count}-sql.sqlite3"
    setup = f"writing {count:,} sessions into a history by SQL"
    return _home_with_history(home, cached, setup, make)
