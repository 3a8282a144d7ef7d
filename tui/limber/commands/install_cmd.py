"""``limber install PACK`` / ``limber uninstall PACK``: packs where Limber itself runs.

In the manner of ``llm install`` and ``datasette install``: however Limber was installed
(a venv, pipx or ``uv tool``), a pack goes into that same environment, through its own pip
(``sys.executable -m pip``), or through ``uv pip --python sys.executable`` where the
environment has no pip (``uv tool`` makes such environments).

Nothing is installed before the pack has been read: a folder's ``pyproject.toml`` and
``pack.toml``, a wheel's ``entry_points.txt`` and ``pack.toml``. A name on the package
index is first fetched as a wheel into a temporary folder (``pip wheel --no-deps``: the
index's wheel, or one built from its source), read, and that very wheel is installed.
Afterwards the pack is loaded in a fresh process, since this one has already looked for
packs, to say what it brought.
"""

from __future__ import annotations

import argparse
import configparser
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from limber.core.errors import LimberError
from limber.core.packs.content import PACK_FILE
from limber.core.packs.hookspecs import PROJECT
from limber.core.packs.host import CORE
from limber.core.packs.requires import unmet
from limber.core.text import clean_line
from limber.core.wording import plural

NOTHING = "Nothing installed: "
WHAT = "give a pack's project folder, its wheel (.whl) or its name on the package index"


@dataclass(frozen=True)
class Candidate:
    """A pack about to be installed: what the installer is given, and what was read."""

    source: str
    """A folder or a wheel file, as pip takes it."""
    packs: dict[str, str]
    """Pack name → the module its ``limber`` entry point names."""
    distribution: str
    requires: str
    """``requires-limber`` from its ``pack.toml`` (empty: any Limber)."""


def run(args: argparse.Namespace) -> int:
    """Dispatch ``limber install`` and ``limber uninstall``."""
    if args.command == "install":
        return install(args.pack)
    return uninstall(args.name)


# -- install ---------------------------------------------------------------------------


def install(target: str) -> int:
    """Read the pack, refuse it with one sentence if it cannot work here, else install it."""
    path = Path(target).expanduser()
    with tempfile.TemporaryDirectory(prefix="limber-install-") as tmp:
        if path.is_dir():
            candidate = read_folder(path)
        elif path.is_file():
            candidate = read_wheel(path)
        elif _looks_like_path(target):
            raise LimberError(f"{NOTHING}{target} does not exist; {WHAT}.")
        else:
            candidate = read_wheel(_fetch(target, Path(tmp)))
        if CORE in candidate.packs or _normalise(candidate.distribution) == "limber":
            raise LimberError(
                f"{NOTHING}{target} is Limber itself, not a pack; upgrade Limber the way you "
                "installed it (pipx upgrade limber, or uv tool upgrade limber)."
            )
        for pack in candidate.packs:
            if needs := unmet(candidate.requires, pack):
                raise LimberError(f"{NOTHING}{needs}.")
        print(f"Installing {candidate.distribution or target} into {sys.prefix} …", flush=True)
        output = _installer_run("install", [candidate.source], "install it")
    done = [line for line in output.splitlines() if line.startswith("Successfully installed")]
    print(done[0] if done else f"Installed {candidate.distribution or target}.")
    return _say_loaded(sorted(candidate.packs))


def _looks_like_path(target: str) -> bool:
    return target.endswith(".whl") or target.startswith((".", "~")) or "/" in target


def read_folder(folder: Path) -> Candidate:
    """A pack project folder: its entry points from ``pyproject.toml``, its ``pack.toml``."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        raise LimberError(f"{NOTHING}{folder} has no pyproject.toml, so it is not a pack project.")
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as error:
        raise LimberError(f"{NOTHING}{pyproject} could not be read: {error}.") from None
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
    requires = ""
    for module in _modules(packs.values()):
        for base in (folder / "src" / module, folder / module):
            found = (
                sorted(base.rglob(PACK_FILE), key=lambda p: len(p.parts)) if base.is_dir() else []
            )
            if found:
                requires = requires or _requires(found[0].read_bytes(), str(found[0]))
    # Absolute: pip reads a bare ``limber-mypack`` as a name on the index, not this folder.
    return Candidate(str(folder.resolve()), packs, str(project.get("name", "")), requires)


def read_wheel(wheel: Path) -> Candidate:
    """A wheel: its ``[limber]`` entry points and the ``pack.toml`` under their modules."""
    if wheel.suffix != ".whl":
        raise LimberError(f"{NOTHING}{wheel} is not a wheel (.whl); {WHAT}.")
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
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
    if not packs:
        raise LimberError(
            f"{NOTHING}{wheel} has no [{PROJECT}] entry point in its entry_points.txt, "
            "so it is not a Limber pack."
        )
    distribution = wheel.name.split("-")[0].replace("_", "-")
    return Candidate(str(wheel.resolve()), packs, distribution, requires)


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
    return value


def _fetch(name: str, folder: Path) -> Path:
    """A name on the package index as a wheel in ``folder``, not yet installed."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._\-\[\],<>=!~ ]*$", name):
        raise LimberError(f"{NOTHING}'{name}' is not a folder, a wheel or a package name; {WHAT}.")
    print(f"Fetching {name} to read it before installing …", flush=True)
    _installer_run("wheel", ["--no-deps", "--wheel-dir", str(folder), name], f"fetch {name}")
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        raise LimberError(f"{NOTHING}fetching {name} gave no wheel to read.")
    return wheels[0]


