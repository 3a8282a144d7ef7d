"""`make bench`: Limber measured the way a person meets it, beside a minimal Textual app.

Everything runs through the public command line of a real installation: the ``limber``
console script of a virtual environment built from a wheel of this checkout (see
envs.py), in a pseudo-terminal (term.py), keys written as bytes, CPU and memory read
from /proc of the real process. Start-up figures are ratios to the minimal Textual app
(minimal_app.py: Header, Static, Footer) run by the same Python in the same venv,
interleaved run by run; each ratio is the median of per-pair ratios, with quartiles.

Each figure is one line: name, value, ratio, target, method, and MISS where it misses.
The bench prints; it never asserts. ``--quick`` for a short run while developing,
``--long`` adds RSS at 1, 10 and 30 minutes of a session.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import envs
import history_data
from term import Exited, Term

HERE = Path(__file__).resolve().parent
MINIMAL_TEXT = "Hello from the minimal Textual app"
LIMBER_TITLE = "Limber — lower-back stretching"
NOTICE_TITLE = "Before you start"
"""The safety notice's title (ui/screens/safety.py): a first run's paint is the notice."""
FOUND = re.compile(r"([\d,]+) found")
MISSES: list[str] = []


# -- printing --------------------------------------------------------------------------------


def figure(name: str, value: str, target: str, method: str, ok: bool | None) -> None:
    """One line per figure; ``ok`` None when there is no target to meet."""
    mark = "" if ok is None or ok else "  MISS"
    if ok is False:
        MISSES.append(name.strip())
    print(f"{name:<46} {value:<34} {target:<20} {method}{mark}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        return values[0], values[0], values[0]
    low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, mid, high


def ratio_text(ratios: list[float]) -> str:
    low, mid, high = quartiles(ratios)
    return f"{mid:.2f}× ({low:.2f}–{high:.2f})"


# -- homes and environments --------------------------------------------------------------------


def make_home(base: Path, name: str, *, returning: bool = True, ask_pain: bool = True) -> Path:
    home = base / name
    home.mkdir(parents=True, exist_ok=True)
    if returning:  # core/settings.py: State, in state.toml
        (home / "state.toml").write_text("safety_notice_read = true\n")
    if not ask_pain:
        (home / "config.toml").write_text("ask_pain = false\n")
    return home


def child_env(home: Path | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LIMBER_", "TEXTUAL", "VIRTUAL_ENV", "PYTHON"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # as in the dev shell; wheels were compiled at install
    if home is not None:
        env["LIMBER_HOME"] = str(home)
    return env


# -- start-up: first paint and peak memory -------------------------------------------------------


def open_once(
    argv: list[str], env: dict[str, str], needle: str, quiet: float, filled: int = 0
) -> dict[str, float]:
    """Spawn in a pty; first paint = the read that put ``needle`` on screen. Then wait
    until the catalogue shows ``filled`` items (the packs load after the first paint)
    and the screen text has been still for ``quiet`` s, and read peak RSS (VmHWM)."""
    with Term(argv, env) as term:
        painted = term.wait_text(needle) - term.started
        found_at = None
        if filled:
            term.wait_for(lambda text: _count(text) >= filled, 60)
        settled = (term.settle(lambda text: text, quiet) or term.last_read) - term.started
        if FOUND.search(term.text()):
            found_at = settled
        _, peak = term.memory()
        return {"paint": painted, "settled": settled, "peak": peak, "found": found_at or 0.0}


def startup(core: envs.Venv, packs: envs.Venv, base: Path, rounds: int) -> None:
    minimal = [str(core.python), str(HERE / "minimal_app.py")]
    core_returning = make_home(base, "core-returning")
    # The same runner a few months on: 5,000 sessions (the history opens after the paint).
    core_history = history_data.home_with(core, base / "core-history", 5_000)
    packs_returning = make_home(base, "packs-returning")
    runs: dict[str, list[dict[str, float]]] = {
        k: [] for k in ("minimal", "returning", "history", "first", "packs")
    }

    def one_round(keep: bool) -> None:
        results = {
            "minimal": open_once(minimal, child_env(None), MINIMAL_TEXT, 0.7),
            "returning": open_once(
                [str(core.limber)], child_env(core_returning), LIMBER_TITLE, 0.7
            ),
            "history": open_once([str(core.limber)], child_env(core_history), LIMBER_TITLE, 0.7),
            # A first run: a fresh LIMBER_HOME each time; painted once the notice shows.
            "first": open_once(
                [str(core.limber)],
                child_env(Path(tempfile.mkdtemp(dir=base, prefix="first-"))),
                NOTICE_TITLE,
                0.7,
            ),
            "packs": open_once(
                [str(packs.limber)], child_env(packs_returning), LIMBER_TITLE, 0.7, 10_000
            ),
        }
        if keep:
            for key, value in results.items():
                runs[key].append(value)

    # One round to warm the file cache and write the parse caches (the "warm" state).
    one_round(keep=False)
    for _ in range(rounds):
        one_round(keep=True)

    def per_pair(a: str, b: str, key: str) -> list[float]:
        return [x[key] / y[key] for x, y in zip(runs[a], runs[b], strict=True)]

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    how = f"pty, {rounds} interleaved rounds, median of ratios (quartiles)"
    base_paint = median("minimal", "paint")
    figure("minimal Textual app: first paint", ms(base_paint), "(yardstick)", how, None)
    for name, label in (
        ("returning", "returning runner"),
        ("history", "returning, 5k sessions"),
        ("first", "first run, to the notice"),
    ):
        ratios = per_pair(name, "minimal", "paint")
        figure(
            f"start to first paint, {label}",
            f"{ms(median(name, 'paint'))}  {ratio_text(ratios)}",
            "≤ 1.10× minimal",
            how,
            statistics.median(ratios) <= 1.10,
        )
    ratios = per_pair("packs", "returning", "paint")
    figure(
        "first paint with 50 packs installed",
        f"{ms(median('packs', 'paint'))}  {ratio_text(ratios)}",
        "≤ 1.05× core-only",
        "ratio to core-only limber, same rounds",
        statistics.median(ratios) <= 1.05,
    )
    filled = [r["found"] for r in runs["packs"] if r["found"]]
    if filled:
        figure(
            "  10k catalogue filled in after start",
            ms(statistics.median(filled)),
            "(after first paint)",
            "spawn → screen still with 'N found'",
            None,
        )
    mem_how = "VmHWM once the screen is still"
    figure(
        "minimal Textual app: peak memory",
        f"{median('minimal', 'peak'):.1f} MiB",
        "",
        mem_how,
        None,
    )
    for name, label, target in (
        ("returning", "returning runner", 1.15),
        ("history", "returning, 5k sessions", 1.20),
        ("first", "first run", 1.10),
        ("packs", "50 packs installed", None),
    ):
        ratios = per_pair(name, "minimal", "peak")
        figure(
            f"peak memory, {label}",
            f"{median(name, 'peak'):.1f} MiB  {ratio_text(ratios)}",
            f"≤ {target:.2f}× minimal" if target else "(no target)",
            mem_how,
            statistics.median(ratios) <= target if target else None,
        )


# -- the filter, typed into the pty ----------------------------------------------------------

QUERIES = ["stretch 12 pack 3", "area:hips", "max:10"]


def filter_keys(packs: envs.Venv, base: Path) -> None:
    home = make_home(base, "packs-returning")
    times: dict[str, list[float]] = {q: [] for q in QUERIES}
    with Term([str(packs.limber)], child_env(home)) as term:
        term.wait_for(lambda t: _count(t) >= 10_000, 60)
        term.settle(lambda t: t, 0.7)
        lines = term.screen.display
        row = next(i for i, line in enumerate(lines) if "Filter: words" in line)
        # The catalogue pane only: the session pane beside it previews the highlighted
        # item once typing pauses, which is not the keystroke's answer.
        width = next(line.index("╮") + 1 for line in lines if "Catalogue" in line)
        term.write(b"/")
        term.settle(lambda t: t, 0.5)

        def state(text: str) -> tuple[int, str]:
            return _count(text), text.split("\n")[row][:width]

        for query in QUERIES:
            for n, char in enumerate(query, 1):
                sent = term.write(char.encode())
                if char == " ":  # a trailing space shows nothing (Textual draws its own cursor)
                    term.settle(state, 0.3, timeout=10)
                    continue
                # Every byte read as it arrives, then put through the emulator: the key's
                # time is the read after which the query shows, with the count it ends at.
                seen = term.replay(term.read_until_quiet(0.3, timeout=20), state)
                typed = query[:n]
                final = seen[-1][1] if seen else state(term.text())
                done = [t for t, value in seen if value == final and typed in value[1]]
                if not done:
                    raise TimeoutError(f"the filter never showed {typed!r}:\n{term.text()}")
                times[query].append(done[0] - sent)
            final = _count(term.text())
            max_term_key(query, times[query])
            times[query + f" → {final:,} found"] = times.pop(query)
            term.write(b"\x1b")  # Escape clears the filter
            term.settle(lambda t: t, 0.5)
            term.write(b"/")
            term.settle(lambda t: t, 0.3)
    every = [t for ts in times.values() for t in ts]
    figure(
        "filter keystroke at 10k stretches",
        f"median {ms(statistics.median(every))}, max {ms(max(every))}",
        "< 50 ms every key",
        f"pty, {len(every)} keys (not spaces): key byte → the read bringing query + count",
        max(every) < 0.05,
    )
    for query, ts in times.items():
        figure(
            f"  typing '{query}'",
            f"median {ms(statistics.median(ts))}, max {ms(max(ts))}",
            "< 50 ms every key",
            "",
            max(ts) < 0.05,
        )


def max_term_key(query: str, times: list[float]) -> None:
    """The key that completes the first ``max:`` term of ``query`` (``max:1`` of
    ``max:10``): the first that filters by duration, which once built every routine's plan.
    ``times`` are the query's keys but spaces, in order."""
    start = query.find("max:")
    if start < 0:
        return
    key = start + len("max:") - query[: start + len("max:")].count(" ")
    figure(
        f"  key completing '{query[: start + len('max:') + 1]}'",
        ms(times[key]),
        "< 50 ms",
        "pty: key byte → the read bringing query + count",
        times[key] < 0.05,
    )


