"""How commands print machine-readable output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import BinaryIO

from limber.core.jsonout import encode_value


def print_json(data: object) -> None:
    """``--json``: indented, UTF-8 as is (C1 controls escaped), one trailing newline.

    Written as bytes (``core.jsonout``): a large listing is encoded in C, not in Python.
    """
    write_bytes(encode_value(data), b"\n")


def write_bytes(*parts: bytes) -> None:
    """UTF-8 output as it is, in one or more parts, after anything printed before it."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (some test harnesses)
        sys.stdout.write(b"".join(parts).decode())
        return
    sys.stdout.flush()
    for data in parts:
        buffer.write(data)
    buffer.flush()


def byte_writer() -> Callable[[bytes], object]:
    """A writer of UTF-8 output as it is, in pieces, after anything printed before it."""
    sys.stdout.flush()
    buffer: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (some test harnesses)
        return lambda data: sys.stdout.write(data.decode())
    return buffer.write
