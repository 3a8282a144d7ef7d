"""Limber pack ``runner-strength``: a four-week core-and-hips programme, as data.

A data-only pack: ``content/`` holds the circuit (``routines/strength-circuit.toml``),
the programme that doses it week by week (``programmes/four-weeks.toml``) and a
guidance page. Every step uses a core-catalogue exercise.
"""

from __future__ import annotations

from pathlib import Path

from limber import hookimpl


@hookimpl
def limber_content_dir() -> Path:
    """The folder holding ``pack.toml`` and the pack's content."""
    return Path(__file__).parent / "content"
