"""A second process that parses part of a cold load's TOML while the loader parses the rest.

``tomllib`` is pure Python, so a first load of 10,000 files is mostly parsing, and one
process uses one core. When a pack has at least :data:`MIN_FILES` files the parse cache
does not hold, :meth:`ParsePool.share` hands that pack's files out from both ends: the
loader takes them from the front, one at a time; the child (:mod:`.parsechild`) is sent
small batches from the back; they meet in the middle, wherever that is. The child's
answers are tables as the parse cache keeps them, which the loader validates as it
validates a cached table; a file the child could not parse or keep the loader reads
itself, so every error reads as it does without the child.

Nothing depends on the child, and the loader never waits for it: a file the child has
not answered for when the loader reaches it, the loader parses itself (on a busy
machine the child may get no core at all). One that does not start, dies or sends
nonsense is killed, and the loader parses the rest. It
never outlives the load: :meth:`ParsePool.close` kills it; if the loader dies first
(even by ``kill -9``), its input ends and it exits; ctrl+c ends both. Windows, and a
Python with no ``sys.executable``, load in one process, as before.
"""

from __future__ import annotations

import os
import select
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import msgspec

from limber.core import subpython

if TYPE_CHECKING:
    import subprocess

MIN_FILES = 64
"""Fewer files to parse than this in a pack: the loader parses them alone (a child costs
a Python start-up, about as much CPU as parsing a few dozen files)."""

_AHEAD = 2
"""Batches the child is sent ahead of its answers, so it is never idle waiting for the
loader (whose thread may hold the GIL) to read one answer and send the next batch."""


class ParsePool:
    """One child process for a whole load, used by one pack's read at a time."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._failed = not subpython.available()
        self._lock = threading.Lock()
        self.ready = False
        self._buffer = bytearray()
        self.numbers = iter(range(1, 1 << 62))
        """Request numbers, never used twice in a load: an answer to a request of a
        read abandoned as too slow is not taken for another's."""

    def share(self, paths: list[str]) -> Share | None:
        """A :class:`Share` of ``paths`` with the child, or None: too few files, no
        child, or another pack's read (one abandoned as too slow) is using it. The
        caller holds the pool until :meth:`release`."""
        if len(paths) < MIN_FILES or self._failed or not self._lock.acquire(blocking=False):
            return None
        if self._start():
            return Share(self, paths)
        self._lock.release()
        return None

    def release(self) -> None:
        self._lock.release()

    def _start(self) -> bool:
        if self._proc is None and not self._failed:
            try:
                self._proc = subpython.start("limber.core.packs.parsechild")
            except (OSError, ValueError):
                self._failed = True
        return self._proc is not None and not self._failed

    def send(self, number: int, paths: list[str]) -> bool:
        data = msgspec.msgpack.encode([number, paths])
        try:
            assert self._proc is not None and self._proc.stdin is not None
            os.write(self._proc.stdin.fileno(), len(data).to_bytes(4, "big") + data)
        except (OSError, ValueError, AssertionError):
            self.fail()
            return False
        return True

    def answers(self) -> list[tuple[int, list[bytes | None]]] | None:
        """The answers that have come (without waiting); None if the child has failed
        (it is then killed)."""
        if self._proc is None or self._proc.stdout is None or self._failed:
            return None
        out = self._proc.stdout.fileno()
        try:
            while select.select([out], [], [], 0)[0]:
                data = os.read(out, 1 << 20)
                if not data:
                    self.fail()
                    return None
                self._buffer += data
            return self._frames()
        except (OSError, ValueError, msgspec.DecodeError):
            self.fail()
            return None

    def _frames(self) -> list[tuple[int, list[bytes | None]]]:
        found = []
        while len(self._buffer) >= 4:
            size = int.from_bytes(self._buffer[:4], "big")
            if len(self._buffer) < 4 + size:
                break
            body = bytes(self._buffer[4 : 4 + size])
            del self._buffer[: 4 + size]
            found.append(msgspec.msgpack.decode(body, type=tuple[int, list[bytes | None]]))
        return found

    def fail(self) -> None:
        """Stop using the child, and kill it."""
        self._failed = True
        self._kill()

    def close(self) -> None:
        """Kill the child (it holds nothing: every answer it gave is in use)."""
        self._failed = True
        self._kill()
        if self._proc is not None and self._lock.acquire(blocking=False):
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            self._lock.release()

    def _kill(self) -> None:
        if self._proc is not None:
            subpython.kill(self._proc)


@contextmanager
def sharing(pool: ParsePool | None, entries: Sequence[object]) -> Iterator[Share | None]:
    """:meth:`ParsePool.share` of the files ``entries`` names, held for the ``with``
    (None if any is not a path on disk: a zipped pack is read in one process)."""
    paths = [entry for entry in entries if isinstance(entry, str)]
    shared = pool.share(paths) if pool is not None and len(paths) == len(entries) else None
    try:
        yield shared
    finally:
        if pool is not None and shared is not None:
            pool.release()


class Share:
    """One pack's files to parse, shared between the loader (from the front) and the
    child (from the back). The loader calls :meth:`take` for each file in order."""

    def __init__(self, pool: ParsePool, paths: list[str]) -> None:
        self.pool, self.paths = pool, paths
        self.back = len(paths)
        """The child has been given every file from here on."""
        self.front = 0
        self.results: dict[int, bytes | None] = {}
        self.pending: dict[int, range] = {}
        """Request number → the files it asked for, not yet answered."""

    def take(self, index: int) -> bytes | None:
        """The table of file ``index`` as the child parsed it, or None: the loader parses
        it. The loader never waits for the child: a file it was given and has not yet
        answered for (or could not parse, or a child that failed) is the loader's too,
        and the child's answer for it, if one comes, is not used."""
        self.front = max(self.front, index + 1)
        if index not in self.results:  # else the next batch's answers can wait
            self._pump()
        return self.results.pop(index, None)

    def _pump(self) -> None:
        """Take in the child's answers, and send it more."""
        got = self.pool.answers()
        if got is None:
            return
        for number, tables in got:
            if number == 0:
                self.pool.ready = True
            elif (asked := self.pending.pop(number, None)) is not None:
                tables += [None] * (len(asked) - len(tables))  # too few: the loader's
                self.results.update(zip(asked, tables, strict=False))
        while self.pool.ready and len(self.pending) < _AHEAD and self.back > self.front:
            size = min(32, max(2, (self.back - self.front) // 8))
            asked = range(max(self.front, self.back - size), self.back)
            number = next(self.pool.numbers)
            if not self.pool.send(number, [self.paths[i] for i in asked]):
                return
            self.pending[number] = asked
            self.back = asked.start
