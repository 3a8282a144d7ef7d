"""No file in the repository tells anyone to install `limber` from the package index:
there that name is an unrelated project. Limber is `limber-stretch` (README, "Installing
without a clone"); docs, the pack template, the first-party packs and the tests say so."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from limber.commands import pack_template
from limber.core.packs.distname import names_unrelated

REPO = Path(__file__).resolve().parents[3]

BARE = r"""['"]?limber(\[[^\]\s]*\])?(?![\w.\-\[/])['"]?"""
"""`limber` or `limber[report]`, not `limber-stretch`, `limber_mypack…`, `limber/…`."""

COMMANDS = re.compile(
    r"\b(?:pip3?\s+install|pipx\s+(?:install|inject|upgrade|reinstall|uninstall)"
    r"|uv\s+(?:pip\s+install|tool\s+(?:install|upgrade|uninstall|run)|add))"
    r"(?:\s+-{1,2}[\w-]+(?:[ =][^\s-][^\s]*)?)*\s+" + BARE
)
"""An install command whose package is the bare name (options before it allowed)."""

REQUIREMENT = re.compile(
    r"""dependencies\s*=\s*\[[^\]]*?["']\s*limber\s*(\[[^\]]*\])?\s*[<>=!~"']"""
)
"""A `dependencies = [...]` list naming the bare name, as a pack's pyproject.toml would."""

BAD_ON_PURPOSE = {
    "tests/unit/house/test_index_name.py": "the patterns' own examples, above",
    "tests/cli/test_distribution_name.py": "the pack `limber pack check` must refuse",
    "tests/packaging/test_install.py": "the packs `limber install` must refuse",
}
"""Files that write the bare name as the wrong input a test feeds Limber."""


def _files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [REPO / name for name in listed.stdout.split("\0") if name]


def _said(text: str) -> list[str]:
    return [m.group(0) for m in (*COMMANDS.finditer(text), *REQUIREMENT.finditer(text))]


def test_the_patterns_find_what_they_look_for():
    told = [
        "pipx install limber",
        "uv tool install limber  # the same",
        "pip install 'limber[report]'",
        "pipx inject limber x.whl",
        "uv tool install limber --with x.whl",
        'dependencies = ["limber"]',
        'dependencies = ["platformdirs", "limber>=0.2"]',
    ]
    fine = [
        "pipx install limber-stretch",
        "pip install 'limber-stretch[serve]'",
        "pip install limber_mypack-0.1.0-py3-none-any.whl",
        "pip install -e limber-mypack",
        "limber install limber-mypack",
        'dependencies = ["limber-stretch>=0.2.0"]',
    ]
    assert [t for t in told if not _said(t)] == []
    assert [t for t in fine if _said(t)] == []


def test_no_file_tells_anyone_to_install_the_bare_name():
    found = []
    for path in _files():
        if str(path.relative_to(REPO)) in BAD_ON_PURPOSE:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # a binary file, or one deleted in the work tree
        found += [f"{path.relative_to(REPO)}: {said}" for said in _said(text)]
    assert found == []


def test_no_pyproject_depends_on_the_bare_name():
    found = []
    for path in [p for p in _files() if p.name == "pyproject.toml"]:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
        wanted = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            wanted += extra
        found += [f"{path.relative_to(REPO)}: {r}" for r in wanted if names_unrelated(r)]
    assert found == []


def test_the_pack_template_depends_on_limber_stretch():
    written = pack_template.pyproject("calf-care", "limber_calf_care")
    dependencies = tomllib.loads(written)["project"]["dependencies"]
    assert [d.split(">=")[0] for d in dependencies] == ["limber-stretch"]
    assert _said(written) == []
