"""Routine plans as ``limber list --json`` prints them, and the whole listing, kept from
one run to the next.

A plan holds the words of every phase, fitted to its time: building 505 of them was
most of a 10,000-stretch listing. Each is kept as its JSON text, keyed by a digest of
everything it is built from: the routine, the stretches its steps name, the settings,
and the Limber that built it (its version, and the size and time of each module that
writes a plan's words, so an edited checkout never prints an old plan). A plan whose
inputs changed is built again; plans no routine asked for in a run are dropped. A
cache that cannot be read or written is ignored: never a reason for anything to fail.

The listing itself (:class:`Listing`) is kept the same way: its text, keyed by a digest
of every routine and stretch it prints (each struct whole, so every field), the files
they came from, the plans' settings and the code that writes it. Printing it again
while none of that changed skips building 10,515 items' JSON and indenting 26 MB. A
clean load's listing is kept under a second digest too, of the files the load read
(:mod:`limber.core.packs.sources`): while those are the same, the listing is printed
without the catalogue being loaded at all.
"""

from __future__ import annotations

import os
from _blake2 import blake2b  # what hashlib's blake2b is, without hashlib loading OpenSSL
from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec

from limber._version import __version__
from limber.core.files import atomic_write_bytes
from limber.core.model import Routine, Stretch
from limber.core.plan_model import DEFAULT_SETTINGS, PlanSettings

FORMAT = 1
_BUILDERS = ("plan", "plan_model", "instructions", "phases", "text", "wording", "model")
"""The modules of ``limber.core`` whose code decides a plan's text."""

_Entry = tuple[int | float, bytes]
"""``(total_seconds, the plan's JSON)``: a whole number stays an int, as printed."""


class _CacheFile(msgspec.Struct):
    format: int
    code: str
    plans: dict[str, _Entry]


def _code(extra: Iterable[str] = ()) -> str:
    """This Limber and the version of the code that builds a plan's words (and the
    files ``extra``), read from the modules' files: none need be imported."""
    parts = [__version__, msgspec.__version__]
    here = os.path.dirname(__file__)
    for file in [*(os.path.join(here, f"{name}.py") for name in _BUILDERS), *extra]:
        try:
            stat = os.stat(file)
        except OSError:
            parts.append("?")
            continue
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(parts)


class PlanCache:
    """The plans of one listing, read from and saved to ``path`` (None: kept nowhere)."""

    def __init__(self, path: Path | None, settings: PlanSettings = DEFAULT_SETTINGS) -> None:
        self.path = path
        self.settings = settings
        self.code = _code()
        self._old: dict[str, _Entry] = {}
        self._new: dict[str, _Entry] = {}
        self._settings = msgspec.msgpack.encode(settings)
        if path is None:
            return
        try:
            cached = msgspec.msgpack.decode(path.read_bytes(), type=_CacheFile)
        except (OSError, msgspec.DecodeError):  # a ValidationError is a DecodeError
            return
        if cached.format == FORMAT and cached.code == self.code:
            self._old = cached.plans

    def _key(self, routine: Routine, stretches: Mapping[str, Stretch]) -> str:
        used = [stretches.get(step.stretch) for step in routine.steps]
        data = msgspec.msgpack.encode((routine, used))
        return blake2b(self._settings + data, digest_size=20).hexdigest()

    def plan(
        self, routine: Routine, stretches: Mapping[str, Stretch]
    ) -> tuple[int | float, msgspec.Raw]:
        """``(total_seconds, JSON of the plan's as_json())`` of ``routine``, kept or built
        (a step naming a stretch that is not there raises, as :func:`build_plan` does)."""
        key = self._key(routine, stretches)
        found = self._old.get(key) or self._new.get(key)
        if found is None:
            from limber.core.plan import build_plan  # only for a plan not kept (~10 ms)

            plan = build_plan(routine, stretches, self.settings).as_json()
            found = (plan["total_seconds"], msgspec.json.encode(plan))
        self._new[key] = found
        return found[0], msgspec.Raw(found[1])

    def save(self) -> None:
        """Write the plans of this run, if they are not the ones read."""
        if self.path is None or self._new.keys() == self._old.keys():
            return
        try:
            data = msgspec.msgpack.encode(_CacheFile(FORMAT, self.code, self._new))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data, durable=False)
        except (OSError, TypeError, ValueError):
            pass


