"""A cache of parsed TOML, so a large catalogue loads fast after the first time.

``tomllib`` is pure Python: parsing is most of the cost of loading 10,000 stretches.
The parsed tables are kept per pack folder in one msgpack file, keyed by each file's
path, size and modification time; a file that changed is parsed again. Validation still
runs on every load, so the cache can only save time, never hide an error. A cache that
cannot be read or written is ignored: it is never a reason for anything to fail.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import msgspec

FORMAT = 1

_Entry = tuple[int, int, dict[str, Any]]


class _CacheFile(msgspec.Struct):
    format: int
    files: dict[str, _Entry]


class PackCache:
    """Parsed files of one content folder."""

    def __init__(self, path: Path | None, files: dict[str, _Entry]) -> None:
        self.path = path
        self._old = files
        self._new: dict[str, _Entry] = {}
        self._changed = False

    def get(self, rel: str, stat: os.stat_result) -> dict[str, Any] | None:
        entry = self._old.get(rel)
        if entry is not None and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size:
            self._new[rel] = entry
            return entry[2]
        return None

    def put(self, rel: str, stat: os.stat_result, data: dict[str, Any]) -> None:
        self._new[rel] = (stat.st_mtime_ns, stat.st_size, data)
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything changed; forget files that are gone."""
        if self.path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        from limber.core.settings import atomic_write_bytes

        try:
            atomic_write_bytes(self.path, msgspec.msgpack.encode(_CacheFile(FORMAT, self._new)))
        except (OSError, TypeError, ValueError):
            pass


class TomlCache:
    """Where the per-pack caches live (``None``: no caching at all)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def for_folder(self, root: Path) -> PackCache:
        if self.folder is None:
            return PackCache(None, {})
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        path = self.folder / f"{key}.msgpack"
        try:
            cached = msgspec.msgpack.decode(path.read_bytes(), type=_CacheFile)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return PackCache(path, {})
        return PackCache(path, cached.files if cached.format == FORMAT else {})
