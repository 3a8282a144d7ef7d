"""Everything a load of the catalogue would read, as one digest taken before it reads:
while the digest is the same, so is what the load makes of it. ``limber list --json``
keeps its listing under the digest of a clean load (no pack failed, no file left out),
and prints it again from that alone, without reading a pack's files.

The digest covers:

- this Limber: its version, msgspec's and Python's, and the size and modification time
  of each of its own module files (an edited checkout is another Limber);
- every pack's record as discovery left it, in load order: name, distribution, version,
  and whether it is off, and why (``LIMBER_PACKS``, ``disabled_packs`` in config.toml);
- each pack's content folder, as its ``limber_content_dir`` hook returns it this run,
  with the size, modification time and change time of its ``pack.toml`` and of each
  TOML file the loader lists in it (:func:`~limber.core.packs.content.toml_files`, the
  loader's own listing: the same files, by the same rule);
- every entry of the runner's routines folder (the ``mine`` pack), by the same times.

These are the times the parse cache trusts (:mod:`~limber.core.packs.parsecache`); the
change time catches an edit that kept the size and the modification time. A pack's
notice (``limber_notice``) is called as the load calls it: what it says is not listed,
but a notice hook that fails fails its pack. There is no digest (None) when a load's
result cannot be known from files: a pack that failed to import, a pack that makes
items in code (``limber_build``: code, whose result no file's time shows), a zipped
pack, or a content or notice hook that fails or takes too long.
"""

from __future__ import annotations

import os
import sys
from _blake2 import blake2b  # what hashlib's blake2b is, without hashlib loading OpenSSL
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from limber._version import __version__
from limber.core.packs import hookcall
from limber.core.packs.content import ITEM_TYPES, PACK_FILE, toml_files
from limber.core.packs.guard import timed_each
from limber.core.packs.report import PackRecord
from limber.core.packs.rules import MINE
from limber.core.packs.userpack import UserRoutines

if TYPE_CHECKING:  # the host imports nothing of this; its callers import both
    from importlib.resources.abc import Traversable

    from pluggy import PluginManager

    from limber.core.packs.host import PackHost

_FILE_HOOKS = frozenset({"limber_content_dir", "limber_notice", "limber_session_event"})
"""Hooks whose packs' items are known from their files (a notice and a session's events
make none)."""
_Times = tuple[str, int, int, int]
"""``(name, st_mtime_ns, st_ctime_ns, st_size)``."""


def digest(host: PackHost, routines_dir: Path) -> str | None:
    """The digest (40 hex digits) of everything loading ``host``'s registered packs
    would read, or None if what the load makes cannot be known from files (above)."""
    records = host.report.packs
    if any(record.status == "failed" for record in records):
        return None
    loading = [r for r in records if r.status == "loaded"]
    for record in loading:
        plugin = host.pm.get_plugin(record.name)
        if plugin is None:
            return None
        hooks = {caller.name for caller in host.pm.get_hookcallers(plugin) or ()}
        allowed = _FILE_HOOKS | {"limber_build"} if _is_mine(record, plugin) else _FILE_HOOKS
        if not hooks <= allowed:
            return None
    finds = [partial(_folder_of, host.pm, r.name) for r in loading]
    parts: list[object] = [__version__, msgspec.__version__, sys.version, _own_modules()]
    parts += [(r.name, r.distribution, r.version, r.status, r.error) for r in records]
    found = timed_each(finds, host.seconds)
    host.leave_slow(
        r.name for r, (done, _root, _exc) in zip(loading, found, strict=True) if not done
    )
    for done, root, exc in found:
        if not done or exc is not None or not isinstance(root, Path):
            return None
        parts.append((str(root), _folder(root)))
    routines = routines_dir if any(r.name == MINE for r in loading) else None
    parts.append(_entries(routines) if routines is not None else [])
    return blake2b(msgspec.msgpack.encode(parts), digest_size=20).hexdigest()


def _folder_of(pm: PluginManager, pack: str) -> Path | Traversable:
    """The pack's content folder, and its notice called, as a load gets them (raising
    :class:`~limber.core.packs.hookcall.HookFailed` where a load's pack would fail)."""
    root = hookcall.content_dir(pm, PackRecord(pack))
    for notice in hookcall.impls(pm, "limber_notice", pack):
        hookcall.call("limber_notice", notice, pack)
    return root


def _is_mine(record: PackRecord, plugin: object) -> bool:
    return record.name == MINE and isinstance(plugin, UserRoutines)


def _folder(root: Path) -> list[_Times | None]:
    """The times of a content folder's ``pack.toml`` and item files, as the loader lists
    them (None where ``pack.toml`` is missing)."""
    found: list[_Times | None] = [_times(PACK_FILE, root / PACK_FILE)]
    for folder in ITEM_TYPES:
        sub = root / folder
        if sub.is_dir():
            found += [
                (f"{folder}/{name}", st.st_mtime_ns, st.st_ctime_ns, st.st_size)
                for name, _path, st in toml_files(sub, stat=True)
                if st is not None
            ]
    return found


def _entries(folder: Path) -> list[_Times | None]:
    """Every entry of ``folder`` by name, whatever it is (the runner's routines: what
    cannot be read is reported, so it must change the digest too)."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError:
        return []
    return [_times(name, folder / name) for name in names]


def _times(name: str, path: Path) -> _Times | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (name, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


def _own_modules() -> list[_Times | None]:
    """This Limber's own module files (each ``.py`` under the package), by name."""
    package = Path(__file__).resolve().parents[2]
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(folder, name)
                found.append(_times(str(path.relative_to(package)), path))
    return found
