"""``requires-limber``: the Limber a pack needs, checked at load and by ``limber install``.

A pack declares it in ``pack.toml`` as a version range, such as ``requires-limber =
">=0.2"`` or ``">=0.2, <1"``: comma-separated clauses of ``>=``, ``>``, ``<=``, ``<``,
``==`` or ``!=`` and a version of dot-separated numbers. That is the subset of PEP 440
a pack needs, read without the ``packaging`` library.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

from limber._version import DISTRIBUTION, __version__

RANGE_PATTERN = r"^\s*(>=|<=|==|!=|>|<)\s*\d+(\.\d+)*\s*(,\s*(>=|<=|==|!=|>|<)\s*\d+(\.\d+)*\s*)*$"
"""What ``requires-limber`` may hold; the schema and the model use it."""

_CLAUSE = re.compile(r"(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)*)")
_COMPARE: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}


def _numbers(version: str, width: int) -> tuple[int, ...]:
    parts = [int(p) for p in re.findall(r"\d+", version.split("+")[0])[:width]]
    return tuple(parts + [0] * (width - len(parts)))


def satisfies(required: str, version: str = __version__) -> bool:
    """Whether Limber ``version`` is in the range ``required`` (empty: any version)."""
    for op, wanted in _CLAUSE.findall(required):
        width = max(len(wanted.split(".")), 3)
        if not _COMPARE[op](_numbers(version, width), _numbers(wanted, width)):
            return False
    return True


def unmet(required: str, pack: str, version: str = __version__) -> str | None:
    """One sentence when ``pack`` needs another Limber than ``version``; else ``None``."""
    if not required or satisfies(required, version):
        return None
    return (
        f"pack '{pack}' needs Limber {required.strip()}, and this is Limber {version}; "
        f"upgrade Limber (pipx upgrade {DISTRIBUTION}, or uv tool upgrade {DISTRIBUTION}) "
        "to use it"
    )


def not_a_range(required: str) -> str | None:
    """Why a ``requires-limber`` value is not a version range, or ``None`` if it is one.

    ``"limber>=0.1"`` or ``"limber-stretch>=0.2"`` names a distribution: the key already
    says which program, so it takes the range alone.
    """
    if not required or re.match(RANGE_PATTERN, required):
        return None
    name = re.match(r"\s*[A-Za-z][A-Za-z0-9._-]*", required)
    if name:
        rest = required[name.end() :].strip()
        example = rest if re.match(RANGE_PATTERN, rest) else ">=" + __version__
        return (
            f'requires-limber = "{required}" names a distribution; it takes the version '
            f'range of Limber alone, such as "{example}"'
        )
    return f'requires-limber = "{required}" is not a version range such as ">={__version__}"'