def _count(text: str) -> int:
    match = FOUND.search(text)
    return int(match.group(1).replace(",", "")) if match else -1


# -- CPU and memory while a session runs ---------------------------------------------------------


def drain_all(terms: list[Term], seconds: float) -> None:
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        ready, _, _ = select.select([t.fd for t in terms], [], [], left)
        for term in terms:
            if term.fd in ready:
                term.pump(0)


STILL = (
    "import sys; from limber.ui.widgets.figure_view import FigureView; "
    "FigureView.play = lambda self, running: None; from limber.cli import main; "
    "sys.argv[0] = 'limber'; sys.exit(main())"
)
"""``limber`` with its figures held still (bench only): the same session, no animation."""


def session_cpu(
    core: envs.Venv, base: Path, seconds: float, long: bool, moving: bool = False
) -> None:
    home = make_home(base, "session", ask_pain=False)
    routine = "core/post-run"
    if long:
        routine = write_long_routine(home)
    elif moving:
        routine = write_moving_routine(home)
    minimal = Term([str(core.python), str(HERE / "minimal_app.py")], child_env(None))
    session = Term([str(core.limber), "run", routine], child_env(home))
    terms = [minimal, session]
    if moving:  # the same session beside it, its figure held still, in the same window
        still_home = make_home(base, "session-still", ask_pain=False)
        write_moving_routine(still_home)
        argv = [str(core.python), "-c", STILL, "run", routine]
        terms.append(Term(argv, child_env(still_home)))
    try:
        minimal.wait_text(MINIMAL_TEXT)
        for term in terms[1:]:
            term.wait_text(LIMBER_TITLE)
        drain_all(terms, 3.0)  # the session is under way
        before = [t.cpu_seconds() for t in terms]
        start = time.perf_counter()
        marks = [60.0, 600.0, 1800.0] if long else []
        rss: list[tuple[float, float]] = []
        window_end = start + seconds
        for mark in sorted({seconds, *marks}):
            drain_all(terms, start + mark - time.perf_counter())
            if abs(start + mark - window_end) < 1e-9:
                after = [t.cpu_seconds() for t in terms]
                elapsed = time.perf_counter() - start
            if mark in marks:
                rss.append((mark, session.memory()[0]))
        base_cpu, app_cpu, *still_cpu = (
            (a - b) / elapsed * 100 for a, b in zip(after, before, strict=True)
        )
        figure(
            "CPU while a session runs",
            f"{app_cpu:.2f} % (minimal app {base_cpu:.2f} %)",
            "≤ 0.5 % of a core",
            f"/proc utime+stime over {seconds:.0f} s, `limber run {routine}`",
            app_cpu <= 0.5,
        )
        if still_cpu:
            added = app_cpu - still_cpu[0]
            figure(
                "  the figure's animation adds",
                f"{added:.2f} % (figure held still {still_cpu[0]:.2f} %)",
                "≤ 0.2 % of a core",
                "the same session beside it, its FigureView.play patched out",
                added <= 0.2,
            )
        if long:
            values = "  ".join(f"{m / 60:.0f} min {r:.1f} MiB" for m, r in rss)
            growth = rss[-1][1] - rss[0][1]
            figure(
                "RSS over a long session",
                f"{values}  (+{growth:.2f} MiB after 1 min)",
                "flat: ≤ +0.2 MiB after 1 min",
                "/proc VmRSS of `limber run`",
                growth <= 0.2,
            )
    except Exited:
        figure("CPU while a session runs", "the app exited", "≤ 0.5 % of a core", "", False)
    finally:
        for term in terms:
            term.close()


