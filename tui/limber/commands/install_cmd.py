"""``limber install PACK`` / ``limber uninstall PACK``: packs where Limber itself runs.

In the manner of ``llm install`` and ``datasette install``: however Limber was installed
(a venv, pipx or ``uv tool``), a pack goes into that same environment: through ``pipx
inject`` under pipx, else its own pip (``sys.executable -m pip``), else ``uv pip --python
sys.executable`` (``uv tool`` makes environments without pip); see :mod:`.installer`.

Nothing is installed before the pack has been read (:mod:`.install_read`): a folder's
``pyproject.toml`` and ``pack.toml``, a wheel's name, ``METADATA``, ``entry_points.txt``
and ``pack.toml``. A name on the package
index is first fetched as a wheel into a temporary folder (``pip wheel --no-deps``: the
index's wheel, or one built from its source), read, and that very wheel is installed.
Afterwards the pack is loaded in a fresh process, since this one has already looked for
packs, to say what it brought.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from limber import DISTRIBUTION
from limber.commands import catalogue_cmds
from limber.commands.install_read import NOTHING, UPGRADE, WHAT, read_folder, read_wheel, unrelated
from limber.commands.installer import installer_run
from limber.commands.output import print_json
from limber.core.errors import LimberError
from limber.core.packs.discovery import entry_points, normalise
from limber.core.packs.distname import UNRELATED, names_unrelated
from limber.core.packs.hookspecs import PROJECT
from limber.core.packs.host import CORE
from limber.core.packs.requires import unmet
from limber.core.plan import routine_seconds
from limber.core.text import clean_line
from limber.core.wording import mmss, plural


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
        elif names_unrelated(target):
            raise LimberError(f"{NOTHING}{unrelated(target)}.")
        else:
            candidate = read_wheel(_fetch(target, Path(tmp)))
        if CORE in candidate.packs or normalise(candidate.distribution) == DISTRIBUTION:
            raise LimberError(
                f"{NOTHING}{target} is Limber itself, not a pack; upgrade Limber the way you "
                f"installed it ({UPGRADE})."
            )
        for pack in candidate.packs:
            if needs := unmet(candidate.requires, pack):
                raise LimberError(f"{NOTHING}{needs}.")
        print(f"Installing {candidate.distribution or target} into {sys.prefix} …", flush=True)
        output = installer_run("install", [candidate.source], "install it")
    done = [line for line in output.splitlines() if line.startswith("Successfully installed")]
    print(done[0] if done else f"Installed {candidate.distribution or target}.")
    return _say_loaded(sorted(candidate.packs))


def _looks_like_path(target: str) -> bool:
    return target.endswith(".whl") or target.startswith((".", "~")) or "/" in target


def _fetch(name: str, folder: Path) -> Path:
    """A name on the package index as a wheel in ``folder``, not yet installed."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._\-\[\],<>=!~ ]*$", name):
        raise LimberError(f"{NOTHING}'{name}' is not a folder, a wheel or a package name; {WHAT}.")
    print(f"Fetching {name} to read it before installing …", flush=True)
    installer_run("wheel", ["--no-deps", "--wheel-dir", str(folder), name], f"fetch {name}")
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        raise LimberError(f"{NOTHING}fetching {name} gave no wheel to read.")
    return wheels[0]


# -- uninstall -------------------------------------------------------------------------


_DISTRIBUTION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
"""A distribution's name as the packaging standards allow it: it cannot begin with a
dash, so pip never reads one as an option."""


def uninstall(name: str) -> int:
    """Uninstall the distribution of the pack ``name`` (or the distribution ``name``)."""
    key = normalise(name)
    if name == CORE or key in (DISTRIBUTION, UNRELATED):
        raise LimberError(
            "The core catalogue is Limber's own; it goes only with Limber itself "
            f"(pipx uninstall {DISTRIBUTION}, or uv tool uninstall {DISTRIBUTION})."
        )
    installed = entry_points(PROJECT)
    matches = [ep for ep in installed if name == ep.name or key == normalise(ep.distribution)]
    if not matches:
        listed = ", ".join(f"{ep.name} ({ep.distribution})" for ep in installed if ep.name != CORE)
        raise LimberError(
            f"No installed pack or pack distribution is called '{name}'; "
            f"installed packs: {listed or 'none but the core'}."
        )
    distribution = matches[0].distribution
    if not distribution:
        raise LimberError(f"Cannot tell which distribution installed the pack '{name}'.")
    if not _DISTRIBUTION.fullmatch(distribution):  # a pack's own words: never an option
        raise LimberError(
            f"The pack '{name}' gives '{distribution}' as its distribution, which is not a "
            "distribution name, so nothing was uninstalled."
        )
    packs = ", ".join(f"'{ep.name}'" for ep in matches)
    installer_run("uninstall", [distribution], f"uninstall {distribution}")
    print(f"Uninstalled {distribution} {matches[0].version} (pack {packs}) from {sys.prefix}.")
    return 0


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
    catalogue, report = catalogue_cmds.load(quiet=True)
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
