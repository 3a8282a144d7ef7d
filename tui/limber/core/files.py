"""File primitives every part of the core shares: an atomic write, and reading a TOML
file into a table with an error that names its line and column.

It imports nothing from the rest of Limber but :mod:`limber.core.errors`, so settings,
pack content and the parse cache can all use it without importing one another.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from limber.core.errors import ContentError
from limber.core.text import TooDeep, clean_parsed

MAX_FILE_BYTES = 256 * 1024
"""The largest TOML file Limber reads: content files are small; anything bigger is a
mistake (or an attack), not a stretch."""

_SYNTAX_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a crash leaves either the old or the new file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then ``os.replace``."""
    import tempfile  # here: most runs only read (tempfile and random: ~1 ms)

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


def read_small(path: Path, *, file: str | None = None) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`, checked before
    reading: a FIFO, a device or a huge file is refused, not read. Raises OSError or
    ContentError (naming ``file``, by default the path)."""
    file = str(path) if file is None else file
    with open(path, "rb", opener=_open_nonblocking) as handle:
        stat = os.fstat(handle.fileno())
        if not _is_regular(stat.st_mode):
            raise ContentError("not a regular file", file=file)
        if stat.st_size > MAX_FILE_BYTES:
            raise ContentError(_too_big(), file=file)
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(_too_big(), file=file)
    return data


def _open_nonblocking(path: str, flags: int) -> int:
    """Open without blocking on a FIFO that has no writer (it is refused right after)."""
    return os.open(path, flags | os.O_NONBLOCK)


def _is_regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def _too_big() -> str:
    return f"file is larger than {MAX_FILE_BYTES // 1024} KiB"


def read_toml(data: bytes, *, file: str) -> dict[str, Any]:
    """Parse TOML, naming the line and column of a syntax error.

    What comes back is cleaned (:func:`limber.core.text.clean_parsed`): every string free
    of control characters and bounded, nesting at most a few dozen levels deep.
    """
    import tomllib  # here: a load from the parse cache parses nothing (~2 ms)

    if len(data) > MAX_FILE_BYTES:
        raise ContentError(_too_big(), file=file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    parsed: dict[str, Any] = {}
    try:
        parsed = tomllib.loads(text)
        return clean_parsed(parsed, text)  # type: ignore[no-any-return]
    except (RecursionError, TooDeep):
        return _without_deep_figure(parsed, text, file)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.14 gives lineno/colno; earlier versions only put them in the text.
        message = getattr(exc, "msg", None) or str(exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        if located := _SYNTAX_AT.match(message):
            message = located["message"]
            line, column = int(located["line"]), int(located["column"])
        message = f"TOML syntax error: {message[0].lower() + message[1:]}"
        raise ContentError(message, file=file, line=line, column=column) from None


def _without_deep_figure(parsed: dict[str, Any], text: str, file: str) -> dict[str, Any]:
    """A file nested too deeply only in its ``figure``: the rest, with the figure marked
    so that it alone is reported and its stretch still loads. Otherwise the file's error."""
    from limber.core.figure import TOO_DEEP

    if "figure" in parsed:
        rest = {key: value for key, value in parsed.items() if key != "figure"}
        try:
            cleaned: dict[str, Any] = clean_parsed(rest, text)
        except (RecursionError, TooDeep):
            pass
        else:
            return {**cleaned, "figure": TOO_DEEP}
    raise ContentError("nested too deeply to read (tables or arrays)", file=file) from None