# -- uninstall -------------------------------------------------------------------------


def uninstall(name: str) -> int:
    """Uninstall the distribution of the pack ``name`` (or the distribution ``name``)."""
    from limber.core.packs.discovery import entry_points

    key = _normalise(name)
    if name == CORE or key == "limber":
        raise LimberError(
            "The core catalogue is Limber's own; it goes only with Limber itself "
            "(pipx uninstall limber, or uv tool uninstall limber)."
        )
    installed = entry_points(PROJECT)
    matches = [ep for ep in installed if name == ep.name or key == _normalise(ep.distribution)]
    if not matches:
        listed = ", ".join(f"{ep.name} ({ep.distribution})" for ep in installed if ep.name != CORE)
        raise LimberError(
            f"No installed pack or pack distribution is called '{name}'; "
            f"installed packs: {listed or 'none but the core'}."
        )
    distribution = matches[0].distribution
    if not distribution:
        raise LimberError(f"Cannot tell which distribution installed the pack '{name}'.")
    packs = ", ".join(f"'{ep.name}'" for ep in matches)
    _installer_run("uninstall", [distribution], f"uninstall {distribution}")
    print(f"Uninstalled {distribution} {matches[0].version} (pack {packs}) from {sys.prefix}.")
    return 0


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- the installer ---------------------------------------------------------------------


def _installer_run(action: str, args: list[str], what: str) -> str:
    """Run pip's ``action`` for this environment; its output, or one sentence if it failed.

    pip and uv speak for themselves on failure: their output is passed on before it.
    """
    import importlib.util

    if importlib.util.find_spec("pip") is not None:
        tool = "pip"
        command = [sys.executable, "-m", "pip", action, "--disable-pip-version-check"]
        if action == "uninstall":
            command.append("--yes")
    elif uv := shutil.which("uv"):
        tool = "uv"
        if action == "wheel":  # uv pip has no wheel: pip itself, run by uv beside us
            command = [uv, "tool", "run", "--python", sys.executable, "--from", "pip", "pip"]
            command += [action, "--disable-pip-version-check"]
        else:
            command = [uv, "pip", action, "--python", sys.executable]
    else:
        raise LimberError(
            f"The environment Limber runs in ({sys.prefix}) has no pip and uv is not on "
            f"PATH, so Limber cannot {what}; install uv, or pip into that environment."
        )
    done = subprocess.run([*command, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise LimberError(f"{tool} could not {what}; its own words are above.")
    return done.stdout + done.stderr


# -- what was installed ----------------------------------------------------------------


def _say_loaded(packs: list[str]) -> int:
    """Load the new packs in a fresh process and say what each brought."""
    code = "from limber.commands.install_cmd import print_loaded; print_loaded()"
    done = subprocess.run(
        [sys.executable, "-P", "-c", code, *packs],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    try:
        records: list[dict[str, Any]] = json.loads(done.stdout)
    except ValueError:
        sys.stderr.write(done.stderr[-4000:])
        raise LimberError("The pack is installed, but loading it failed; see above.") from None
    status = 0
    for record in records:
        status |= _describe(record)
    for missing in sorted(set(packs) - {record["name"] for record in records}):
        print(
            f"limber: pack '{missing}' is installed, but Limber in {sys.prefix} does not "
            "find it; `limber packs` lists what it finds.",
            file=sys.stderr,
        )
        status = 1
    return status


def _describe(record: dict[str, Any]) -> int:
    name = clean_line(record["name"])
    if record["status"] == "failed":
        print(
            f"limber: pack '{name}' is installed but does not load: {record['error']}; "
            "`limber packs` says the same.",
            file=sys.stderr,
        )
        return 1
    if record["status"] == "off":
        print(f"Pack '{name}' is installed but off: {record['error']}.")
        return 0
    counts = f"{record['routines']} routines, {record['stretches']} stretches"
    if programmes := record.get("programmes", []):
        counts += f", {plural(len(programmes), 'programme')}"
    print(f"Pack '{name}' {record['version']} loaded: {counts}.")
    for routine in record["routine_list"]:
        print(f"  {routine['id']:<34} {routine['name']:<30} {routine['time']:>6}")
    for programme in programmes:
        title = clean_line(programme["title"])[:60]
        print(f"  {clean_line(programme['id']):<34} {title} (programme)")
    return 0


def print_loaded() -> None:
    """(In the fresh process.) JSON of the load records of the packs named in argv."""
    from limber.commands.catalogue_cmds import load
    from limber.commands.output import print_json
    from limber.core.plan import routine_seconds
    from limber.core.wording import mmss

    catalogue, report = load(quiet=True)
    records = []
    for record in report.packs:
        if record.name not in sys.argv[1:]:
            continue
        data = record.as_json()
        for key in ("version", "error"):
            data[key] = clean_line(data[key])[:200]
        data["routine_list"] = [
            {
                "id": routine.id,
                "name": clean_line(routine.name)[:60],
                "time": mmss(routine_seconds(routine, catalogue.stretches)),
            }
            for routine in catalogue.routines.values()
            if routine.pack == record.name
        ]
        records.append(data)
    print_json(records)
