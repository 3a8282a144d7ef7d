"""Every hook a pack can implement is documented for pack authors."""

from __future__ import annotations

from pathlib import Path

from limber.core.packs import hookspecs

REPO = Path(__file__).resolve().parents[2]


def test_every_hook_is_in_the_hook_reference():
    text = (REPO / "CONTRIBUTING.md").read_text()
    reference = text.split("### Hook reference", 1)[1]
    hooks = [name for name in dir(hookspecs) if name.startswith("limber_")]
    assert hooks, "no hooks found"
    missing = [h for h in hooks if f"`{h}(" not in reference]
    assert missing == []
