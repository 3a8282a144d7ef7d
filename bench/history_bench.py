"""How long it takes to open the history store and compute its stats.

Target (DESIGN.md, "Speed and size"): 5,000 sessions (about 40,000 phases) open and give
their stats in under 50 ms. Generates its own data in a temporary folder; run with
``.venv/bin/python bench/history_bench.py``.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from limber.core.history.export import to_json
from limber.core.history.store import HistoryStore, PhaseRecord, SessionRecord, stamp

SESSIONS = 5_000
PHASES_PER_SESSION = 8
TARGET_MS = 50.0
RUNS = 7
ROUTINES = ["Post-run lower-back relief", "Morning mobility", "Desk break", "Long-run reset"]
STRETCHES = ["Knee to chest", "Supine twist", "Cat-cow", "Child's pose", "Figure four"]


def make_sessions(count: int, last_day: date) -> list[SessionRecord]:
    rng = random.Random(1)
    records = []
    start = datetime.combine(last_day, datetime.min.time(), UTC) - timedelta(days=count * 0.7)
    for n in range(count):
        began = start + timedelta(hours=n * 0.7 * 24 + rng.random() * 6)
        phases = []
        for i in range(PHASES_PER_SESSION):
            planned = 30.0
            phases.append(
                PhaseRecord(
                    idx=i,
                    stretch_id=f"core/s{i % 5}",
                    stretch_name=STRETCHES[i % 5],
                    side=("left", "right", "")[i % 3],
                    kind="hold" if i % 2 else "get-ready",
                    planned_seconds=planned,
                    done_seconds=planned if rng.random() > 0.1 else planned * rng.random(),
                    skipped=False,
                    ended_utc=stamp(began + timedelta(seconds=30 * (i + 1))),
                )
            )
        records.append(
            SessionRecord(
                uid=str(uuid.UUID(int=rng.getrandbits(128))),
                routine_id="core/post-run",
                routine_name=rng.choice(ROUTINES),
                pack="core",
                pack_version="0.1.0",
                started_utc=stamp(began),
                utc_offset_minutes=rng.choice([0, 60, 120, -300]),
                ended_utc=stamp(began + timedelta(minutes=12)),
                status=rng.choice(["completed"] * 8 + ["ended-early", "interrupted"]),
                planned_seconds=720.0,
                active_seconds=rng.uniform(200, 900),
                pain_before=rng.choice([None, *range(11)]),
                pain_after=rng.choice([None, *range(11)]),
                note=rng.choice(["", "", "", "tight hamstrings, left side"]),
                stop_reason="",
                phases=tuple(phases),
            )
        )
    return records


def time_open_and_stats(path: Path, today: date) -> list[float]:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        store = HistoryStore(path)
        store.stats(today)
        times.append((time.perf_counter() - began) * 1000)
        store.close()
    return times


def time_parts(path: Path, today: date) -> tuple[list[float], list[float]]:
    """The two costs inside an open: the integrity check, and the stats on an open store."""
    checks, stats = [], []
    for _ in range(RUNS):
        conn = sqlite3.connect(path)
        began = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        checks.append((time.perf_counter() - began) * 1000)
        conn.close()
    with HistoryStore(path) as store:
        store.stats(today)
        for _ in range(RUNS):
            began = time.perf_counter()
            store.stats(today)
            stats.append((time.perf_counter() - began) * 1000)
    return checks, stats


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label:<44} median {median:6.1f} ms   best {min(times):6.1f} ms")
    return median


def startup_with_history(folder: Path, full: Path) -> None:
    """Start to first paint of the app with an empty history and with ``full``."""
    import os
    import shutil
    import statistics
    import subprocess

    sys.path.insert(0, str(Path(__file__).parent))
    from app_bench import LIMBER, LIMBER_SETTLED, first_frame  # as the app bench does

    homes = {"empty history": folder / "home-empty", f"{SESSIONS} sessions": folder / "home-full"}
    for home in homes.values():
        home.mkdir()
        (home / "state.toml").write_text("safety_notice_read = true\n")
    shutil.copy(full, homes[f"{SESSIONS} sessions"] / "history.sqlite3")
    frames: dict[str, list[float]] = {label: [] for label in homes}
    settled: dict[str, list[float]] = {label: [] for label in homes}
    for _ in range(RUNS + 1):  # interleaved; the first round warms the caches
        for label, home in homes.items():
            env = {**os.environ, "LIMBER_HOME": str(home)}
            frames[label].append(first_frame(LIMBER, env) * 1000)
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", LIMBER_SETTLED], env=env, check=True, capture_output=True
            )
            settled[label].append((time.perf_counter() - began) * 1000)
    for label in homes:
        frame, done = statistics.median(frames[label][1:]), statistics.median(settled[label][1:])
        print(
            f"app, {label:<15} first frame {frame:5.0f} ms; all drawn, history too {done:5.0f} ms"
        )


def main() -> int:
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty" / "history.sqlite3"
        HistoryStore(empty).set_note(-1, "")  # creates the file and its schema
        full = Path(folder) / "full" / "history.sqlite3"
        with HistoryStore(full) as store:
            added, _ = store.import_json(to_json(make_sessions(SESSIONS, today)))
        phases = added * PHASES_PER_SESSION
        size = full.stat().st_size / 1e6
        print(f"history: {added} sessions, {phases} phases, {size:.1f} MB")
        report("open + stats(), empty store", time_open_and_stats(empty, today))
        median = report(f"open + stats(), {added} sessions", time_open_and_stats(full, today))
        checks, stats = time_parts(full, today)
        report("  of which PRAGMA quick_check", checks)
        report("  of which stats() on an open store", stats)
        startup_with_history(Path(folder), full)
    verdict = "within" if median < TARGET_MS else "OVER"
    print(f"{verdict} the {TARGET_MS:.0f} ms target")
    return 0  # figures only, like the other benchmarks (bench/run.py)


if __name__ == "__main__":
    sys.exit(main())
