"""File primitives every part of the core shares: an atomic write, and reading a TOML
file into a table with an error that names its line and column.

It imports nothing from the rest of Limber but :mod:`limber.core.errors`, so settings,
pack content and the parse cache can all use it without importing one another.
"""

from __future__ import annotations

import errno
import os
import re
import stat
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


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, fsync it, then ``os.replace``.

    ``durable=False`` for a cache, which a crash may lose (its reader ignores a file it
    cannot decode): no fsync, which on a busy disk took longer than the whole write
    (two each for the 50 files of a first load of 50 packs).

    A symlink is followed: the file it points to is replaced and the link stays (a
    config.toml kept in a dotfiles folder stays there). An existing file keeps its
    permissions; a new one is readable by its owner alone (0600). A folder, a device or a
    FIFO is never replaced: OSError (IsADirectoryError for a folder)."""
    import tempfile  # here: most runs only read (tempfile and random: ~1 ms)

    target = Path(os.path.realpath(path))
    mode = _regular_mode(target, str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if not durable:
        return
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _regular_mode(target: Path, name: str) -> int | None:
    """The permission bits of the regular file ``target``, None if there is none; OSError
    if something else is there."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file, so it was not replaced", name)
    return stat.S_IMODE(info.st_mode)


def write_output(path: Path, data: bytes) -> None:
    """``data`` to a file a person named (``report --output``), as a shell's ``>`` would
    put it there but never half-written: a regular file, or a symlink to one, is replaced
    whole (:func:`atomic_write_bytes`: the link's target, its permissions kept); a device,
    a FIFO or an open file of this process (``/dev/stdout``, ``/dev/fd/N``) is written
    into, never replaced. A folder: IsADirectoryError. Raises OSError."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is None or (stat.S_ISREG(info.st_mode) and not _through_proc(path)):
        atomic_write_bytes(path, data)
        return
    # Appending: a file the shell opened with >> keeps what it had; a device, FIFO or a
    # file opened with > is the same as written from its start.
    with open(path, "ab") as handle:
        handle.write(data)


def _through_proc(path: Path) -> bool:
    """Whether ``path`` leads into ``/proc`` (``/dev/stdout`` → ``/proc/self/fd/1``): an
    open file of this process, which must be written into, not replaced."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        if os.path.realpath(os.path.dirname(current)).startswith("/proc/"):
            return True
        if current.startswith("/proc/"):
            return True
        try:
            link = os.readlink(current)
        except OSError:  # not a link
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Read only, as ``open(path, "rb")`` opens (``os.open`` makes a descriptor that a child
process does not inherit); O_NONBLOCK (POSIX): a FIFO that has no writer does not
block the open (it is then refused as not a regular file)."""


def read_small(path: Path | str, *, file: str | None = None) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`, checked before
    reading: a FIFO, a device or a huge file is refused, not read. Raises OSError or
    ContentError (naming ``file``, by default the path).

    Read through a bare descriptor (``os.open``, ``os.read``): a first load reads
    10,000 pack files, and a Python file object for each cost more than the reading."""
    file = str(path) if file is None else file
    descriptor = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):  # as open() says it: the descriptor opened a folder
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not _is_regular(status.st_mode):
            raise ContentError("not a regular file", file=file)
        if status.st_size > MAX_FILE_BYTES:
            raise ContentError(_too_big(), file=file)
        # As many bytes as it has, and one more: a read of MAX_FILE_BYTES would make a
        # buffer that large for each of 10,000 small files. One that grew (or says it
        # has no size) is read on, up to the limit.
        data = _read_up_to(descriptor, status.st_size + 1)
        if len(data) > status.st_size:
            data += _read_up_to(descriptor, MAX_FILE_BYTES + 1 - len(data))
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(_too_big(), file=file)
    return data


def read_small_text(path: Path, *, file: str | None = None) -> str:
    """:func:`read_small` as UTF-8 text; every failure a ContentError naming ``file``."""
    file = str(path) if file is None else file
    try:
        data = read_small(path, file=file)
    except OSError as error:
        raise ContentError(f"cannot be read: {error.strerror or error}", file=file) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"not UTF-8 text (byte {error.start})", file=file) from None


def _read_up_to(descriptor: int, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the file (``os.read`` may return
    fewer than asked, as from ``/proc``)."""
    parts = []
    left = size
    while left > 0:
        chunk = os.read(descriptor, left)
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def _too_big() -> str:
    return f"file is larger than {MAX_FILE_BYTES // 1024} KiB"


def read_toml(data: bytes, *, file: str) -> dict[str, Any]:
    """Parse TOML (stdlib tomllib), naming the line and column of a syntax error.

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
    from limber.core.figure import TOO_DEEP  # a stretch's file only: not for settings

    if "figure" in parsed:
        rest = {key: value for key, value in parsed.items() if key != "figure"}
        try:
            cleaned: dict[str, Any] = clean_parsed(rest, text)
        except (RecursionError, TooDeep):
            pass
        else:
            return {**cleaned, "figure": TOO_DEEP}
    raise ContentError("nested too deeply to read (tables or arrays)", file=file) from None
