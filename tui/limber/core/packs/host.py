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
from limber.core.packs.content import PackContent, qualify, read_pack_dir, skipped_steps
from limber.core.packs.discovery import EntryPoint, entry_points
from limber.core.packs.hookspecs import PROJECT, PackBuilder
from limber.core.packs.parsecache import TomlCache
from limber.core.packs.report import LoadReport, PackRecord
from limber.core.packs.requires import unmet
from limber.core.paths import Paths
from limber.core.text import clean_line
from limber.core.validate import line_of

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
    refused: PackContent | None = None
    """Content that did not load, kept so its references can be checked too."""


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

    def load_entry_points(
        self,
        only: frozenset[str] | None = None,
        *,
        disabled: frozenset[str] = frozenset(),
        found: Iterable[EntryPoint] | None = None,
    ) -> None:
        """Import every pack installed under the ``limber`` entry-point group (or the
        entry points ``found``, as ``limber pack check`` sees a project), except those
        ``LIMBER_PACKS`` leaves out or ``config.toml`` turns off."""
        for ep in sorted(entry_points(PROJECT) if found is None else found, key=_core_first):
            record = PackRecord(
                name=ep.name,
                distribution=ep.distribution,
                version=ep.version,
            )
            if off := _off_reason(ep.name, only, disabled):
                record.status = "off"
                record.error = off
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
        if content.info is not None and (needs := unmet(content.info.requires_limber, record.name)):
            line = line_of(content.text_of("pack.toml"), "requires-limber")
            content.errors.append(
                ContentError(needs, file="pack.toml", key="requires-limber", line=line)
            )
        if content.info is not None and content.info.name != record.name:
            content.errors.append(
                ContentError(
                    f"name `{content.info.name}` differs from the entry-point name "
                    f"`{record.name}`; make them the same",
                    file="pack.toml",
                    key="name",
                    line=line_of(content.text_of("pack.toml"), "name"),
                )
            )
        for error in [*content.errors, *skipped_steps(content, record.name)]:
            record.fail(error.located())
        if record.status == "failed":
            entry.refused = content
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
        self._check_refused_references(known)
        catalogue = Catalogue()
        for name, items in qualified.items():
            record = self._plugins[name].record
            files = {item.id: loaded[name].file_of(item) for item in items}
            catalogue.add(items, files)
            record.stretches = sum(isinstance(i, Stretch) for i in items)
            record.routines = sum(isinstance(i, Routine) for i in items)
            record.guidance = len(items) - record.stretches - record.routines
        self.catalogue = catalogue
        return catalogue, self.report

    def _check_refused_references(self, known: set[str]) -> None:
        """A pack refused for its content is also told which of its steps name no
        stretch (besides those skipped for naming one of its invalid stretches), so
        ``limber pack check`` lists every problem at once."""
        for name, entry in self._plugins.items():
            content = entry.refused
            if content is None:
                continue
            own = {f"{name}/{s.id}" for s in content.stretches}
            invalid = {f"{name}/{sid}" for sid in content.invalid_stretches}
            items = [qualify(r, name) for r in content.routines]
            for problem in _dangling(items, known | own | invalid, content):
                entry.record.fail(problem)

    # -- session events ------------------------------------------------------------------

    def fire(self, event: SessionEvent) -> list[HookProblem]:
        """Call every pack's event hook, each guarded; return one problem per failure or
        notice.

        A hook may return a sentence for the runner (API 1.1), such as "no speech engine
        found"; callers show each pack's first one. The latest for each pack is also kept
        as its record's ``notice``, for the packs screen.
        """
        problems = []
        for name in list(self._plugins):
            for impl in self._impls("limber_session_event", name):
                try:
                    notice = impl(event=event)
                except Exception as exc:
                    message = f"Pack '{name}' failed on {event.kind}: {_one_line(exc)}"
                    problems.append(HookProblem(name, message))
                    continue
                if isinstance(notice, str) and notice:
                    problems.append(HookProblem(name, f"Pack '{name}': {clean_line(notice)[:200]}"))
        for problem in problems:
            self._plugins[problem.pack].record.notice = problem.message
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
                    + did_you_mean(step.stretch, known)
                )
    return problems


def did_you_mean(ref: str, known: Iterable[str]) -> str:
    """``; did you mean `pack/id`?`` for the known stretch closest to a misspelt ``ref``."""
    import difflib

    pack, _, local = ref.rpartition("/")
    same_pack = [k for k in known if k.rpartition("/")[0] == pack] or list(known)
    by_local = {k.rpartition("/")[2]: k for k in sorted(same_pack, reverse=True)}
    close = difflib.get_close_matches(local, by_local, n=1, cutoff=0.7)
    return f"; did you mean `{by_local[close[0]]}`?" if close else ""


def _off_reason(name: str, only: frozenset[str] | None, disabled: frozenset[str]) -> str:
    """Why a pack is not loaded this time, or ``""``; the core is always loaded."""
    if name == CORE:
        return ""
    if only is not None and name not in only:
        return "not named in LIMBER_PACKS"
    if name in disabled:
        return f"turned off in config.toml (limber packs enable {name} turns it on)"
    return ""


def _programme_problems(
    items: Iterable[object], routines: dict[str, Routine], content: PackContent
) -> list[str]:
    """A programme naming a routine no loaded pack has, or a step its routine lacks."""
    from limber.core.programme import check_programme
    from limber.core.programme_model import Programme

    problems = []
    for item in items:
        if isinstance(item, Programme):
            file = content.file_of(item)
            if check_programme(item, routines, file=file):  # only then read it for lines
                text = content.text_of(file)
                problems += check_programme(item, routines, file=file, text=text)
    return [problem.located() for problem in problems]


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
    host.load_entry_points(only, disabled=disabled_packs(paths))
    from limber.core.packs.userpack import PACK, UserRoutines

    host.register(UserRoutines(paths.routines_dir), PACK)
    for name, plugin in extra:
        host.register(plugin, name)
    catalogue, report = host.collect()
    return catalogue, report, host


def disabled_packs(paths: Paths) -> frozenset[str]:
    """The packs ``disabled_packs`` in ``config.toml`` turns off (none if it cannot be read)."""
    if not paths.config_file.exists():
        return frozenset()
    from limber.core.settings import load_settings

    settings, _problem = load_settings(paths.config_file)
    return frozenset(settings.disabled_packs)


__all__ = ["CORE", "LimberError", "LoadReport", "PackHost", "PackRecord", "load_catalogue"]
