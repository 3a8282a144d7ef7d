"""What ``limber install`` reads before it installs anything: a pack's project folder
(``pyproject.toml``, ``pack.toml``) or its wheel (``entry_points.txt``, ``METADATA``,
``pack.toml``), and the reasons, each one sentence, that it cannot work here.
"""

from __future__ import annotations

import configparser
import platform
import re
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import msgspec

from limber import DISTRIBUTION
from limber.core.errors import ContentError, LimberError
from limber.core.files import read_small, read_small_text
from limber.core.packs.content import PACK_FILE
from limber.core.packs.distname import (
    UNRELATED,
    names_unrelated,
    unrelated_in_metadata,
    unrelated_in_pyproject,
)
from limber.core.packs.hookspecs import PROJECT
from limber.core.packs.requires import RANGE_PATTERN, not_a_range, satisfies

NOTHING = "Nothing installed: "
WHAT = "give a pack's project folder, its wheel (.whl) or its name on the package index"
UPGRADE = f"pipx upgrade {DISTRIBUTION}, or uv tool upgrade {DISTRIBUTION}"


class Candidate(msgspec.Struct, frozen=True):
    """A pack about to be installed: what the installer is given, and what was read."""

    source: str
    """A folder or a wheel file, as pip takes it."""
    packs: dict[str, str]
    """Pack name → the module its ``limber`` entry point names."""
    distribution: str
    requires: str
    """``requires-limber`` from its ``pack.toml`` (empty: any Limber)."""


def read_folder(folder: Path) -> Candidate:
    """A pack project folder: its entry points from ``pyproject.toml``, its ``pack.toml``."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        raise LimberError(f"{NOTHING}{folder} has no pyproject.toml, so it is not a pack project.")
    try:
        text = read_small_text(pyproject)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LimberError(f"{NOTHING}{pyproject} could not be read: {error}.") from None
    except ContentError as error:
        raise LimberError(f"{NOTHING}{error}.") from None
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    groups = project.get("entry-points")
    group = groups.get(PROJECT) if isinstance(groups, dict) else None
    packs = (
        {str(k): v for k, v in group.items() if isinstance(v, str)}
        if isinstance(group, dict)
        else {}
    )
    if not packs:
        raise LimberError(
            f"{NOTHING}{pyproject} declares no [project.entry-points.{PROJECT}], "
            f"so {folder} is not a Limber pack."
        )
    if wrong := unrelated_in_pyproject(text, project, str(pyproject)):
        raise LimberError(f"{NOTHING}{wrong}.")
    requires = ""
    for module in _modules(packs.values()):
        for base in (folder / "src" / module, folder / module):
            found = (
                sorted(base.rglob(PACK_FILE), key=lambda p: len(p.parts)) if base.is_dir() else []
            )
            if found:
                try:
                    requires = requires or _requires(read_small(found[0]), str(found[0]))
                except (OSError, ContentError) as error:
                    raise LimberError(f"{NOTHING}{found[0]} could not be read: {error}.") from None
    # Absolute: pip reads a bare ``limber-mypack`` as a name on the index, not this folder.
    return Candidate(str(folder.resolve()), packs, str(project.get("name", "")), requires)


def read_wheel(wheel: Path) -> Candidate:
    """A wheel: its ``[limber]`` entry points and the ``pack.toml`` under their modules."""
    if wheel.suffix != ".whl":
        raise LimberError(f"{NOTHING}{wheel} is not a wheel (.whl); {WHAT}.")
    _for_this_python(wheel.name)
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            metadata = [n for n in names if _in_dist_info(n, "METADATA")]
            if metadata:
                _check_metadata(archive.read(metadata[0]), f"{wheel}:{metadata[0]}")
            entry_txt = [n for n in names if _in_dist_info(n, "entry_points.txt")]
            text = archive.read(entry_txt[0]).decode("utf-8") if entry_txt else ""
            packs = _entry_points(text, str(wheel))
            tomls = sorted(
                (n for n in names if n.endswith(f"/{PACK_FILE}")), key=lambda n: n.count("/")
            )
            modules = set(_modules(packs.values()))
            ours = [n for n in tomls if PurePosixPath(n).parts[0] in modules]
            requires = _requires(archive.read(ours[0]), f"{wheel}:{ours[0]}") if ours else ""
    except (zipfile.BadZipFile, OSError) as error:
        raise LimberError(f"{NOTHING}{wheel} could not be read as a wheel: {error}.") from None
    distribution = wheel.name.split("-")[0].replace("_", "-")
    if not packs and names_unrelated(distribution):
        raise LimberError(f"{NOTHING}{unrelated(str(wheel))}.")
    if not packs:
        raise LimberError(
            f"{NOTHING}{wheel} has no [{PROJECT}] entry point in its entry_points.txt, "
            "so it is not a Limber pack."
        )
    return Candidate(str(wheel.resolve()), packs, distribution, requires)


def unrelated(target: str) -> str:
    """Why ``target``, the index's ``limber``, is not installed (without the full stop)."""
    return (
        f"{target} is the unrelated project `{UNRELATED}` on the package index, neither "
        f"Limber nor a Limber pack; Limber itself is `{DISTRIBUTION}` there ({UPGRADE})"
    )