def write_long_routine(home: Path) -> str:
    """A routine of the runner's own ("mine") that lasts well over 30 minutes."""
    routines = home / "routines"
    routines.mkdir(exist_ok=True)
    stretches = ["core/butterfly", "core/reclining-twist", "core/seated-twist", "core/cat-cow"]
    steps = "".join(f'\n[[steps]]\nstretch = "{stretches[n % 4]}"\n' for n in range(80))
    (routines / "long-bench.toml").write_text(
        f'id = "long-bench"\nname = "Long bench session"\ndescription = "Bench."\n{steps}'
    )
    return "mine/long-bench"


def write_moving_routine(home: Path) -> str:
    """A routine of the runner's own ("mine") made of movements (pelvic tilts, cat-cow,
    the seated twist's turn), so a figure animates through most of the CPU window."""
    routines = home / "routines"
    routines.mkdir(exist_ok=True)
    stretches = ["core/pelvic-tilt", "core/cat-cow", "core/seated-twist"]
    steps = "".join(f'\n[[steps]]\nstretch = "{stretches[n % 3]}"\n' for n in range(12))
    (routines / "moving-bench.toml").write_text(
        f'id = "moving-bench"\nname = "Moving bench session"\ndescription = "Bench."\n{steps}'
    )
    return "mine/moving-bench"


