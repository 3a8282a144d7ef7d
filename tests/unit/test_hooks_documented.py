"""Every hook in the spec has a row in the caller's table and an entry in CONTRIBUTING's
hook reference whose arguments, return and "since" agree with both (as datasette's
test_plugin_hooks_are_documented does), and "since" names a version of the API table."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import limber
from limber.core.packs import hookspecs
from limber.core.packs.hookcall import HOOKS

REPO = Path(__file__).resolve().parents[2]
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
REFERENCE = CONTRIBUTING.split("### Hook reference", 1)[1].split("\n### ", 1)[0]
DOCUMENTED = re.compile(
    r"^- `(?P<name>limber_\w+)\((?P<args>[^)]*)\) -> (?P<returns>[^`]+)` — "
    r"(?:\*\*required\*\*, )?since API (?P<since>\d+\.\d+)\.",
    re.MULTILINE,
)
SPECS = sorted(
    name for name, value in vars(hookspecs).items() if hasattr(value, f"{hookspecs.PROJECT}_spec")
)


def documented() -> dict[str, re.Match[str]]:
    return {m["name"]: m for m in DOCUMENTED.finditer(REFERENCE)}


def api_table() -> dict[str, str]:
    """API version → its "What changed" cell, from CONTRIBUTING's "Versions" table."""
    rows = re.findall(r"^\| (\d+\.\d+) +\| [^|]+\| (.+) \|$", CONTRIBUTING, re.MULTILINE)
    return dict(rows)


def version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def test_the_spec_the_table_and_the_reference_name_the_same_hooks():
    assert len(SPECS) >= 4
    assert sorted(HOOKS) == SPECS
    assert sorted(documented()) == SPECS


@pytest.mark.parametrize("name", SPECS)
def test_a_hook_is_documented_with_the_spec_arguments(name: str):
    entry = documented()[name]
    args = [a.split(":")[0].strip() for a in entry["args"].split(",") if a.strip()]
    assert args == list(inspect.signature(getattr(hookspecs, name)).parameters)
    assert entry["returns"] == HOOKS[name].returns


@pytest.mark.parametrize("name", SPECS)
def test_a_hook_says_since_which_api_version_everywhere_alike(name: str):
    since = HOOKS[name].since
    assert documented()[name]["since"] == since
    docstring = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert f"Since API {since}." in docstring
    table = api_table()
    assert since in table, f"API {since} is not in the versions table"
    assert version(since) <= limber.API_VERSION_INFO
    if since != min(table, key=version):  # the first row says "the hooks below"
        assert f"`{name}`" in table[since]


def test_the_versions_table_ends_at_this_api_version():
    assert max(api_table(), key=version) == limber.API_VERSION


def test_adding_a_hook_names_every_file_to_touch():
    section = CONTRIBUTING.split("### Adding a hook", 1)[1].split("\n### ", 1)[0]
    places = ("hookspecs.py", "`HOOKS`", "hookcall.py", '"Hook reference"', '"Versions"')
    for place in (*places, "test_hooks_documented.py"):
        assert place in section
