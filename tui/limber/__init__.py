"""Limber: guided lower-back stretching routines for runners, in the terminal.

The public plugin API is re-exported here: pack authors write ``from limber import
hookimpl``. It is imported on first use, so ``import limber`` stays light (no pluggy,
no Textual) for everything that does not load packs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from limber.core.packs.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    if name == "hookimpl":
        from limber.core.packs.hookspecs import hookimpl

        return hookimpl
    raise AttributeError(f"module 'limber' has no attribute {name!r}")
