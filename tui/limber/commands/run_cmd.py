"""``limber run ROUTINE [--plain]``: start a session straight away.

Without ``--plain`` the app opens on the routine. With ``--plain`` the session runs
right here and prints one plain line per cue: a phase starting (with its time into the
session and what to do), a side switch, "3… 2… 1…", and the end. That suits screen
readers, SSH logs and pipes, so every line is flushed as it is written, carries no ANSI
codes, and all pack text goes through :func:`clean_line`. ctrl-c ends the session early
and exits with 130. Packs' event hooks fire just as they do in the app; a hook that
fails is reported on stderr once per pack, and the session goes on.

Testing aid: ``LIMBER_PLAIN_SPEED`` (a positive number, default 1) runs the plain
session that many times faster than real time, so a test can run a real routine in a
second or two. It is not meant for people.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from limber.commands import catalogue_cmds
from limber.commands.figures import figure_lines
from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.events import SessionEvent
from limber.core.following import todays_session
from limber.core.history.model import mostly_done, not_done
from limber.core.history.store import HistoryStore
from limber.core.instructions import WAY_OUT
from limber.core.model import Routine, Stretch
from limber.core.packs.courier import Courier
from limber.core.packs.host import PackHost
from limber.core.painrule import NOT_TODAY, care_pointer, points_to_care
from limber.core.paths import Paths
from limber.core.plan import Phase, Plan, PlanSettings, build_plan, phase_line
from limber.core.programme import follow_up
from limber.core.session import Clock
from limber.core.sessionrun import Problem, SessionRun
from limber.core.settings import load_settings, plan_settings
from limber.core.text import clean_line
from limber.core.wording import about_minutes, mmss, padded_mmss, plural
from limber.launch import open_app

if TYPE_CHECKING:
    from limber.core.following import Today

EXIT_INTERRUPTED = 130
MAX_SLEEP = 0.25
"""Longest single sleep, in real seconds, so ctrl-c and a sleeping laptop are noticed."""


def run(routine_ref: str, *, plain: bool, strict: bool) -> int:
    catalogue, report, host = catalogue_cmds.load_with_host(strict=strict)
    routine = catalogue.routine(routine_ref)
    paths = Paths.from_env()
    settings, problem = load_settings(paths.config_file)
    build_plan(routine, catalogue.stretches, plan_settings(settings))  # fails before the app
    if not plain:
        return open_app(strict=strict, routine=routine.id, loaded=(catalogue, report, host))
    if problem:
        print(f"limber: {problem}", file=sys.stderr)
    speed = _speed()
    store = HistoryStore(paths.history_db)
    if store.notice and not store.read_only:  # else the session says it once, when it starts
        print(f"limber: {store.notice}", file=sys.stderr)
    for record in report.packs:
        if record.notice:  # what a pack said as it loaded (its limber_notice)
            print(f"limber: {record.notice}", file=sys.stderr)
            _SAID.add(record.notice)
    today = _programme_session(store, catalogue, routine.id)
    # On a terminal, as the app does; never in a pipe, where nobody is there to answer.
    asking = settings.ask_pain and sys.stdin.isatty()
    return run_plain(
        today.routine if today else routine,
        catalogue.stretches,
        host,
        _scaled_clock(speed),
        settings=plan_settings(settings),
        speed=speed,
        store=store,
        pack_version=report.pack_version(routine.pack),
        today=today,
        ask=ask_pain if asking else None,
        start_anyway=ask_start_anyway if asking else None,
    )


def ask_pain(question: str) -> int | None:
    """A rating 0 to 10 typed on the terminal; Enter (or end of input) skips it."""
    while True:
        print(f"{question} (0 to 10, Enter to skip) ", end="", flush=True)
        line = sys.stdin.readline()  # not input(): its readline prompt may never show
        answer = line.strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        print("Please type a whole number from 0 to 10, or press Enter to skip.")


def ask_start_anyway() -> bool:
    """After a severe rating: True only for a typed "y"; Enter is "not today"."""
    print("Start anyway? y: start anyway · Enter: not today ", end="", flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _point_to_care(before: int | None, after: int | None, out: TextIO) -> bool:
    """Print Limber's own pointer when the ratings call for it; True if they did."""
    if points_to_care(before, after):
        print(care_pointer(before, after), file=out)
        return True
    return False


