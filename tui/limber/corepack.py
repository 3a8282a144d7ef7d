"""The core catalogue, registered as a pack through the same entry point as any other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber import hookimpl
from limber.core.paths import core_content_dir

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path


@hookimpl
def limber_content_dir() -> Path | Traversable:
    """The stretches, routines and guidance drawn from the seed articles."""
    return core_content_dir()
