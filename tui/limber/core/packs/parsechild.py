"""The second process of a cold load: it parses the TOML files it is sent, as the loader
does, and answers with each table as the parse cache keeps it.

:mod:`limber.core.packs.parsepool` starts it (``python -I -S``, given the loader's
``sys.path``) and sends it part of a pack's files while the loader parses the rest. It
imports tomllib, msgspec and the reader the loader uses (``limber.core.files``, the
cleaning in ``limber.core.text``, ``kept`` of the parse cache): no pluggy, no Textual.

Frames on its stdin and stdout are a 4-byte big-endian length, then msgpack. The first
it writes is ``[0, []]``: ready. A request is ``[number, [path, ...]]``; its answer is
``[number, [table or None, ...]]``, None where a file did not read, did not parse or
cannot be kept as msgpack: the loader then reads that file itself, so what is wrong
with it reads exactly as it always does. It ends at the end of its input (the loader
closed it, or died) and on ctrl+c, quietly.
"""

from __future__ import annotations

import signal
import tomllib  # noqa: F401  # before saying ready: the first request parses at once

import msgspec

from limber.core.files import read_small, read_toml
from limber.core.packs.parsecache import kept
from limber.core.subpython import read_exactly, write_all


def parse(path: str) -> bytes | None:
    """The cleaned table of the file at ``path`` as msgpack, or None (the loader reads it)."""
    try:
        table = kept(read_toml(read_small(path), file=path))
    except Exception:  # whatever it is, the loader meets it again and words it
        return None
    return None if table is None else bytes(table)


def frame(value: object) -> bytes:
    data = msgspec.msgpack.encode(value)
    return len(data).to_bytes(4, "big") + data


def serve(inp: int = 0, out: int = 1) -> None:
    """Answer requests on ``inp`` until it ends."""
    write_all(out, frame([0, []]))
    while (header := read_exactly(inp, 4)) is not None:
        body = read_exactly(inp, int.from_bytes(header, "big"))
        if body is None:
            return
        number, paths = msgspec.msgpack.decode(body, type=tuple[int, list[str]])
        write_all(out, frame([number, [parse(path) for path in paths]]))


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # ctrl+c ends it with the loader, silently
    try:
        serve()
    except (OSError, msgspec.DecodeError):  # the loader went away, or wrote nonsense
        pass
