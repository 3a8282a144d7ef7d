"""Routine plans as ``limber list --json`` prints them, kept from one run to the next.

A plan holds the words of every phase, fitted to its time: building 505 of them was
most of a 10,000-stretch listing. Each is kept as its JSON text, keyed by a digest of
everything it is built from: the routine, the stretches its steps name, the settings,
and the Limber that built it (its version, and the size and time of each module that
writes a plan's words, so an edited checkout never prints an old plan). A plan whose
inputs changed is built again; plans no routine asked for in a run are dropped. A
cache that cannot be read or written is ignored: never a reason for anything to fail.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import msgspec

from limber._version import __version__
from limber.core.files import atomic_write_bytes
from limber.core.model import Routine, Stretch
from limber.core.plan import DEFAULT_SETTINGS, PlanSettings, build_plan

FORMAT = 1
_BUILDERS = ("plan", "plan_model", "instructions", "phases", "text", "wording", "model")
"""The modules of ``limber.core`` whose code decides a plan's text."""

_Entry = tuple[int | float, bytes]
"""``(total_seconds, the plan's JSON)``: a whole number stays an int, as printed."""


class _CacheFile(msgspec.Struct):
    format: int
    code: str
    plans: dict[str, _Entry]


def _code() -> str:
    """This Limber and the version of the code that builds a plan's words."""
    parts = [__version__, msgspec.__version__]
    for name in _BUILDERS:
        file = getattr(sys.modules.get(f"limber.core.{name}"), "__file__", None)
        try:
            stat = os.stat(file) if file else None
        except OSError:
            stat = None
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "?")
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
        return hashlib.blake2b(self._settings + data, digest_size=20).hexdigest()

    def plan(
        self, routine: Routine, stretches: Mapping[str, Stretch]
    ) -> tuple[int | float, msgspec.Raw]:
        """``(total_seconds, JSON of the plan's as_json())`` of ``routine``, kept or built
        (a step naming a stretch that is not there raises, as :func:`build_plan` does)."""
        key = self._key(routine, stretches)
        found = self._old.get(key) or self._new.get(key)
        if found is None:
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