def _in_dist_info(name: str, file: str) -> bool:
    parts = PurePosixPath(name).parts
    return len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == file


def _entry_points(text: str, where: str) -> dict[str, str]:
    """The ``[limber]`` section of an ``entry_points.txt``."""
    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error as error:
        raise LimberError(
            f"{NOTHING}{where} has an unreadable entry_points.txt: {error}."
        ) from None
    return dict(parser[PROJECT]) if parser.has_section(PROJECT) else {}


def _modules(values: Iterable[str]) -> list[str]:
    """The top-level package each entry point (``module.sub:attr``) imports."""
    return [value.partition(":")[0].strip().split(".")[0] for value in values]


def _requires(raw: bytes, where: str) -> str:
    """``requires-limber`` of a ``pack.toml`` (empty when it says none)."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LimberError(f"{NOTHING}{where} is not valid TOML: {error}.") from None
    value = data.get("requires-limber", "")
    if not isinstance(value, str):
        raise LimberError(f"{NOTHING}{where}: requires-limber must be a version range as text.")
    if wrong := not_a_range(value):
        raise LimberError(f"{NOTHING}{where}: {wrong}.")
    return value


# -- a wheel for this Python -----------------------------------------------------------

_SYSTEMS = {"linux": ("linux", "manylinux", "musllinux"), "darwin": ("macosx",), "win32": ("win",)}


def _for_this_python(name: str) -> None:
    """Refuse, in one sentence, a wheel whose file name says another Python or system.

    As pip reads the tags (``name-version-python-abi-platform.whl``): ``py3`` fits every
    Python 3, ``py3X`` a Python 3.X or later, ``cp3X`` CPython 3.X only (3.X or later with
    the ``abi3`` ABI).
    """
    parts = name[: -len(".whl")].split("-")
    if len(parts) not in (5, 6):
        return  # not named as a wheel; pip says so itself
    pythons, abi, systems = parts[-3].split("."), parts[-2], parts[-1].split(".")
    here = sys.version_info
    mine = f"Python {here.major}.{here.minor}"
    if not any(_fits(tag, abi) for tag in pythons):
        raise LimberError(
            f"{NOTHING}{name} is built for {' or '.join(pythons)}, and Limber here runs on "
            f"{mine}; ask for a wheel built for py3 or for {mine}."
        )
    family = _SYSTEMS.get(sys.platform, (sys.platform,))
    if "any" not in systems and not any(s.startswith(family) for s in systems):
        raise LimberError(
            f"{NOTHING}{name} is built for {' or '.join(systems)}, and Limber here runs on "
            f"{sys.platform}; ask for a wheel built for any platform (py3-none-any)."
        )


def _fits(tag: str, abi: str) -> bool:
    found = re.fullmatch(r"(py|cp)(\d)(\d*)", tag)
    if found is None:
        return False
    kind, major, minor = found.groups()
    if int(major) != sys.version_info.major:
        return False
    if not minor:
        return kind == "py"
    if kind == "cp" and platform.python_implementation() != "CPython":
        return False
    if kind == "cp" and abi != "abi3":
        return int(minor) == sys.version_info.minor
    return int(minor) <= sys.version_info.minor


def _check_metadata(raw: bytes, where: str) -> None:
    """Refuse a wheel that needs another Python, or that depends on the unrelated ``limber``."""
    text = raw.decode("utf-8", errors="replace")
    if wrong := unrelated_in_metadata(text, where):
        raise LimberError(f"{NOTHING}{wrong}.")
    for number, line in enumerate(text.splitlines(), 1):
        if not line:
            break
        key, _, value = line.partition(":")
        wanted = value.strip()
        if key.strip().lower() == "requires-python" and re.match(RANGE_PATTERN, wanted):
            if not satisfies(wanted, platform.python_version()):
                raise LimberError(
                    f"{NOTHING}{where}:{number}: Requires-Python: the pack needs Python "
                    f"{wanted}, and Limber here runs on Python {platform.python_version()}."
                )
