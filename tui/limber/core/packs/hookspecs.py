"""The plugin contract: the hooks a Limber pack may implement.

The pluggy project name and entry-point group are both ``limber``. A pack is a module
named by an entry point in the ``limber`` group; the entry point's name is the pack's
name and the namespace of its ids. Pack authors import the marker as
``from limber import hookimpl``.

The host calls every hook of every pack inside its own guard: a hook that raises or
returns the wrong type is reported against its pack and the rest load.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from limber.core.events import SessionEvent

PROJECT = "limber"
"""The pluggy project name and the entry-point group."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a pack's hook implementations (public)."""
_hookspec = pluggy.HookspecMarker(PROJECT)


class PackBuilder:
    """Handed to :func:`limber_build`: a code pack adds its items through it.

    Each item is a mapping of exactly the shape a TOML file of that kind has, and is
    validated exactly as a file is. ``label`` names the item in error messages.
    Public as ``limber.PackBuilder``, since API 1.0.
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, Mapping[str, Any], str]] = []

    def add_stretch(self, data: Mapping[str, Any], *, label: str = "") -> None:
        """Add a stretch (the keys of a ``stretches/*.toml`` file)."""
        self.items.append(("stretches", data, label or f"stretch {data.get('id', '?')!s}"))

    def add_routine(self, data: Mapping[str, Any], *, label: str = "") -> None:
        """Add a routine (the keys of a ``routines/*.toml`` file)."""
        self.items.append(("routines", data, label or f"routine {data.get('id', '?')!s}"))

    def add_guidance(self, data: Mapping[str, Any], *, label: str = "") -> None:
        """Add a guidance page (the keys of a ``guidance/*.toml`` file)."""
        self.items.append(("guidance", data, label or f"guidance {data.get('id', '?')!s}"))


@_hookspec(firstresult=True)
def limber_content_dir() -> Path | Traversable:  # type: ignore[empty-body]
    """Return the pack's content folder. Every pack implements this one.

    The folder holds ``pack.toml`` and any of ``stretches/``, ``routines/`` and
    ``guidance/``, one TOML file per item. A data-only pack needs nothing else::

        @hookimpl
        def limber_content_dir():
            return Path(__file__).parent / "content"

    Since API 1.0.
    """


@_hookspec
def limber_build(pack: PackBuilder) -> None:
    """Build stretches, routines or guidance in code (a code pack).

    Called once at load, after the content folder is read. Items added here join the
    pack's own files and are validated the same way; a routine built here may name the
    folder's stretches. Useful for a programme generated week by week.

    Since API 1.0.
    """


@_hookspec
def limber_session_event(event: SessionEvent) -> str | None:
    """React to a running session: a phase started, a side switch, the session ended.

    ``event.kind`` is one of ``session-started``, ``phase-started``, ``countdown``,
    ``switch-sides``, ``halfway`` (1.1), ``phase-done``, ``session-done``; ignore kinds
    you do not know. It runs in Limber's worker thread, in event order, for at most
    ``HOOK_SECONDS`` a call (a hook still running then is said once and not called
    again); keep it quick. For a speaker, a light, or a clinic's exporter.

    Return a sentence (API 1.1) to tell the runner something, such as that no speech
    engine was found; the host shows each distinct sentence once, and the latest stays
    under the pack on the packs screen. Return None otherwise.

    Since API 1.0.
    """


@_hookspec
def limber_notice() -> str | None:
    """Return a sentence the runner should see as soon as the pack loads, or None.

    Called once at load, after the content folder is read and :func:`limber_build` has
    run. For what the pack can tell before any session, such as that no speech engine is
    installed. Limber shows it on the packs screen under the pack and on one line above
    the footer, never over a running session; it is cleaned and cut to 200 characters.
    Keep it quick: it counts toward the pack's 5 s of loading.

    Since API 1.2.
    """
