"""Limber's version is written in one place, `__version__`; CHANGELOG.md's latest release
is that version, in Keep a Changelog's form."""

from __future__ import annotations

import re
from pathlib import Path

import limber

REPO = Path(__file__).resolve().parents[3]


def test_the_changelog_describes_this_version_in_keep_a_changelog_form():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert releases[0] == ("Unreleased", "")
    assert releases[1][0] == limber.__version__ and releases[1][1]
    for version, _ in releases:
        assert re.search(rf"^\[{re.escape(version)}\]: ", text, re.MULTILINE), version
    sections = set(re.findall(r"^### (\w+)$", text, re.MULTILINE))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
