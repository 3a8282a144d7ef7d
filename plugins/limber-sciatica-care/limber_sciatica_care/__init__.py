"""Limber pack ``sciatica-care``: routines and guidance for a tight piriformis.

A data-only pack: everything lives in ``content/`` as TOML, and the routines use the
core catalogue's stretches by reference (``core/piriformis-stretch`` ...).
"""

from __future__ import annotations

from pathlib import Path

from limber import hookimpl


@hookimpl
def limber_content_dir() -> Path:
    """The folder holding ``pack.toml``, ``routines/`` and ``guidance/``."""
    return Path(__file__).parent / "content"
