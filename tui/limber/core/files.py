"""File primitives every part of the core shares: an atomic write, and reading a TOML
file into a table with an error that names its line and column.

It imports nothing from the rest of Limber but :mod:`limber.core.errors`, so settings,
pack content and the parse cache can all use it without importing one another.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from limber.core.errors import ContentError

MAX_FILE_BYTES = 256 * 1024
"""The largest TOML file Limber reads: content files are small; anything bigger is a
mistake (or an attack), not a stretch."""

_SYNTAX_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a crash leaves either the old or the new file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_toml(data: bytes, *, file: str) -> dict[str, Any]:
    """Parse TOML, naming the line and column of a syntax error."""
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", file=file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.14 gives lineno/colno; earlier versions only put them in the text.
        message = getattr(exc, "msg", None) or str(exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        if located := _SYNTAX_AT.match(message):
            message = located["message"]
            line, column = int(located["line"]), int(located["column"])
        message = f"TOML syntax error: {message[0].lower() + message[1:]}"
        raise ContentError(message, file=file, line=line, column=column) from None