# -- the command line ------------------------------------------------------------------------


def wall(argv: list[str], env: dict[str, str], runs: int, out: Path | None = None) -> list[float]:
    """Wall seconds of ``runs`` runs, stdout to a file as `> out` would."""
    times = []
    for _ in range(runs):
        target = out or Path(os.devnull)
        with open(target, "wb") as handle:
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=handle, stderr=subprocess.PIPE, check=True)
            times.append(time.perf_counter() - start)
    return times


def commands(core: envs.Venv, packs: envs.Venv, base: Path, runs: int) -> None:
    home = make_home(base, "cli-packs")
    env = child_env(home)
    limber = str(packs.limber)
    out = base / "out.txt"
    cold = wall([limber, "packs", "--json"], env, 1)[0]
    warm = wall([limber, "packs", "--json"], env, runs)
    loaded = json.loads(
        subprocess.run([limber, "packs", "--json"], env=env, capture_output=True).stdout
    )
    stretches = sum(p.get("stretches", 0) for p in loaded)
    figure(
        f"load {stretches:,} stretches in {len(loaded) - 2} installed packs",
        f"{ms(statistics.median(warm))} (no cache {ms(cold)})",
        "< 0.5 s",
        f"`limber packs --json`, warm parse cache, median of {runs}",
        statistics.median(warm) < 0.5,
    )
    routines = sum(p.get("routines", 0) for p in loaded)
    first = wall([limber, "list", "--json"], env, 1, out)[0]
    listing = wall([limber, "list", "--json"], env, runs, out)
    figure(
        f"`limber list --json`, {routines} routines",
        f"{ms(statistics.median(listing))} (first {ms(first)}, {out.stat().st_size / 1e6:.1f} MB)",
        "< 0.3 s",
        f"wall, stdout to a file, warm caches, median of {runs}",
        statistics.median(listing) < 0.3,
    )
    cold_load(packs, base, runs)


