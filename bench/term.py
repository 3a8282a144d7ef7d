"""Run a program in a pseudo-terminal the way a person does, and watch its screen.

The program gets a real pty (``pty.fork``: its own session and controlling terminal,
``TERM=xterm-256color``, a fixed window size). Bytes are read from the master side as
they arrive, each read stamped with ``time.perf_counter()`` before it is fed to
``pyte``, a small terminal emulator, so "the screen shows X" is judged on what a
terminal would display and timed at the read that brought it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence

import pyte

COLS, ROWS = 100, 30
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Exited(Exception):
    """The program ended (or closed its terminal) before the screen showed what we waited for."""


class Term:
    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: str | None = None):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        env = {**env, "TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS)}
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.alive = True
        self.last_read = self.started

    # -- reading -------------------------------------------------------------------------

    def pump(self, timeout: float) -> bool:
        """Read whatever arrives within ``timeout`` seconds; False if nothing did."""
        if not self.alive:
            raise Exited(self.text())
        data = self._read(timeout)
        if data is None:
            return False
        self.last_read = time.perf_counter()
        if not data:
            self.alive = False
            raise Exited(self.text())
        self.raw += data
        self.stream.feed(data)
        return True

    def wait_for(self, check: Callable[[str], bool], timeout: float = 30.0) -> float:
        """perf_counter() of the read after which ``check(screen text)`` first held."""
        deadline = time.perf_counter() + timeout
        while not check(self.text()):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("the screen never showed it:\n" + self.text())
            self.pump(left)
        return self.last_read

    def wait_text(self, needle: str, timeout: float = 30.0) -> float:
        return self.wait_for(lambda text: needle in text, timeout)

    def settle(
        self, key: Callable[[str], object], quiet: float, timeout: float = 30.0
    ) -> float | None:
        """Read until ``key(screen text)`` has not changed for ``quiet`` seconds. Returns
        the time of the read that brought its final value, or None if it never changed.
        (A blinking cursor changes no text.)"""
        start = time.perf_counter()
        deadline = start + timeout
        value, changed = key(self.text()), None
        while (now := time.perf_counter()) < deadline:
            wait = (changed or start) + quiet - now
            if wait <= 0:
                break
            if self.pump(wait):
                if (latest := key(self.text())) != value:
                    value, changed = latest, self.last_read
        return changed

    def _read(self, timeout: float) -> bytes | None:
        """What arrives within ``timeout`` seconds: None if nothing, b"" at the end."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            return os.read(self.fd, 1 << 16)
        except OSError as error:
            if error.errno != errno.EIO:
                raise
            return b""

    def read_until_quiet(self, quiet: float, timeout: float = 30.0) -> list[tuple[float, bytes]]:
        """Read until nothing has come for ``quiet`` seconds, without feeding the screen:
        each read stamped as it arrives, ``(perf_counter(), bytes)``. ``pyte``, in
        Python, takes 5 to 8 ms a 4 KB read (a terminal written in C or Rust is far
        faster), and while it parses, a frame larger than the pty's buffer waits in the
        program's write. Feed them after with :meth:`replay`."""
        chunks: list[tuple[float, bytes]] = []
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        while (now := time.perf_counter()) < deadline:
            wait = last + quiet - now
            if wait <= 0:
                break
            data = self._read(wait)
            if data is None:
                continue
            last = time.perf_counter()
            if not data:
                self.alive = False
                break
            chunks.append((last, data))
        return chunks

    def replay(
        self, chunks: list[tuple[float, bytes]], key: Callable[[str], object]
    ) -> list[tuple[float, object]]:
        """Feed ``chunks`` (from :meth:`read_until_quiet`) to the screen one by one:
        ``(the read's time, key(screen text))`` after each."""
        seen = []
        for stamp, data in chunks:
            self.raw += data
            self.stream.feed(data)
            self.last_read = stamp
            seen.append((stamp, key(self.text())))
        if not self.alive:
            raise Exited(self.text())
        return seen

    def drain(self, seconds: float) -> None:
        """Keep reading (so the program never blocks on a full terminal) for a while."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self.pump(left)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    # -- writing and the process -----------------------------------------------------------

    def write(self, data: bytes) -> float:
        os.write(self.fd, data)
        return time.perf_counter()

    def cpu_seconds(self) -> float:
        """User + system CPU of the process so far, from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def memory(self) -> tuple[float, float]:
        """(RSS now, peak RSS) in MiB, from /proc/PID/status (VmRSS, VmHWM)."""
        values = {}
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
        return values["VmRSS"], values["VmHWM"]

    def close(self) -> None:
        """Kill the program (this one process, by its id) and reap it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
