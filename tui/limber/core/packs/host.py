"""The pluggy host: finds packs, loads each inside its own guard, and reports.

pluggy does not isolate failures, so the host never calls ``pm.hook.X()`` across all
plugins at load time. It loads each entry point, and calls each pack's hooks, one at a
time inside a ``try``. A pack that fails to import, raises, returns the wrong type,
holds invalid content, or clashes with another pack is recorded in the load report with
a one-line reason, and everything else loads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pluggy

from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError, LimberError
from limber.core.events import HookProblem, SessionEvent
from limber.core.model import Routine, Stretch
from limber.core.packs import hookspecs
from limber.core.packs.content import PackContent, qualify, read_pack_dir
from limber.core.packs.discovery import EntryPoint, entry_points
from limber.core.packs.hookspecs import PROJECT, PackBuilder
from limber.core.packs.parsecache import TomlCache
from limber.core.packs.report import LoadReport, PackRecord
from limber.core.paths import Paths

CORE = "core"


class FolderPack:
    """A data pack from a folder, registered directly rather than installed.

    The same single hook an installed data-only pack has; for tests, tools and programs
    that embed Limber.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    @hookspecs.hookimpl
    def limber_content_dir(self) -> Path:
        return self.root


def packs_filter(environ: Mapping[str, str] = os.environ) -> frozenset[str] | None:
    """``LIMBER_PACKS=a,b`` → ``{"a", "b"}``; empty → no packs but the core; unset → all."""
    raw = environ.get("LIMBER_PACKS")
    if raw is None:
        return None
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def _describe(value: object) -> str:
    return type(value).__name__ if value is not None else "None"


@dataclass
class _Plugin:
    record: PackRecord
    plugin: object


class PackHost:
    """Owns the pluggy PluginManager and the per-pack guards."""

    def __init__(self, cache: TomlCache | None = None) -> None:
        self.cache = cache
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._plugins: dict[str, _Plugin] = {}
        self.report = LoadReport()
        self.catalogue = Catalogue()

    # -- discovery -----------------------------------------------------------------------

    def load_entry_points(self, only: frozenset[str] | None = None) -> None:
        """Import every pack installed under the ``limber`` entry-point group."""
        for ep in sorted(entry_points(PROJECT), key=_core_first):
            record = PackRecord(
                name=ep.name,
                distribution=ep.distribution,
                version=ep.version,
            )
            if only is not None and ep.name != CORE and ep.name not in only:
                record.status = "off"
                record.error = "not named in LIMBER_PACKS"
                self.report.packs.append(record)
                continue
            try:
                plugin = ep.load()
            except (Exception, SystemExit) as exc:
                self.report.packs.append(record)
                record.fail(f"could not be imported ({ep.value}): {_one_line(exc)}")
                continue
            self._register(plugin, record)

    def register(
        self, plugin: object, name: str, *, version: str = "", distribution: str = ""
    ) -> bool:
        """Register a pack object directly (tests, and packs made in code)."""
        return self._register(
            plugin, PackRecord(name=name, version=version, distribution=distribution)
        )

    def _register(self, plugin: object, record: PackRecord) -> bool:
        self.report.packs.append(record)
        if record.name in self._plugins:
            record.fail(f"another installed pack is already called '{record.name}'")
            return False
        try:
            self.pm.register(plugin, name=record.name)
        except (Exception, SystemExit) as exc:
            record.fail(f"its hooks do not match the Limber plugin API: {_one_line(exc)}")
            return False
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=record.name)
            record.fail(f"it implements a hook Limber does not know: {_one_line(exc)}")
            return False
        self._plugins[record.name] = _Plugin(record, plugin)
        return True

    # -- loading content -----------------------------------------------------------------

    def _impls(self, hook: str, name: str) -> list[Callable[..., Any]]:
        caller = getattr(self.pm.hook, hook)
        return [impl.function for impl in caller.get_hookimpls() if impl.plugin_name == name]

    def _read(self, entry: _Plugin) -> PackContent | None:
        record = entry.record
        impls = self._impls("limber_content_dir", record.name)
        if not impls:
            record.fail("it has no limber_content_dir hook, so Limber cannot find its pack.toml")
            return None
        try:
            root = impls[0]()
        except (Exception, SystemExit) as exc:
            record.fail(f"its limber_content_dir hook raised {_one_line(exc)}")
            return None
        if isinstance(root, str):
            root = Path(root)
        if not isinstance(root, Traversable) or not root.is_dir():
            record.fail(
                f"its limber_content_dir hook returned {_describe(root)}, not an existing folder"
            )
            return None
        record.content_dir = str(root)
        content = read_pack_dir(root, self.cache)
        for build in self._impls("limber_build", record.name):
            builder = PackBuilder()
            try:
                build(pack=builder)
            except (Exception, SystemExit) as exc:
                record.fail(f"its limber_build hook raised {_one_line(exc)}")
                return None
            for folder, data, label in builder.items:
                content.add(folder, data, file=f"<code: {label}>")
        if content.info is not None and content.info.name != record.name:
            content.errors.append(
                ContentError(
                    f"name `{content.info.name}` differs from the entry-point name "
                    f"`{record.name}`; make them the same",
                    file="pack.toml",
                    key="name",
                )
            )
        for error in content.errors:
            record.fail(error.located())
        if record.status == "failed":
            return None
        record.info = content.info
        if content.info and content.info.version:
            record.version = content.info.version
        return content

    def collect(self) -> tuple[Catalogue, LoadReport]:
        """Read every registered pack, check references across packs, merge the rest."""
        loaded: dict[str, PackContent] = {}
        for name, entry in self._plugins.items():
            content = self._read(entry)
            if content is not None:
                loaded[name] = content
        qualified = {
            name: [qualify(item, name) for item in content.items]
            for name, content in loaded.items()
        }
        while True:  # a pack naming a failed pack's stretch fails too
            known = {i.id for items in qualified.values() for i in items if isinstance(i, Stretch)}
            routines = {
                i.id: i for items in qualified.values() for i in items if isinstance(i, Routine)
            }
            broken = {
                name: problems
                for name, items in qualified.items()
                if (
                    problems := _dangling(items, known, loaded[name])
                    + _programme_problems(items, routines, loaded[name])
                )
            }
            if not broken:
                break
            for name, problems in broken.items():
                record = self._plugins[name].record
                for problem in problems:
                    record.fail(problem)
                del qualified[name]
        catalogue = Catalogue()
        for name, items in qualified.items():
            record = self._plugins[name].record
            files = {item.id: loaded[name].file_of(item) for item in items}
            catalogue.add(items, files)
            record.stretches = sum(1 for i in items if i.id in catalogue.stretches)
            record.routines = sum(1 for i in items if i.id in catalogue.routines)
            record.guidance = sum(1 for i in items if i.id in catalogue.guidance)
        self.catalogue = catalogue
        return catalogue, self.report

    # -- session events ------------------------------------------------------------------

    def fire(self, event: SessionEvent) -> list[HookProblem]:
        """Call every pack's event hook, each guarded; return one problem per failure."""
        problems = []
        for name in list(self._plugins):
            for impl in self._impls("limber_session_event", name):
                try:
                    impl(event=event)
                except Exception as exc:
                    message = f"Pack '{name}' failed on {event.kind}: {_one_line(exc)}"
                    problems.append(HookProblem(name, message))
        return problems