class Listing:
    """The text of a listing, kept in ``path`` (None: nowhere) under two digests: of
    what it prints (:meth:`made_from`), and of the files its load read
    (:func:`limber.core.packs.sources.digest`, kept only for a clean load). :meth:`send`
    writes it out again while either is the same. The file is the two digests, the
    text's length in 12 digits and a newline, then the text."""

    _DIGEST = 40
    """Each digest's length in hex."""
    _NONE = b"-" * _DIGEST
    """In place of a digest not known (or not kept)."""

    def __init__(self, path: Path | None, sources: str | None = None) -> None:
        """``sources``: the digest of what the load will read, taken before it reads."""
        self.path = path
        self.sources = sources.encode() if sources else self._NONE
        self.key = self._NONE

    def made_from(
        self,
        items: Iterable[Routine | Stretch],
        files: Mapping[str, str],
        code: Iterable[str],
        settings: PlanSettings = DEFAULT_SETTINGS,
    ) -> None:
        """``items`` and ``files``: every item the listing prints, in order, and the file
        each came from; ``code``: the files of the code that writes it beyond the
        planner's."""
        data = msgspec.msgpack.encode([list(items), files, settings, _code(code)])
        self.key = blake2b(data, digest_size=self._DIGEST // 2).hexdigest().encode()

    def send(self, out: int, *, clean: bool = False) -> bool:
        """Write the kept listing to the descriptor ``out`` if it was made from the same
        items, or from the same files (``os.sendfile``: 26 MB go from the page cache to
        the file or pipe without passing through Python). False, with nothing written,
        if it was not kept, or if ``out`` cannot take it that way: the caller then makes
        the listing. Kept under the same items by a load of other files, and this load
        ``clean``: these files' digest is kept with it from now on."""
        if self.path is None:
            return False
        try:
            with open(self.path, "rb") as handle:
                kept = handle.fileno()
                head = handle.read(2 * self._DIGEST + 13)
                size = int(head[-13:-1]) if head[-13:-1].isdigit() else -1
                start = len(head)
                whole = os.fstat(kept).st_size == start + size and head.endswith(b"\n")
                key, sources = head[: self._DIGEST], head[self._DIGEST : 2 * self._DIGEST]
                same = (key == self.key != self._NONE) or (sources == self.sources != self._NONE)
                if not same or not whole:
                    return False
                sent = _sendfile(out, kept, start, size)
                if sent is None:
                    return False
                rest = memoryview(os.pread(kept, size - sent, start + sent))
                while rest:  # what sendfile left: the ordinary way
                    rest = rest[os.write(out, rest) :]
                if clean and sources != self.sources != self._NONE:
                    self._mark(self.path, kept)
                return True
        except BrokenPipeError:  # `limber list --json | head`: the caller's to handle
            raise
        except (OSError, ValueError):
            return False

    def _mark(self, path: Path, kept: int) -> None:
        """Write this load's files' digest into the kept file open as ``kept`` (the
        same file: not one another run has put in its place since, nor a link)."""
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return  # a cache it cannot write: it is printed all the same
        try:
            here, there = os.fstat(kept), os.fstat(fd)
            if (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino):
                os.pwrite(fd, self.sources, self._DIGEST)
        finally:
            os.close(fd)

    def save(self, text: bytes, *, clean: bool) -> None:
        """Keep ``text`` (a file cut short is not used: its length is kept with it), and
        the digest of the files it was made from if the load was ``clean``."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            sources = self.sources if clean else self._NONE
            head = self.key + sources + b"%012d\n" % len(text)
            atomic_write_bytes(self.path, head + text, durable=False)
        except OSError:
            pass


def _sendfile(out: int, source: int, start: int, size: int) -> int | None:
    """How many of ``size`` bytes from ``start`` went out; None if none could."""
    sent = 0
    try:
        while sent < size and (done := os.sendfile(out, source, start + sent, size - sent)):
            sent += done
    except BrokenPipeError:
        raise
    except OSError:  # a descriptor sendfile does not write to
        return sent or None
    return sent
