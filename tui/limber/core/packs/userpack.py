""" "My routines": the runner's own routines, loaded as a pack named ``mine``.

The routine builder saves each routine as ``routines/NAME.toml`` beside config.toml.
This plugin hands the host a small bundled folder for its ``pack.toml`` and adds each
saved routine in :func:`limber_build`, validated exactly as a pack's routine is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli_w

from limber.core.errors import ContentError, LimberError
from limber.core.files import atomic_write, read_small, read_toml
from limber.core.model import Routine
from limber.core.packs.hookspecs import PackBuilder, hookimpl

PACK = "mine"


class UserRoutines:
    """The ``mine`` pack, reading ``routines_dir`` each time the catalogue loads."""

    def __init__(self, routines_dir: Path) -> None:
        self.routines_dir = routines_dir
        self.problems: list[str] = []
        """Saved files that could not be read, each ``file: why``; the host reports
        them and loads the rest (one bad file never hides the others)."""

    @hookimpl
    def limber_content_dir(self) -> Path:
        return Path(__file__).resolve().parents[2] / "mine"

    @hookimpl
    def limber_build(self, pack: PackBuilder) -> None:
        self.problems = []
        if not self.routines_dir.is_dir():
            return
        for path in sorted(self.routines_dir.glob("*.toml")):
            try:
                data = read_toml(read_small(path), file=str(path))
            except ContentError as error:
                self.problems.append(error.located())
                continue
            except OSError as error:
                self.problems.append(f"{path}: could not be read: {error.strerror or error}")
                continue
            pack.add_routine(data, label=str(path))


def slug(name: str) -> str:
    """``"Morning hips (short)"`` → ``"morning-hips-short"``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return text[:60].strip("-") or "routine"


def routine_file(routines_dir: Path, routine_id: str) -> Path:
    return routines_dir / f"{routine_id}.toml"


def routine_data(routine: Routine) -> dict[str, Any]:
    """The TOML table for a routine, with only the keys that differ from the defaults."""
    steps: list[dict[str, Any]] = []
    for step in routine.steps:
        entry: dict[str, Any] = {"stretch": step.stretch}
        for key in ("seconds", "breaths", "reps", "sides"):
            value = getattr(step, key)
            if value is not None:
                entry[key] = list(value) if isinstance(value, tuple) else value
        if step.rounds != 1:
            entry["rounds"] = step.rounds
        if step.note:
            entry["note"] = step.note
        steps.append(entry)
    return {
        "id": routine.local_id,
        "name": routine.name,
        "description": routine.description,
        "transition_seconds": routine.transition_seconds,
        "steps": steps,
    }


def save_routine(routines_dir: Path, routine: Routine) -> Path:
    """Write ``routines/ID.toml`` by atomic replace; a LimberError if it cannot be."""
    path = routine_file(routines_dir, routine.local_id)
    try:
        atomic_write(path, tomli_w.dumps(routine_data(routine)))
    except OSError as error:
        raise LimberError(f"Could not save {path}: {error.strerror}.") from None
    return path
