"""Limber pack ``runner-strength``: a four-week core-and-hips programme, built in code.

A code pack: ``content/`` holds only ``pack.toml``; :func:`limber_build` generates the
routines ``week-1`` … ``week-4`` and a guidance page from the table in
:mod:`limber_runner_strength.programme`. Every step uses a core-catalogue exercise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from limber import hookimpl

from limber_runner_strength import programme

if TYPE_CHECKING:
    from limber.core.packs.hookspecs import PackBuilder


@hookimpl
def limber_content_dir() -> Path:
    """The folder holding ``pack.toml``."""
    return Path(__file__).parent / "content"


@hookimpl
def limber_build(pack: PackBuilder) -> None:
    """Add one routine per week, and the page that explains the progression."""
    for routine in programme.routines():
        pack.add_routine(routine, label=f"routine {routine['id']} (programme.py)")
    pack.add_guidance(programme.guidance(), label="guidance about-the-programme (programme.py)")