def _programme_session(store: HistoryStore, catalogue: Catalogue, routine_id: str) -> Today | None:
    """The programme session this run is, when ``routine_id`` is today's routine of the
    programme followed."""
    return todays_session(
        store, catalogue.programmes, catalogue.routines, catalogue.stretches, utc_now(), routine_id
    )


def _speed() -> float:
    raw = os.environ.get("LIMBER_PLAIN_SPEED", "1")
    try:
        speed = float(raw)
    except ValueError:
        speed = math.nan
    if not (math.isfinite(speed) and speed > 0):
        raise LimberError(f"LIMBER_PLAIN_SPEED must be a positive number, not '{raw}'.")
    return speed


def _scaled_clock(speed: float) -> Clock:
    origin = time.monotonic()
    return lambda: origin + (time.monotonic() - origin) * speed


def run_plain(
    routine: Routine,
    stretches: Mapping[str, Stretch],
    host: PackHost,
    clock: Clock,
    *,
    settings: PlanSettings,
    speed: float = 1.0,
    out: TextIO | None = None,
    store: HistoryStore | None = None,
    pack_version: str = "",
    today: Today | None = None,
    ask: Callable[[str], int | None] | None = None,
    start_anyway: Callable[[], bool] | None = None,
) -> int:
    """Run ``routine`` to the end, printing cues; 0 when done, 130 after ctrl-c.

    ``ask`` (on a terminal) asks the pain before and after, as the app does; after a
    rating of 7 or more before, ``start_anyway`` asks whether to go on, "not today"
    unless the runner says yes (and then nothing is run or recorded).

    With a ``store``, the session is recorded exactly as the app records it (the same
    :class:`SessionRun`): each phase committed as it ends, so a killed process loses at
    most the phase under way. ``today``: the session counts for that programme week, is
    tagged with it, and the author's rules are checked once it ends.
    """
    cues = PlainCues(out or sys.stdout)
    before = ask("Before you start: how is your back?") if ask is not None else None
    if not _start_after(before, cues, start_anyway):
        return 0
    run = SessionRun(
        routine,
        stretches,
        clock,
        settings=settings,
        store=store,
        host=host,
        pack_version=pack_version,
        programme=today.tag if today else ("", 0),
        rules=(today.programme, utc_now) if today else None,
        pain_before=before,
        on_event=cues.show,
        on_problem=_report,
        courier=(courier := Courier()),
    )
    cues.plan = run.plan
    cues.stretches = stretches
    cues.header(routine)
    if today is not None:
        cues.programme(today)
    finished = _drive(run, cues, speed)
    # The packs hear of the last events before Limber asks or exits; a hung hook is
    # given up after the host's time limit, so this wait is bounded.
    courier.drain(host.seconds + 1)
    if not finished:
        return EXIT_INTERRUPTED
    _after(run, cues, ask, today)
    return 0


def _start_after(
    before: int | None, cues: PlainCues, start_anyway: Callable[[], bool] | None
) -> bool:
    """Whether to start after the pain before: a rating that points to care asks first
    (on a terminal), and "not today" is said when the runner does not go on."""
    if _point_to_care(before, None, cues.out) and start_anyway is not None:
        if not start_anyway():
            cues.line(NOT_TODAY)
            return False
    return True


def _after(
    run: SessionRun,
    cues: PlainCues,
    ask: Callable[[str], int | None] | None,
    today: Today | None,
) -> None:
    """Once the session is over: the pain after (on a terminal), where it points, and
    the programme author's rules it crossed."""
    if ask is not None:
        run.rate_after(ask("Done. How is your back now?"))
    end = run.after()
    if end.care:
        print(end.care, file=cues.out)
    if today is not None and end.crossed:
        cues.rules_crossed(today, end.crossed)


def _drive(run: SessionRun, cues: PlainCues, speed: float) -> bool:
    """Run the session to its end in real time (scaled by ``speed``); False after ctrl-c,
    which ends it early.

    ctrl-c only sets a flag that the loop reads between ticks, so it is never raised
    inside a pack's event hook (where the host would take it for the pack's own failure
    and the runner's ctrl-c would be lost); the loop sleeps at most :data:`MAX_SLEEP`.
    """
    engine = run.engine
    stop = threading.Event()
    previous = _on_ctrl_c(stop.set)
    try:
        run.start()
        while engine.state != "finished" and not stop.is_set():
            if engine.state == "paused":  # only the sleep guard pauses a plain session
                cues.line("The clock jumped (was the computer asleep?); carrying on from there.")
                engine.resume()
            wait = engine.until_next_event or 0.0
            if wait > 0:
                time.sleep(min(MAX_SLEEP, wait / speed))
            engine.tick()
    except KeyboardInterrupt:
        stop.set()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if stop.is_set() and engine.state != "finished":
        cues.interrupted()
        engine.end()
        return False
    return True


