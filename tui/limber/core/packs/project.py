"""A pack project's ``pyproject.toml``, read the way an installed wheel will present it.

``limber pack check DIR`` uses this to load the pack exactly as the installed
distribution will be loaded: under the entry-point name of the ``limber`` group, from the
module that entry point names, with the distribution's name and version.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

from limber.core.catalogue import Catalogue
from limber.core.errors import LimberError
from limber.core.packs.discovery import EntryPoint, entry_points
from limber.core.packs.distname import unrelated_in_pyproject
from limber.core.packs.report import PackRecord

PYPROJECT = "pyproject.toml"
GROUP = "limber"


class Project(msgspec.Struct, frozen=True):
    """A pack's project folder and the one ``limber`` entry point its wheel declares."""

    root: Path
    entry_point: EntryPoint

    @property
    def import_roots(self) -> list[Path]:
        """Folders to import the pack's module from: the project, or its ``src/``."""
        return [p for p in (self.root / "src", self.root) if p.is_dir()]


def find_project(folder: Path) -> Path:
    """The project folder: ``folder`` or the nearest folder above it with a pyproject.toml."""
    if not folder.exists():
        raise LimberError(f"{folder} does not exist; give the folder of a pack project.")
    if not folder.is_dir():
        raise LimberError(f"{folder} is a file; give the folder of a pack project.")
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / PYPROJECT).is_file():
            return candidate
    raise LimberError(
        f"{folder} has no {PYPROJECT} (nor any folder above it), so it is not a pack "
        "project; `limber pack new DIR` starts one."
    )


def read_project(root: Path) -> Project:
    """The project's ``limber`` entry point; one sentence if there is not exactly one."""
    from limber.core.errors import ContentError
    from limber.core.files import read_small_text

    path = root / PYPROJECT
    try:
        text = read_small_text(path)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LimberError(f"{path} is not valid TOML: {error}.") from None
    except ContentError as error:  # a FIFO, a device, too big, not UTF-8
        raise LimberError(f"Could not read {error}.") from None
    project = data.get("project")
    if not isinstance(project, dict):
        raise LimberError(f"{path} has no [project] table, so pip cannot install it.")
    if wrong := unrelated_in_pyproject(text, project, str(path)):
        raise LimberError(f"{wrong}.")
    group = (project.get("entry-points") or {}).get(GROUP)
    if not isinstance(group, dict) or not group:
        raise LimberError(
            f"{path} declares no pack: add [project.entry-points.{GROUP}] with a line "
            'such as mypack = "limber_mypack".'
        )
    if len(group) > 1:
        raise LimberError(
            f"{path} declares {len(group)} packs ({', '.join(group)}) under "
            f"[project.entry-points.{GROUP}]; check one project per pack."
        )
    ((name, value),) = group.items()
    if not isinstance(value, str):
        raise LimberError(f"{path}: the entry point `{name}` must name a module as text.")
    version = project.get("version")
    entry = EntryPoint(
        name=str(name),
        value=value,
        distribution=str(project.get("name", "")),
        version=version if isinstance(version, str) else "",
    )
    return Project(root=root, entry_point=entry)


def load_project(project: Project) -> tuple[PackRecord, Catalogue]:
    """Load the project's pack exactly as it loads once installed, beside every other
    installed pack: its record in the load report, and the catalogue loaded with it.

    The project's module is imported from its folder (ahead of any installed copy), under
    its entry-point name, by the same host code and guards that load installed packs.
    """
    import sys

    from limber.core.packs.host import PackHost

    ours = project.entry_point
    others = [ep for ep in entry_points(GROUP) if ep.name != ours.name]
    roots = [str(p) for p in project.import_roots]
    sys.path[:0] = roots
    try:
        host = PackHost()
        host.load_entry_points(found=[*others, ours])
        catalogue, report = host.collect()
    finally:
        del sys.path[: len(roots)]
    record = next(r for r in report.packs if r.name == ours.name)
    return record, catalogue