def cold_load(packs: envs.Venv, base: Path, runs: int) -> None:
    """The first load after installing packs: a new LIMBER_HOME each run, so no parse
    cache (nor plan cache) is there; `limber packs --json` loads every pack and exits."""
    times = []
    for run in range(runs):
        home = make_home(base, f"cold-{run}")
        times += wall([str(packs.limber), "packs", "--json"], child_env(home), 1)
    figure(
        "first load of 10k stretches, no parse cache",
        f"{ms(statistics.median(times))} (max {ms(max(times))})",
        "< 1.0 s",
        f"`limber packs --json`, new LIMBER_HOME each run, median of {runs}",
        statistics.median(times) < 1.0,
    )


def history(core: envs.Venv, base: Path, runs: int) -> None:
    limber = str(core.limber)
    big = history_data.home_with(core, base / "history-50k", 50_000)
    small = history_data.home_with(core, base / "history-5k", 5_000)
    empty = make_home(base, "history-empty")
    out = base / "export.out"
    for fmt, limit in (("json", 1.0), ("csv", 3.0), ("md", 3.0)):
        times = wall([limber, "history", "export", "--format", fmt], child_env(big), runs, out)
        figure(
            f"`limber history export --format {fmt}`, 50k",
            f"{ms(statistics.median(times))} ({out.stat().st_size / 1e6:.1f} MB)",
            f"< {limit:g} s",
            f"wall, stdout to a file, median of {runs}",
            statistics.median(times) < limit,
        )
    full, bare = [], []
    for _ in range(runs):  # interleaved
        full += wall([limber, "history"], child_env(small), 1)
        bare += wall([limber, "history"], child_env(empty), 1)
    ratios = [a / b for a, b in zip(full, bare, strict=True)]
    figure(
        "`limber history` with 5,000 sessions",
        f"{ms(statistics.median(full))}  {ratio_text(ratios)}",
        "(empty: " + ms(statistics.median(bare)) + ")",
        f"wall, ratio to an empty history, {runs} pairs",
        None,
    )


TIME_PEAK = ["/usr/bin/time", "-f", "%M"]
"""GNU time printing the peak RSS (KiB) of the command it runs."""
SESSION_ROW = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d  ")
"""A row of the history screen's list (ui/widgets/session_list.py: row_text)."""


def history_all(core: envs.Venv, base: Path, runs: int) -> None:
    history(core, base, runs)
    history_million(core, base, runs)


