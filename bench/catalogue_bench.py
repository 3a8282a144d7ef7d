"""Load and validate a generated catalogue of 10,000 stretches in 50 packs; time `limber list`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen import host_for, write_packs

from limber.core.packs.parsecache import TomlCache


def load_time(packs: list[tuple[str, Path]], cache: TomlCache | None) -> float:
    start = time.perf_counter()
    catalogue, report = host_for(packs, cache=cache).collect()
    elapsed = time.perf_counter() - start
    assert not report.failures, report.summary()
    assert len(catalogue.stretches) >= 10_000
    return elapsed


def list_time() -> float:
    env = {**os.environ, "LIMBER_PACKS": ""}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "limber", "list"], check=True, env=env, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        packs = write_packs(Path(tmp) / "packs")
        cold = [load_time(packs, None) for _ in range(3)]
        cache = TomlCache(Path(tmp) / "cache")
        first = load_time(packs, cache)
        warm = [load_time(packs, cache) for _ in range(5)]
        print("catalogue: load + validate 10,000 stretches in 50 packs (target < 500 ms):")
        print(f"  no parse cache:           median {statistics.median(cold) * 1000:.0f} ms")
        print(f"  first run, writing cache: {first * 1000:.0f} ms")
        print(
            f"  later runs (cache warm):  median {statistics.median(warm) * 1000:.0f} ms, "
            f"best {min(warm) * 1000:.0f} ms"
        )
    runs = [list_time() for _ in range(5)]
    print(f"cli: `limber list` wall time: median {statistics.median(runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
