"""A second process that makes every other chunk of a long export while the exporting
process makes the rest: the exports' text is made by SQLite, and one process uses one
core (:mod:`~limber.core.history.chunks`).

A second thread would not do: the system's SQLite counts its memory under one lock, so
two threads in one process mostly waited on each other (issue 22: a million sessions'
CSV took 10.8 s of CPU on two threads against 6.0 s on one, for 0.3 s less). Two
processes have a lock each.

The child (``python -I -S``, :mod:`limber.core.subpython`) is sent one request: the
history file, which export (the module that makes it, one of :data:`MAKERS`), its
``since`` and the key ranges it is to make. It opens the file read-only and answers each
range in order: ``S`` (text) or ``B`` (bytes), an 8-byte big-endian length, then the
chunk; or ``E`` when a chunk fails, and ends. Each answer waits in the pipe until the
exporting process takes it, so the child is never more than a chunk ahead.

Nothing depends on the child. A range it does not answer (it did not start, could not
read the file, failed, died, or took longer than :data:`PATIENCE`) the exporting process
makes itself, so an error reads as it does without the child; the child is then killed.
It never outlives the export: :meth:`Helper.close` kills it, and if the exporting
process dies first, the child's next answer finds no reader and it ends.
"""

from __future__ import annotations

import importlib
import select
import signal
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from limber.core import subpython
from limber.core.history import db

if TYPE_CHECKING:
    import sqlite3
    import subprocess

MAKERS = frozenset({"limber.core.history.csvlines", "limber.core.history.jsonstream"})
"""The modules whose ``job(since)`` the child may be asked to run."""
PATIENCE = 30.0
"""Seconds the exporting process waits for one of the child's chunks (each takes well
under one) before it stops waiting, kills the child and makes the rest itself."""


Key = tuple[str, int]
"""A session's place in the export: ``(started_utc, id)``, its order."""


class Request(msgspec.Struct, array_like=True):
    path: str
    maker: str
    since: str | None
    ranges: list[tuple[Key | None, Key | None]]


Job = Callable[[date | None], tuple[Callable[..., object], Callable[["sqlite3.Connection"], None]]]


class Helper:
    """The child making ``ranges`` (every other range of the export), in order."""

    def __init__(
        self, path: Path, maker: str, since: str | None, ranges: list[tuple[Key | None, Key | None]]
    ) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        request = msgspec.msgpack.encode(Request(str(path), maker, since, ranges))
        try:
            self._proc = subpython.start("limber.core.history.exportchild")
            assert self._proc.stdin is not None and self._proc.stdout is not None
            _widen(self._proc.stdout.fileno())
            subpython.write_all(self._proc.stdin.fileno(), len(request).to_bytes(4, "big"))
            subpython.write_all(self._proc.stdin.fileno(), request)
            self._proc.stdin.close()
        except (OSError, ValueError, AssertionError):
            self.close()

    def take(self) -> object | None:
        """The child's next chunk (text or bytes), or None: the caller makes it. After a
        None the child is gone and every later call is None too."""
        if self._proc is None or self._proc.stdout is None:
            return None
        out = self._proc.stdout.fileno()
        try:
            if not select.select([out], [], [], PATIENCE)[0]:
                raise OSError("the export's child took too long")
            head = subpython.read_exactly(out, 9)
            if head is None or head[:1] not in (b"S", b"B"):
                raise OSError("the export's child failed")
            data = subpython.read_exactly(out, int.from_bytes(head[1:], "big"))
            if data is None:
                raise OSError("the export's child ended mid-chunk")
        except (OSError, ValueError):
            self.close()
            return None
        return data.decode("utf-8", "surrogatepass") if head[:1] == b"S" else data

    def close(self) -> None:
        """Kill the child (if it still runs) and close its pipes."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        subpython.kill(proc)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()


def _widen(pipe: int) -> None:
    """Let the pipe hold a whole chunk where Linux allows it (fewer, larger reads)."""
    import fcntl  # POSIX only, and only a long export starts a child

    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux
        try:
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
        except OSError:  # past /proc/sys/fs/pipe-max-size: the pipe as it is
            pass


def serve(inp: int = 0, out: int = 1) -> None:
    """Read the request on ``inp`` and answer each of its ranges on ``out``."""
    header = subpython.read_exactly(inp, 4)
    body = None if header is None else subpython.read_exactly(inp, int.from_bytes(header, "big"))
    if body is None:
        return
    request = msgspec.msgpack.decode(body, type=Request)
    if request.maker not in MAKERS:
        return
    job: Job = importlib.import_module(request.maker).job
    chunk, register = job(None if request.since is None else date.fromisoformat(request.since))
    conn = db.connect(Path(request.path), read_only=True)
    try:
        register(conn)
        for low, high in request.ranges:
            try:
                made = chunk(conn, low, high)
            except Exception:  # the exporting process makes it, and words what is wrong
                subpython.write_all(out, b"E")
                return
            if isinstance(made, str):
                kind, data = b"S", made.encode("utf-8", "surrogatepass")
            elif isinstance(made, bytes):
                kind, data = b"B", made
            else:
                subpython.write_all(out, b"E")
                return
            subpython.write_all(out, kind + len(data).to_bytes(8, "big") + data)
    finally:
        conn.close()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # ctrl+c ends it with the export, silently
    try:
        serve()
    except Exception:  # the exporting process went away, or makes the rest itself
        pass
