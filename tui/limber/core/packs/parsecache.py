"""A cache of parsed TOML, so a large catalogue loads fast after the first time.

``tomllib`` is pure Python: parsing is most of the cost of loading 10,000 stretches
(on a first load, :mod:`~limber.core.packs.parsepool` shares it with a second process).
The parsed tables are kept per pack folder in one msgpack file, keyed by each file's
path, size, modification time and change time; a file that changed is parsed again. (On
POSIX no tool can set the change time back, so it catches an edit that kept the size
and the modification time, as ``cp -p``, ``rsync -t`` and ``tar`` keep them.) Each table
is kept as its own msgpack bytes, which the loader decodes straight into its struct:
msgspec validates as it decodes, so every item is still checked on every load and the
cache can only save time, never hide an error. A cache that cannot be read or written,
or that another version of Limber wrote, is ignored: never a reason for anything to fail.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import Any

import msgspec

from limber._version import __version__
from limber.core.files import atomic_write_bytes

FORMAT = 4
"""4: each table is kept as msgpack bytes of its own, decoded straight into its struct,
and keyed by the file's change time too.
3: the tables are stored cleaned (see ``read_toml``), so a version-2 cache is not used."""

_Entry = tuple[int, int, int, msgspec.Raw]
"""``(st_mtime_ns, st_ctime_ns, st_size, table)`` of one file."""


class _CacheFile(msgspec.Struct):
    format: int
    limber: str
    """The Limber that wrote it: the tables are stored cleaned, and what cleaning removes
    may change from one version to the next."""
    root: str
    """The folder this cache is for: a file found under another folder's name is ignored."""
    files: dict[str, _Entry]


class PackCache:
    """Parsed files of one content folder."""

    def __init__(self, path: Path | None, root: str, files: dict[str, _Entry]) -> None:
        self.path = path
        self.root = root
        self._old = files
        self._new: dict[str, _Entry] = {}
        self._changed = False

    def get(self, rel: str, stat: os.stat_result) -> msgspec.Raw | None:
        """The table ``rel`` held when it last had these size and times, as
        msgpack (:func:`limber.core.packs.content.PackContent.add_cached` decodes it)."""
        entry = self._old.get(rel)
        if entry is not None and entry[:3] == (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size):
            self._new[rel] = entry
            return entry[3]
        return None

    def put(self, rel: str, stat: os.stat_result, data: dict[str, Any]) -> msgspec.Raw | None:
        """Keep the parsed (and cleaned) table of ``rel``, if it can be kept (:func:`kept`);
        the table as kept, or None."""
        encoded = kept(data)
        if encoded is not None:
            self._new[rel] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, encoded)
            self._changed = True
        else:
            self._new.pop(rel, None)
        return encoded

    def put_kept(self, rel: str, stat: os.stat_result, encoded: bytes) -> None:
        """Keep a table :func:`kept` already encoded (the parse pool's child did)."""
        self._new[rel] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, msgspec.Raw(encoded))
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything changed; forget files that are gone."""
        if self.path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        try:
            data = msgspec.msgpack.encode(_CacheFile(FORMAT, __version__, self.root, self._new))
            atomic_write_bytes(self.path, data, durable=False)
        except (OSError, TypeError, ValueError):
            pass


def kept(data: dict[str, Any]) -> msgspec.Raw | None:
    """A parsed table as the cache keeps it: msgpack, only if msgpack gives it back exactly
    as it is. A TOML date or time would come back as a string, which a text field accepts
    where the date itself is an error: a file with one is parsed on every load."""
    try:
        encoded = msgspec.msgpack.encode(data)
        same = msgspec.msgpack.decode(encoded) == data
    except (TypeError, ValueError, OverflowError, RecursionError, msgspec.DecodeError):
        return None
    return msgspec.Raw(encoded) if same else None


class TomlCache:
    """Where the per-pack caches live (``None``: no caching at all)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def for_folder(self, root: Path) -> PackCache:
        where = str(root.resolve())
        if self.folder is None:
            return PackCache(None, where, {})
        # crc32, not a cryptographic hash: hashlib would load OpenSSL (most of a MiB)
        # into every start-up. A clash only costs a re-parse: the root is checked below.
        label = re.sub(r"[^A-Za-z0-9_-]", "", root.parent.name)[:40]
        path = self.folder / f"{zlib.crc32(where.encode()):08x}-{label}.msgpack"
        try:
            cached = msgspec.msgpack.decode(path.read_bytes(), type=_CacheFile)
        except (OSError, msgspec.DecodeError):  # a ValidationError is a DecodeError
            return PackCache(path, where, {})
        usable = cached.format == FORMAT and cached.limber == __version__ and cached.root == where
        return PackCache(path, where, cached.files if usable else {})
