"""Limber's name on the package index, and the unrelated project that holds ``limber`` there.

Limber installs as ``limber-stretch`` (:data:`limber.DISTRIBUTION`); its command, import
package and entry-point group are ``limber``. The index's ``limber`` is an unrelated project
with a ``limber`` command of its own, so a pack that depends on ``limber`` pulls that in. These
functions find such a requirement in a pack's ``pyproject.toml`` or its wheel's ``METADATA``
and say, in one sentence with the file and line, what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from limber._version import DISTRIBUTION
from limber.core.packs.discovery import normalise

UNRELATED = "limber"
"""The name on the package index that is not Limber."""

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def names_unrelated(requirement: str) -> bool:
    """Whether a requirement (``limber>=0.1``, ``Limber[report]``) names the unrelated one."""
    found = _NAME.match(requirement)
    return found is not None and normalise(found.group(1)) == UNRELATED


def instead(requirement: str) -> str:
    """The same requirement naming Limber: ``limber>=0.2`` → ``limber-stretch>=0.2``."""
    found = _NAME.match(requirement)
    rest = requirement[found.end() :] if found else ""
    return f"{DISTRIBUTION}{rest}".strip()


def _said(requirement: str) -> str:
    return (
        f'"{requirement}" is the unrelated project `{UNRELATED}` on the package index, not '
        f'Limber; write "{instead(requirement)}" instead'
    )


def _requirements(project: dict[str, object]) -> Iterable[str]:
    dependencies = project.get("dependencies")
    if isinstance(dependencies, list):
        yield from (r for r in dependencies if isinstance(r, str))
    extras = project.get("optional-dependencies")
    if isinstance(extras, dict):
        for listed in extras.values():
            if isinstance(listed, list):
                yield from (r for r in listed if isinstance(r, str))


def unrelated_in_pyproject(text: str, project: dict[str, object], path: str) -> str | None:
    """``path:line: dependencies: …`` for the first requirement naming ``limber``, or None.

    ``text`` is the file as written (for the line), ``project`` its ``[project]`` table.
    """
    for requirement in _requirements(project):
        if not names_unrelated(requirement):
            continue
        lines = text.splitlines()
        quoted = (f'"{requirement}"', f"'{requirement}'")
        line = next(
            (n for n, t in enumerate(lines, 1) if any(q in t for q in quoted)),
            next((n for n, t in enumerate(lines, 1) if "dependencies" in t), 1),
        )
        return f"{path}:{line}: dependencies: {_said(requirement)}"
    return None


def unrelated_in_metadata(text: str, where: str) -> str | None:
    """``where:line: Requires-Dist: …`` for a wheel's METADATA naming ``limber``, or None."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line:
            break  # the headers end at the first empty line; the description follows
        key, _, value = line.partition(":")
        if key.strip().lower() == "requires-dist" and names_unrelated(value):
            requirement = value.strip()
            return (
                f"{where}:{number}: Requires-Dist: {_said(requirement)} in the pack's "
                "pyproject.toml dependencies, and build the wheel again"
            )
    return None
