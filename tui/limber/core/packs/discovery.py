"""Find installed packs: the ``limber`` entry points of every installed distribution.

``importlib.metadata`` does this in general, but importing it pulls in email parsing,
zipfile and csv, about 1.5 MiB on every start-up. Limber needs one narrow thing: the
``entry_points.txt`` of each ``*.dist-info`` folder on ``sys.path``, read the way pip
writes it. Anything less common (a zip on ``sys.path``, an ``.egg``, an ``.egg-info``)
falls back to ``importlib.metadata``, so nothing installed is ever missed; a test checks
both agree.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec

from limber.core.text import untrusted_line


class EntryPoint(msgspec.Struct, frozen=True):
    """One entry point; its name, distribution and version come from files a package
    installed, so they are cleaned and bounded as they are read (see :func:`_entry`)."""

    name: str
    value: str
    """``module`` or ``module:attribute``, as in ``pyproject.toml``."""
    distribution: str = ""
    version: str = ""

    def load(self) -> Any:
        """Import the module (and look up the attribute) the entry point names."""
        module_name, _, attrs = self.value.partition(":")
        target: Any = importlib.import_module(module_name.strip())
        for attr in filter(None, attrs.strip().split(".")):
            target = getattr(target, attr)
        return target


def normalise(name: str) -> str:
    """A distribution name as the index compares it (PEP 503): ``Limber_Stretch`` is
    ``limber-stretch``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata(info: Path) -> tuple[str, str]:
    """Name and Version from a dist-info's METADATA headers."""
    name = version = ""
    try:
        with open(info / "METADATA", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                if key == "Name":
                    name = value.strip()
                elif key == "Version":
                    version = value.strip()
    except OSError:
        pass
    return name, version


def _group(text: str, group: str) -> list[tuple[str, str]]:
    """``name = value`` lines of ``[group]`` in an entry_points.txt."""
    found: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == group and "=" in line:
            name, _, value = line.partition("=")
            found.append((name.strip(), value.strip()))
    return found


def _uncommon(paths: Iterable[str]) -> bool:
    """A sys.path that only importlib.metadata reads correctly."""
    for entry in paths:
        path = Path(entry or os.curdir)
        if path.is_file() or path.suffix == ".egg":
            return True
        if path.is_dir() and any(path.glob("*.egg-info")):
            return True
    return False


def entry_points(group: str, paths: list[str] | None = None) -> list[EntryPoint]:
    """Every ``group`` entry point, one distribution per name (first on the path wins)."""
    search = sys.path if paths is None else paths
    if _uncommon(search):
        return _from_importlib(group)
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in search:
        folder = Path(entry or os.curdir)
        if not folder.is_dir():
            continue
        for info in sorted(folder.glob("*.dist-info")):
            name, version = _metadata(info)
            key = normalise(name or info.name.split("-")[0])
            if key in seen:
                continue
            seen.add(key)
            try:
                text = (info / "entry_points.txt").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            found += [_entry(n, v, name, version) for n, v in _group(text, group)]
    return found


def _entry(name: str, value: str, distribution: str, version: str) -> EntryPoint:
    return EntryPoint(
        untrusted_line(name, 64),
        value,
        untrusted_line(distribution, 100),
        untrusted_line(version, 40),
    )


def _from_importlib(group: str) -> list[EntryPoint]:
    import importlib.metadata  # the slow way (~10 ms): only where the dist-info scan cannot go

    found = []
    for ep in importlib.metadata.entry_points(group=group):
        dist = getattr(ep, "dist", None)
        found.append(
            _entry(ep.name, ep.value, dist.name if dist else "", dist.version if dist else "")
        )
    return found