def history_million(core: envs.Venv, base: Path, runs: int) -> None:
    """Issue 22's rows at a million sessions: the CSV export (time and peak memory) and
    key H (the history screen) in a pty, key byte → its list's rows on screen."""
    home = history_data.home_with_million(core, base / "history-1m")
    out = base / "export-1m.csv"
    times, peaks = [], []
    for _ in range(runs):
        with open(out, "wb") as handle:
            start = time.perf_counter()
            done = subprocess.run(
                [*TIME_PEAK, str(core.limber), "history", "export", "--format", "csv"],
                env=child_env(home),
                stdout=handle,
                stderr=subprocess.PIPE,
                text=True,
                check=True,
            )
            times.append(time.perf_counter() - start)
        peaks.append(int(done.stderr.split()[-1]) / 1024)  # KiB → MiB
    figure(
        "`limber history export --format csv`, 1M",
        f"{ms(statistics.median(times))}, peak {max(peaks):.1f} MiB",
        "< 5 s, flat memory",
        f"wall and VmHWM (/usr/bin/time), stdout to a file ({out.stat().st_size / 1e6:.0f} MB),"
        f" median of {runs}",
        statistics.median(times) < 5,
    )
    keys = []
    for _ in range(runs):
        with Term([str(core.limber)], child_env(home)) as term:
            term.wait_text(LIMBER_TITLE, 60)
            term.wait_text("Streak", 60)  # the pane has read the history
            term.settle(lambda t: t, 0.7)
            sent = term.write(b"H")
            shown = term.wait_for(
                lambda t: "All sessions (1,000,000)" in t and len(SESSION_ROW.findall(t)) >= 10,
                30,
            )
            keys.append(shown - sent)
    figure(
        "key H at 1,000,000 sessions",
        f"median {ms(statistics.median(keys))}, max {ms(max(keys))}",
        "< 200 ms",
        f"pty, key byte → the list's title and rows on screen, {runs} runs",
        statistics.median(keys) < 0.2,
    )


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11, help="start-up rounds (default 11)")
    parser.add_argument(
        "--cpu-seconds", type=float, default=60, help="CPU window of the session (default 60)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, 10 s CPU window, 2 runs")
    parser.add_argument("--long", action="store_true", help="also RSS at 1, 10 and 30 minutes")
    parser.add_argument(
        "--moving",
        action="store_true",
        help="measure the session CPU on movements (a figure animating) instead of post-run, "
        "beside the same session with its figure held still",
    )
    parser.add_argument(
        "--only",
        choices=["startup", "filter", "session", "cli", "history"],
        action="append",
        help="run only these parts (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.cpu_seconds, args.runs = 3, 10.0, 2
    if args.long:
        args.cpu_seconds = max(args.cpu_seconds, 1800.0)
    parts = args.only or ["startup", "filter", "session", "cli", "history"]
    load = os.getloadavg()[0]
    print(
        f"Limber bench on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load:.2f} at start",
        flush=True,
    )
    core, packs = envs.prepare()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="limber-bench-") as tmp:
        base = Path(tmp)
        steps: dict[str, Callable[[], None]] = {
            "startup": lambda: startup(core, packs, base, args.rounds),
            "filter": lambda: filter_keys(packs, base),
            "session": lambda: session_cpu(core, base, args.cpu_seconds, args.long, args.moving),
            "cli": lambda: commands(core, packs, base, args.runs),
            "history": lambda: history_all(core, base, args.runs),
        }
        print(f"{'figure':<46} {'value':<34} {'target':<20} method", flush=True)
        for part in parts:
            try:
                steps[part]()
            except (Exited, TimeoutError, subprocess.CalledProcessError) as error:
                figure(part, "FAILED", "", str(error).splitlines()[0][:80], False)
        shutil.rmtree(base, ignore_errors=True)
    print(
        f"\n{len(MISSES)} missed: {', '.join(MISSES) or 'none'}. "
        f"{time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.2f} at the end "
        "(other work on the machine makes every figure noisier).",
    )
    return 0  # figures only: the bench never fails a build


if __name__ == "__main__":
    raise SystemExit(main())
