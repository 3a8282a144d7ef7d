"""What `limber` imports before its first frame is on the terminal, compared with the
start-up allow-list in tui/limber/ui/startup.py (CONTRIBUTING, "Keeping start-up fast").

Each case runs the real start-up (``limber.cli.main``, as the console script does) in a
terminal (a pty, 100×30) and stops at the first frame written to it, the moment
``ui/startup.py`` starts what can wait. A minimal Textual app (``bench/minimal_app.py``)
runs beside it the same way: packages it loads too cost Limber nothing extra.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from historytools import fill_history
from limber.core.paths import Paths
from limber.core.settings import State, save_state
from limber.ui import startup

# One test process takes this whole module (`--dist loadgroup`): the three first frames are
# taken once a run, not once in each process that gets one of its tests.
pytestmark = pytest.mark.xdist_group("startup-modules")

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, os, runpy, sys
from textual.app import App

out, target = sys.argv[1], sys.argv[2]
display = App._display

def first_write(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None and not self._batch_count:  # outside the mount batch
        first = {"screen": type(screen).__name__, "collecting": gc.isenabled(),
                 "modules": sorted(sys.modules)}
        with open(out, "w", encoding="utf-8") as file:
            json.dump(first, file)
        os._exit(0)

App._display = first_write
if target == "limber":
    sys.argv = ["limber"]
    from limber.cli import main
    main()
else:
    runpy.run_path(target, run_name="__main__")
"""

CASES = ("minimal", "returning runner", "returning runner with a history", "first run")


def _home(case: str, home: Path) -> None:
    paths = Paths(home)
    if case.startswith("returning"):
        save_state(paths.state_file, State(safety_notice_read=True))
    if case.endswith("history"):
        fill_history(paths.history_db, 3)


def _spawn(case: str, home: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(LIMBER_HOME=str(home), LIMBER_PACKS="", TERM="xterm-256color")
    target = str(REPO / "bench" / "minimal_app.py") if case == "minimal" else "limber"
    out = home / "first-frame.json"
    process = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(out), target],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    return process, leader, out


@pytest.fixture(scope="module")
def first_frames(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Each case's first frame: its screen, whether the collector ran, the modules."""
    running = {}
    for case in CASES:
        home = tmp_path_factory.mktemp("startup")
        _home(case, home)
        running[case] = _spawn(case, home)
    deadline = time.monotonic() + 60
    leaders = {leader: case for case, (_, leader, _) in running.items()}
    while leaders and time.monotonic() < deadline:  # the terminal is read, so none blocks
        ready, _, _ = select.select(list(leaders), [], [], 0.05)
        for leader in ready:
            try:
                if os.read(leader, 65536):
                    continue
            except OSError:
                pass
            del leaders[leader]  # the process has gone
            os.close(leader)
    frames = {}
    for case, (process, _, out) in running.items():
        if process.poll() is None:
            process.kill()
        assert process.wait() == 0 and out.exists(), f"{case}: no frame was written"
        frames[case] = json.loads(out.read_text(encoding="utf-8"))
    return frames


def _tops(modules: object) -> set[str]:
    assert isinstance(modules, list)
    return {name.split(".")[0] for name in modules}


def _joined(case: str, loaded: set[str], allowed: frozenset[str], what: str) -> list[str]:
    return [
        f"{name} is now loaded before the {case}'s first frame: import it inside the "
        f"function that needs it, or add it to {what} in tui/limber/ui/startup.py."
        for name in sorted(loaded - allowed)
    ]


def _left(case: str, loaded: set[str], allowed: frozenset[str], what: str) -> list[str]:
    return [
        f"{name} is no longer loaded before the {case}'s first frame: take it off {what} "
        "in tui/limber/ui/startup.py."
        for name in sorted(allowed - loaded)
    ]


EXPECTED = {
    "returning runner": ("MainScreen", "FIRST_FRAME"),
    "returning runner with a history": ("MainScreen", "FIRST_FRAME"),
    "first run": ("SafetyScreen", "FIRST_RUN"),
}
"""Each case's first screen, and the prefix of its lists' names in ui/startup.py."""


@pytest.mark.parametrize("case", list(EXPECTED))
def test_the_first_frame_loads_only_the_modules_on_the_start_up_list(first_frames, case):
    """Limber's own modules match the list exactly (so it stays true); other packages,
    the standard library's too, may be loaded only if the minimal app loads them or the
    list names them (which of the standard library's a minimal app loads varies a little
    between Pythons)."""
    screen, lists = EXPECTED[case]
    modules, packages = (getattr(startup, f"{lists}_{kind}") for kind in ("MODULES", "PACKAGES"))
    frame = first_frames[case]
    assert frame["screen"] == screen
    names = frame["modules"]
    assert isinstance(names, list)
    limber = {name for name in names if name.split(".")[0] == "limber"}
    others = _tops(names) - _tops(first_frames["minimal"]["modules"]) - {"limber"}
    problems = [
        *_joined(case, limber, modules, f"{lists}_MODULES"),
        *_left(case, limber, modules, f"{lists}_MODULES"),
        *_joined(case, others, packages, f"{lists}_PACKAGES"),
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", list(EXPECTED))
def test_the_collector_is_paused_until_the_first_frame_is_written(first_frames, case):
    """`launch.open_app` pauses it for start-up (core/collector.py)."""
    assert first_frames[case]["collecting"] is False