def _dangling(items: Iterable[object], known: set[str], content: PackContent) -> list[str]:
    problems = []
    for item in items:
        if not isinstance(item, Routine):
            continue
        file = content.file_of(item)
        for number, step in enumerate(item.steps):
            if step.stretch not in known:
                problems.append(
                    f"{file}: steps[{number}].stretch: no stretch `{step.stretch}` is loaded"
                )
    return problems


def _programme_problems(
    items: Iterable[object], routines: dict[str, Routine], content: PackContent
) -> list[str]:
    """A programme naming a routine no loaded pack has, or a step its routine lacks."""
    from limber.core.model import Programme
    from limber.core.programme import check_programme

    return [
        problem.located()
        for item in items
        if isinstance(item, Programme)
        for problem in check_programme(item, routines, file=content.file_of(item))
    ]


def _core_first(ep: EntryPoint) -> tuple[bool, str]:
    return (ep.name != CORE, ep.name)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {text}"[:300]


def load_catalogue(
    *,
    only: frozenset[str] | None = None,
    extra: Iterable[tuple[str, object]] = (),
    cache: TomlCache | None = None,
) -> tuple[Catalogue, LoadReport, PackHost]:
    """Discover installed packs (filtered by ``only``), add ``extra`` ones, and load.

    Without a ``cache``, parsed TOML is cached under the user's cache folder. The
    runner's own routines always load, as the pack ``mine``.
    """
    paths = Paths.from_env()
    host = PackHost(cache or TomlCache(paths.cache_dir))
    host.load_entry_points(only)
    from limber.core.packs.userpack import PACK, UserRoutines

    host.register(UserRoutines(paths.routines_dir), PACK)
    for name, plugin in extra:
        host.register(plugin, name)
    catalogue, report = host.collect()
    return catalogue, report, host


__all__ = ["CORE", "LimberError", "LoadReport", "PackHost", "PackRecord", "load_catalogue"]