def _on_ctrl_c(action: Callable[[], None]) -> Any:
    """Make ctrl-c call ``action``; the handler it replaces, or None where signals
    cannot be handled (not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, lambda _signum, _frame: action())


_SAID: set[str] = set()
"""Pack notices already on stderr: one said at load is not said again by its event hook."""


def _report(problem: Problem) -> None:
    """A hook's failure (once per pack) or a history that cannot be written, on stderr."""
    if problem.message in _SAID:
        return
    _SAID.add(problem.message)
    print(f"limber: {clean_line(problem.message)}", file=sys.stderr, flush=True)


class PlainCues:
    """Turns session events into plain lines."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.plan = Plan("", "", ())
        """The plan being run, set once the run has built it."""
        self._counting = False
        """A "3… 2…" line is open and needs its newline before the next line."""
        self.stretches: Mapping[str, Stretch] = {}
        """The stretches of the plan, for their figures."""
        self._figured: tuple[int, str] | None = None
        """The step and side whose figure was printed last."""

    def header(self, routine: Routine) -> None:
        self.line(clean_line(routine.name))
        self.line(
            f"{plural(len(routine.steps), 'step')}, {mmss(self.plan.total_seconds)} in all. "
            "Press ctrl-c to end the session early."
        )
        for caution in routine.cautions:
            self.line(f"Caution: {clean_line(caution)}")
        self.line("")

    def programme(self, today: Today) -> None:
        """Which programme and week this session counts for, under the header."""
        self.line(f"Programme: {clean_line(today.programme.title)}, week {today.week}")
        self.line(clean_line(today.status.line()))
        self.line("")

    def rules_crossed(self, today: Today, crossed: Sequence[str]) -> None:
        """The programme author's rules this session crossed (recorded), with whom to ask."""
        found = today.status
        title, lines = follow_up(
            found.author, found.contact, found.advice, list(crossed), found.sources
        )
        self.line(f"{clean_line(title)}:")
        for line in lines:
            self.line(f"  {clean_line(line)}")

    def line(self, text: str) -> None:
        if self._counting:
            self.out.write("\n")
            self._counting = False
        self.out.write(text + "\n")
        self.out.flush()

    def interrupted(self) -> None:
        """Start a fresh line after the terminal's ``^C``."""
        if self._counting or self.out.isatty():
            self.out.write("\n")
            self._counting = False

    def show(self, event: SessionEvent) -> None:
        if event.kind == "phase-started":
            phase = self.plan.phases[event.phase_index]
            self.line(f"[{padded_mmss(event.elapsed)}] {phase_line(phase, self.plan)}")
            self.figure(phase)
        elif event.kind == "countdown":
            phase = self.plan.phases[event.phase_index]
            if phase.way_out and not self._counting:  # as the hold ends, not during it
                self.line(f"  {WAY_OUT}{phase.way_out}")
            self.out.write(("  " if not self._counting else " ") + f"{event.seconds_left}…")
            self.out.flush()
            self._counting = True
        elif event.kind == "session-done":
            planned = self.plan.total_seconds
            if event.status == "completed" and not mostly_done(planned, event.elapsed):
                self.line(f"Session skipped through in {mmss(event.elapsed)}.")
                self.line(not_done(planned, event.elapsed))
            elif event.status == "completed":
                self.line(
                    f"Session completed in {mmss(event.elapsed)} "
                    f"({about_minutes(event.elapsed)}). Well done."
                )
            else:
                self.line(f"Session ended early after {mmss(event.elapsed)}.")

    def figure(self, phase: Phase) -> None:
        """A step's figure once per step and side: drawn on a terminal, its alt text
        in a pipe (a log, a screen reader)."""
        stretch = self.stretches.get(phase.stretch_id)
        if stretch is None or stretch.figure is None or phase.kind == "rest":
            return
        if self._figured == (phase.step_index, phase.side):
            return
        self._figured = (phase.step_index, phase.side)
        for text in figure_lines(stretch.figure, phase.side, draw=self.out.isatty()):
            self.line(f"  {text}")
