"""Histories of N sessions, made through the command line: a generated export file
(the JSON shape documented in core/history_export.py) fed to `limber history import`.

The resulting history.sqlite3 is cached under bench/.cache, keyed by the size and the
limber wheel it was imported with, and copied into a fresh LIMBER_HOME for each run.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import uuid
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


def home_with(venv: envs.Venv, home: Path, count: int) -> Path:
    """A LIMBER_HOME (returning runner) whose history holds ``count`` sessions."""
    cached = envs.CACHE / "history" / f"{envs.source_hash()}-{count}.sqlite3"
    if not cached.exists():
        print(f"  setup: importing {count:,} sessions with `limber history import`", flush=True)
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob("*.sqlite3"):
            if not stale.name.startswith(envs.source_hash()):
                stale.unlink()  # made with an older limber
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
    home.mkdir(parents=True, exist_ok=True)
    (home / "state.toml").write_text("safety_notice_read = true\n")
    shutil.copy(cached, home / "history.sqlite3")
    return home
