"""`make bench`: every benchmark, one after the other, printing figures (never asserting)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHES = ["catalogue_bench.py", "app_bench.py", "history_bench.py"]


def main() -> int:
    print(
        f"Limber benchmarks on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    # An installed wheel has its bytecode compiled at install; an editable checkout under
    # PYTHONDONTWRITEBYTECODE never gets any. Compile it, so start-up is compared fairly.
    import compileall

    compileall.compile_dir(str(HERE.parent / "tui"), quiet=1)
    failed = 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n== {name}")
        sys.stdout.flush()
        failed += subprocess.run([sys.executable, str(path)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
