"""The app side by side with a minimal Textual app (Header, Static, Footer) on this machine.

Prints: start to first paint and peak memory as ratios (targets ≤ 1.25× and ≤ 1.3×), CPU
while a session runs (target about 1 % of a core), and the time one keystroke in the
filter takes to update the list with a 10,000-stretch catalogue (target < 50 ms).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

AFTER_IMPORT = """
import importlib.abc, importlib.util, sys

class _PatchAfterImport(importlib.abc.MetaPathFinder):
    # Patch textual.app when the app itself imports it, not before: importing it here
    # would move Textual's import out of the app's own start-up (which, in limber,
    # runs with the garbage collector paused).
    def find_spec(self, name, path=None, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch(module.App)

        spec.loader.exec_module = exec_and_patch
        return spec

sys.meta_path.insert(0, _PatchAfterImport())
"""

FIRST_FRAME = (
    AFTER_IMPORT
    + """
import os, time

def patch(App):
    _display, _run = App._display, App.run

    def _first_frame(self, screen, renderable):
        # The first frame with something on it: the moment a person sees the app.
        # Report the time since the parent started this process, and leave without
        # tearing down.
        _display(self, screen, renderable)
        if renderable is not None and screen.children:
            sys.stdout.write(f"{time.time() - float(os.environ['BENCH_T0']):.4f}\\n")
            sys.stdout.flush()
            os._exit(0)

    def _headless_run(self, *args, **kwargs):
        # Both apps draw to a fake 100×30 screen: no terminal is needed, and neither
        # pays for writing to one.
        return _run(self, headless=True, size=(100, 30))

    App._display = _first_frame
    App.run = _headless_run
"""
)

SETTLED = (
    AFTER_IMPORT
    + """
def patch(App):
    _run = App.run

    async def settled(pilot):
        await pilot.pause()  # everything loaded and drawn
        pilot.app.exit()

    def _headless_run(self, *args, **kwargs):
        return _run(self, headless=True, size=(100, 30), auto_pilot=settled)

    App.run = _headless_run
"""
)

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

Minimal().run()
"""

LIMBER_APP = """
from limber.cli import main

main([])  # exactly what the `limber` command does
"""

MINIMAL = FIRST_FRAME + MINIMAL_APP
LIMBER = FIRST_FRAME + LIMBER_APP
MINIMAL_SETTLED = SETTLED + MINIMAL_APP
LIMBER_SETTLED = SETTLED + LIMBER_APP
"""Run until idle: packs loaded, catalogue drawn, for peak memory."""

SESSION_CPU = """
import asyncio, time
from limber.core.paths import Paths
from limber.ui.app import create_app

SECONDS = 10

async def run_session(pilot):
    await pilot.pause(1)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(SECONDS)
    used = time.process_time() - cpu
    elapsed = time.perf_counter() - wall
    print(f"{used / elapsed * 100:.2f}")
    pilot.app.exit()

app = create_app(paths=Paths.from_env(), start_routine="core/post-run")
app.run(headless=True, size=(100, 30), auto_pilot=run_session)
"""

FILTER = """
import statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from gen import host_for, write_packs
from limber.core.paths import Paths
from limber.ui.app import create_app
from limber.ui.widgets.catalogue_pane import CataloguePane

tmp = Path(tempfile.mkdtemp())
host = host_for(write_packs(tmp / "packs"))
catalogue, report = host.collect()
times = []

async def type_filter(pilot):
    pane = pilot.app.main.query_one(CataloguePane)
    pane.focus_filter()  # as when typing: the list updates, the preview waits for a pause
    await pilot.pause()
    text = ""
    for char in "stretch number 12 of pack 3":
        text += char
        start = time.perf_counter()
        pane.refilter(text)
        await pilot.pause()
        times.append(time.perf_counter() - start)
    pilot.app.exit()

home = tmp / "home"
home.mkdir()
(home / "state.toml").write_text("safety_notice_read = true")
app = create_app(paths=Paths(home), catalogue=catalogue, report=report, host=host)
app.run(headless=True, size=(100, 30), auto_pilot=type_filter)
median, worst = statistics.median(times) * 1000, max(times) * 1000
print(f"{{median:.1f}} {{worst:.1f}} {{len(catalogue.stretches)}}")
"""


def first_frame(code: str, env: dict[str, str]) -> float:
    """Seconds from starting a fresh interpreter to its first frame on screen."""
    env = {**env, "BENCH_T0": repr(time.time())}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return float(out.split()[-1])


def measure(code: str, env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds and peak RSS (MiB) of ``runs`` fresh processes."""
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        if status != 0:
            raise SystemExit(
                f"benchmark child failed: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        peaks.append(usage.ru_maxrss / 1024)
    return walls, peaks


def main() -> None:
    bench_dir = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as home:
        # A returning runner: the first-run safety notice has been read.
        with open(os.path.join(home, "state.toml"), "w") as state:
            state.write("safety_notice_read = true\n")
        # The session bench starts a routine straight away, with no pain question first.
        with open(os.path.join(home, "config.toml"), "w") as config:
            config.write("ask_pain = false\n")
        env = {**os.environ, "LIMBER_HOME": home, "TEXTUAL_ANIMATIONS": "none"}
        env.pop("LIMBER_PACKS", None)
        # One warm-up each, so both read the same warm file cache and pack parse cache.
        measure(MINIMAL_SETTLED, env, 1)
        measure(LIMBER_SETTLED, env, 1)
        # Interleaved, so a busy moment on the machine lands on both sides alike.
        runs = 21
        base_walls, base_mems, app_walls, app_mems = [], [], [], []
        for _ in range(runs):
            base_walls.append(first_frame(MINIMAL, env))
            app_walls.append(first_frame(LIMBER, env))
            base_mems += measure(MINIMAL_SETTLED, env, 1)[1]
            app_mems += measure(LIMBER_SETTLED, env, 1)[1]
        base_wall, base_mem = statistics.median(base_walls), statistics.median(base_mems)
        app_wall, app_mem = statistics.median(app_walls), statistics.median(app_mems)
        # Each pair ran back to back, so its ratio is what a drift in the machine's speed
        # disturbs least; its quartiles show how much to trust the median.
        ratios = [app / base for app, base in zip(app_walls, base_walls, strict=True)]
        low, mid, high = statistics.quantiles(ratios, n=4)
        print(
            f"start to first frame on screen ({runs} fresh processes each, interleaved in pairs):"
        )
        print(
            f"  minimal Textual app {base_wall * 1000:.0f} ms, limber {app_wall * 1000:.0f} ms"
            f" (medians); per pair {mid:.2f}× (quartiles {low:.2f}–{high:.2f}; target ≤ 1.25×)"
        )
        print("peak memory (max RSS), once everything is loaded and drawn:")
        print(
            f"  minimal Textual app {base_mem:.1f} MiB, limber {app_mem:.1f} MiB"
            f"  → {app_mem / base_mem:.2f}× (target ≤ 1.3×)"
        )
        out = subprocess.run(
            [sys.executable, "-c", SESSION_CPU], env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        print(
            f"CPU while a session runs (10 s, waking about once a second): {out[-1]} % of a core"
            " (target about 1 %)"
        )
        code = FILTER.format(bench=bench_dir)
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        print(
            f"filter with {out[2]} stretches: one keystroke updates the list in "
            f"median {out[0]} ms, worst {out[1]} ms (target < 50 ms)"
        )


if __name__ == "__main__":
    main()
