"""In a real terminal Limber's input thread sleeps until a key comes
(``ui/quietdriver.py``): an open app does not wake the computer ten times a second, and
keys, a character cut between two reads, a lone Escape, ctrl+z and quitting work as they
did with Textual's own driver."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from textual._xterm_parser import XTermParser

from limber.core.paths import Paths
from limber.core.settings import State, save_state
from termtools import term_module

TITLE = "Limber — lower-back stretching"
LIMBER = Path(sys.executable).parent / "limber"


def _wakeups(pid: int) -> int:
    """How many times the process's threads have gone to sleep and been woken, so far."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def _state(pid: int) -> str:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))


def test_an_open_app_sleeps_and_its_keys_escape_ctrl_z_and_quit_still_work(limber_home):
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    env = {**os.environ, "LIMBER_HOME": str(limber_home), "LIMBER_PACKS": ""}
    term = term_module().Term([str(LIMBER)], env)
    ended: int | None = None
    try:
        term.wait_text(TITLE)
        term.settle(lambda text: text, 0.5)  # the packs and the history are in
        before = _wakeups(term.pid)
        term.drain(2.0)
        # Textual's driver: about 20 in these 2 s (a poll every 0.1 s), however quiet.
        assert _wakeups(term.pid) - before < 8

        term.write(b"?")
        term.wait_text("Limber — keys")
        term.write(b"\x1b")  # a lone Escape: given up waiting for more after a moment
        term.wait_for(lambda text: "Limber — keys" not in text, timeout=2)

        os.kill(term.pid, signal.SIGTSTP)  # ctrl+z from a shell, then `fg`
        deadline = time.monotonic() + 5
        while _state(term.pid) != "T" and time.monotonic() < deadline:
            term.pump(0.05)
        assert _state(term.pid) == "T"
        resumed_from = len(term.raw)
        os.kill(term.pid, signal.SIGCONT)
        # Back in the app, not before: keys typed while the terminal is still as the
        # shell left it are the shell's (a person types once the app has redrawn). The
        # focus reports are turned on after the terminal is set raw, as the app is back.
        deadline = time.monotonic() + 10
        while b"\x1b[?1004h" not in term.raw[resumed_from:] and time.monotonic() < deadline:
            term.pump(0.05)
        term.wait_text(TITLE)
        term.write(b"?")  # keys work after resuming
        term.wait_text("Limber — keys", timeout=5)
        term.write(b"\x1b")
        term.wait_for(lambda text: "Limber — keys" not in text, timeout=2)
        term.settle(lambda text: text, 0.5)
        before = _wakeups(term.pid)
        term.drain(1.0)
        assert _wakeups(term.pid) - before < 5  # asleep again after resuming

        term.write(b"/")  # the filter, then an "é" whose two bytes come in two reads
        term.wait_for(lambda text: "q Quit" not in text, timeout=5)  # its keys in the footer
        term.write(b"\xc3")
        term.drain(0.3)
        term.write(b"\xa9x")
        term.wait_text("éx", timeout=5)
        term.write(b"\x1b")
        term.settle(lambda text: text, 0.3)

        term.write(b"\x11")  # ctrl+q
        ended = _reaped_within(term, 3.0)
        assert ended == 0, f"ctrl+q: the app had not ended 3 s later (wait status {ended})"
    finally:
        if ended is None:
            term.close()  # kills and reaps it, and closes the terminal
        else:
            os.close(term.fd)


def test_ctrl_z_and_fg_reach_the_app_whichever_of_its_threads_they_land_on(limber_home):
    """The kernel hands a process's signal to any one of its threads (after a stop, to
    whichever runs first), and Python runs the handler only in the main thread, once that
    wakes. An app at rest did not stop, or stayed as the shell left it after ``fg``,
    until a key came: the driver has every signal wake the main thread."""
    tgkill = getattr(ctypes.CDLL(None), "tgkill", None)  # glibc 2.30 and later
    if tgkill is None:
        pytest.skip("this C library has no tgkill, to aim a signal at one thread")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    env = {**os.environ, "LIMBER_HOME": str(limber_home), "LIMBER_PACKS": ""}
    term = term_module().Term([str(LIMBER)], env)
    try:
        term.wait_text(TITLE)
        term.settle(lambda text: text, 0.5)  # at rest: its main thread asleep

        assert tgkill(term.pid, _another_thread(term.pid), signal.SIGTSTP) == 0
        deadline = time.monotonic() + 5
        while _state(term.pid) != "T" and time.monotonic() < deadline:
            term.pump(0.05)
        assert _state(term.pid) == "T", "a ctrl+z from the shell did not stop the app"

        resumed_from = len(term.raw)
        assert tgkill(term.pid, _another_thread(term.pid), signal.SIGCONT) == 0
        deadline = time.monotonic() + 10
        while b"\x1b[?1004h" not in term.raw[resumed_from:] and time.monotonic() < deadline:
            term.pump(0.05)
        assert b"\x1b[?1004h" in term.raw[resumed_from:], "after fg the app did not come back"
        term.write(b"?")
        term.wait_text("Limber — keys", timeout=5)
    finally:
        term.close()


def _another_thread(pid: int) -> int:
    """One of the process's threads that is not its main thread."""
    others = [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
    others.remove(pid)
    assert others, "the app runs its input and its output in threads of their own"
    return max(others)


def _reaped_within(term, seconds: float) -> int | None:  # type: ignore[no-untyped-def]
    """The program's wait status once it has ended (it is reaped), or None if it is
    still running after ``seconds``. Reads its screen meanwhile."""
    deadline = time.monotonic() + seconds
    while True:
        pid, status = os.waitpid(term.pid, os.WNOHANG)
        if pid:
            return status
        if time.monotonic() >= deadline:
            return None
        try:
            term.pump(0.05)
        except term_module().Exited:  # its end of the terminal closed first
            pass


def test_the_parser_still_says_how_long_a_lone_escape_waits():
    """The driver reads Textual's parser's pending wait from ``_timeout_time``: a Textual
    upgrade that renames it must fail here, not leave Escape waiting for the next key."""
    parser = XTermParser()
    assert parser._timeout_time is None
    list(parser.feed("\x1b"))
    assert isinstance(parser._timeout_time, float)
    list(parser.feed("[A"))  # the rest of an arrow key: nothing left to wait for
    assert parser._timeout_time is None
