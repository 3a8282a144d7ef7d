"""What the pack host decides about names and references: reserved names (``core`` only
from Limber's own distribution, ``limber-stretch``; ``mine`` never from an entry point), which
packs are turned off, steps and programme weeks naming what no pack has (with a did-you-mean),
and a ``pack.toml`` that names another pack or needs another Limber.
"""

from __future__ import annotations

from collections.abc import Iterable

from limber._version import DISTRIBUTION
from limber.core.errors import ContentError
from limber.core.model import Routine
from limber.core.packs.content import PackContent
from limber.core.packs.discovery import EntryPoint, normalise
from limber.core.packs.requires import unmet
from limber.core.programme_model import Programme
from limber.core.validate import did_you_mean, line_of

CORE = "core"


CORE_DISTRIBUTION = DISTRIBUTION


MINE = "mine"
"""Reserved pack names: ``core`` comes only from Limber's own distribution, and
``mine`` (the runner's own routines) never from an entry point."""


def dangling(items: Iterable[object], known: set[str], content: PackContent) -> list[str]:
    problems = []
    for item in items:
        if not isinstance(item, Routine):
            continue
        file = content.file_of(item)
        for number, step in enumerate(item.steps):
            if step.stretch not in known:
                problems.append(
                    f"{file}: steps[{number}].stretch: no stretch `{step.stretch}` is loaded"
                    + did_you_mean(step.stretch, known)
                )
    return problems


def skipped_steps(content: PackContent, pack: str) -> list[ContentError]:
    """One error per routine step that names one of the pack's invalid stretches.

    The stretch's own error is reported once; each step says it was skipped because of
    it, rather than claiming there is no such stretch.
    """
    found = []
    for routine in content.routines:
        for number, step in enumerate(routine.steps):
            local = step.stretch.removeprefix(f"{pack}/")
            if "/" not in local and local in content.invalid_stretches:
                found.append(
                    ContentError(
                        f"skipped: the stretch `{local}` is invalid "
                        f"(see {content.invalid_stretches[local]})",
                        file=content.file_of(routine),
                        key=f"steps[{number}].stretch",
                    )
                )
    return found


def off_reason(name: str, only: frozenset[str] | None, disabled: frozenset[str]) -> str:
    """Why a pack is not loaded this time, or ``""``; the core is always loaded."""
    if name == CORE:
        return ""
    if only is not None and name not in only:
        return "not named in LIMBER_PACKS"
    if name in disabled:
        return f"turned off in config.toml (limber packs enable {name} turns it on)"
    return ""


def programme_problems(
    items: Iterable[object], routines: dict[str, Routine], content: PackContent
) -> list[str]:
    """A programme naming a routine no loaded pack has, or a step its routine lacks."""
    problems = []
    for item in items:
        if isinstance(item, Programme):
            from limber.core.programme import check_programme  # only a pack with programmes

            file = content.file_of(item)
            if check_programme(item, routines, file=file):  # only then read it for lines
                text = content.text_of(file)
                problems += check_programme(item, routines, file=file, text=text)
    return [problem.located() for problem in problems]


def core_first(ep: EntryPoint) -> tuple[bool, str]:
    return (ep.name != CORE, ep.name)


def impostor(ep: EntryPoint) -> str:
    """Why an entry point may not use its name (a reserved one), or ``""``."""
    if ep.name == CORE and normalise(ep.distribution) != CORE_DISTRIBUTION:
        return (
            f"the name 'core' belongs to Limber (the distribution '{CORE_DISTRIBUTION}'), "
            f"but the distribution "
            f"'{ep.distribution}' registers it; it was refused"
        )
    if ep.name == MINE:
        return (
            f"the name 'mine' belongs to your own routines, but the distribution "
            f"'{ep.distribution}' registers it; it was refused"
        )
    return ""


def pack_toml_problems(content: PackContent, name: str) -> list[ContentError]:
    """``pack.toml`` refused: it needs another Limber (``requires-limber``), or names a
    pack other than its entry point, ``name``."""
    info = content.info
    if info is None:
        return []
    problems = []
    if needs := unmet(info.requires_limber, name):
        line = line_of(content.text_of("pack.toml"), "requires-limber")
        problems.append(ContentError(needs, file="pack.toml", key="requires-limber", line=line))
    if info.name != name:
        problems.append(
            ContentError(
                f"name `{info.name}` differs from the entry-point name "
                f"`{name}`; make them the same",
                file="pack.toml",
                key="name",
                line=line_of(content.text_of("pack.toml"), "name"),
            )
        )
    return problems
