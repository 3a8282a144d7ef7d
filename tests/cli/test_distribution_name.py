"""Limber is `limber-stretch` on the package index; the index's `limber` is another project.

What a person sees of that: the version line and `limber paths` name the distribution, and
`limber pack check` refuses a pack that depends on the unrelated `limber`, at its line.
"""

from __future__ import annotations

from limber import __version__ as LIMBER_VERSION
from limber.core.packs.discovery import EntryPoint
from limber.core.packs.rules import impostor

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "limber-calf-care"
version = "0.1.0"
dependencies = [
    "platformdirs>=4",
    "limber>=0.1",
]

[project.entry-points.limber]
calf-care = "limber_calf_care"
"""


def test_the_version_line_names_the_distribution(limber):
    result = limber("--version")
    assert result.stdout == f"limber {LIMBER_VERSION} (limber-stretch on the package index)\n"


def test_paths_says_what_is_installed_where(limber):
    result = limber("paths")
    assert result.returncode == 0, result.stderr
    assert f"installed as: limber-stretch {LIMBER_VERSION}\n" in result.stdout


def test_pack_check_refuses_a_dependency_on_the_unrelated_limber(limber, tmp_path):
    made = limber("pack", "new", str(tmp_path / "limber-calf-care"))
    assert made.returncode == 0, made.stderr
    pyproject = tmp_path / "limber-calf-care" / "pyproject.toml"
    pyproject.write_text(PYPROJECT)
    checked = limber("pack", "check", str(pyproject.parent))
    assert checked.returncode == 1
    assert checked.stderr == (
        f"limber: {pyproject}:10: dependencies: "
        '"limber>=0.1" is the unrelated project `limber` on the package index, not Limber; '
        'write "limber-stretch>=0.1" instead.\n'
    )


def test_only_limber_stretch_may_register_the_core_pack():
    def core_from(distribution: str) -> str:
        return impostor(EntryPoint("core", "limber.corepack", distribution, "0.1.0"))

    assert core_from("limber-stretch") == core_from("limber_stretch") == ""
    assert "the distribution 'limber' registers it; it was refused" in core_from("limber")
