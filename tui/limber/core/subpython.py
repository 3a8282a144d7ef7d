"""A second Python running one of Limber's modules, and the pipe between them: how the
cold load's parse child (:mod:`limber.core.packs.parsepool`) and the exports' chunk child
(:mod:`limber.core.history.exportchild`) start and talk.

The child is ``python -I -S`` (no environment variables, no site) given the parent's
``sys.path``, so it imports the same Limber (installed, editable or on PYTHONPATH) and
nothing the environment adds. Nothing is passed through a shell: paths and requests go
as argv items and as bytes on its stdin.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

LIMBER_ON = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
"""The folder ``limber`` was imported from (``…/limber/core/`` up two)."""


def available() -> bool:
    """Whether a child can be started: not on Windows, nor in a Python that does not know
    its own executable (an embedded one)."""
    return os.name == "posix" and bool(sys.executable)


def argv(module: str) -> list[str]:
    """The command that runs ``main()`` of ``module`` (one of Limber's) in a child."""
    code = f"import sys; sys.path[:] = sys.argv[1:]; from {module} import main; main()"
    flags = ["-I", "-S", *(["-B"] if sys.dont_write_bytecode else [])]
    return [sys.executable, *flags, "-c", code, LIMBER_ON, *filter(None, sys.path)]


def start(module: str) -> subprocess.Popen[bytes]:
    """A child running ``main()`` of ``module``, with pipes to its stdin and stdout (its
    stderr goes nowhere). Raises OSError or ValueError if it cannot start."""
    import subprocess  # only the parse and export children need it

    return subprocess.Popen(
        argv(module), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )


def kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child, if it still runs, and wait for it to end."""
    if proc.returncode is None:
        try:
            proc.kill()
            proc.wait()
        except OSError:
            pass


def read_exactly(descriptor: int, size: int) -> bytes | None:
    """``size`` bytes, or None at the end of the input."""
    data = bytearray()
    while len(data) < size:
        more = os.read(descriptor, min(size - len(data), 1 << 20))
        if not more:
            return None
        data += more
    return bytes(data)


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
