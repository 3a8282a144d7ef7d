"""The pluggy host: finds packs, loads each inside its own guard, and reports.

pluggy does not isolate failures, so the host never calls ``pm.hook.X()`` across all
plugins. It loads each entry point, and calls each pack's hooks one at a time through
:mod:`~limber.core.packs.hookcall` (the table of hooks, their guard and wording). A pack
that fails to import, raises, returns the wrong type, holds invalid content, or clashes
with another pack is recorded in the load report with a one-line reason, and everything
else loads.

"Fails" means anything at all: a ``BaseException`` (``KeyboardInterrupt`` or
``SystemExit`` raised by a pack) is contained like any other error. A pack whose import
or content hooks take longer than :data:`HOOK_SECONDS` is reported as too slow and left
out: the imports, then the content reads, run one pack after another in a worker thread
that the host watches, each pack's for at most that long (:func:`guard.timed_each`).
Python cannot stop a thread, so a hung hook's thread is left behind as a daemon (it ends
with the process) and the packs after it go on in a new one; whatever the hung hook
returns later is ignored, and it shares nothing with the packs that loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import msgspec
import pluggy

from limber.core.catalogue import Catalogue
from limber.core.errors import LimberError
from limber.core.events import HookProblem, PackNotice, SessionEvent
from limber.core.model import Guidance, Routine, Stretch
from limber.core.packs import hookcall, hookspecs
from limber.core.packs.content import PackContent, qualify, read_pack_dir
from limber.core.packs.discovery import EntryPoint, entry_points
from limber.core.packs.guard import hook_seconds, one_line, timed_each, too_slow
from limber.core.packs.hookspecs import PROJECT
from limber.core.packs.parsecache import TomlCache
from limber.core.packs.parsepool import ParsePool
from limber.core.packs.report import LoadReport, PackRecord
from limber.core.packs.rules import (
    CORE,
    MINE,
    core_first,
    dangling,
    impostor,
    off_reason,
    pack_toml_problems,
    programme_problems,
    skipped_steps,
)
from limber.core.packs.userpack import UserRoutines
from limber.core.paths import Paths
from limber.core.programme_model import Programme
from limber.core.text import untrusted_line


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


class _Plugin(msgspec.Struct):
    record: PackRecord
    plugin: object
    refused: PackContent | None = None
    """Content that did not load, kept so its references can be checked too."""


class PackHost:
    """Owns the pluggy PluginManager and the per-pack guards."""

    def __init__(self, cache: TomlCache | None = None, *, seconds: float | None = None) -> None:
        self.cache = cache
        self.seconds = hook_seconds() if seconds is None else seconds
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._plugins: dict[str, _Plugin] = {}
        self._stuck: set[str] = set()
        """Packs whose event hook took too long: not called again in this run."""
        self._slow: set[str] = set()
        """Packs whose content hooks, asked before the load, took too long (:meth:`leave_slow`)."""
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
        checked: list[tuple[PackRecord, EntryPoint | None]] = []
        for ep in sorted(entry_points(PROJECT) if found is None else found, key=core_first):
            record = PackRecord(
                name=ep.name,
                distribution=ep.distribution,
                version=ep.version,
            )
            if refusal := impostor(ep):
                record.fail(refusal)
                checked.append((record, None))
            elif off := off_reason(ep.name, only, disabled):
                record.status = "off"
                record.error = off
                checked.append((record, None))
            else:
                checked.append((record, ep))
        imports = iter(timed_each([e.load for _, e in checked if e], self.seconds))
        for record, wanted in checked:
            if wanted is None:
                self.report.packs.append(record)
                continue
            done, plugin, exc = next(imports)
            if not done or exc is not None:
                self.report.packs.append(record)
                why = too_slow(self.seconds) if not done else one_line(exc)
                record.fail(f"could not be imported ({untrusted_line(wanted.value)}): {why}")
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
            hookcall.join(self.pm, plugin, record.name)
        except hookcall.HookFailed as failed:
            record.fail(str(failed))
            return False
        self._plugins[record.name] = _Plugin(record, plugin)
        return True

    # -- loading content -----------------------------------------------------------------

    def _read_all(self) -> dict[str, PackContent]:
        """Read every registered pack's content in turn, each waited on for at most
        :attr:`seconds`; every failure, of any kind, lands in its pack's record. With a
        parse cache, a second process may parse part of the files (:mod:`.parsepool`):
        it is killed when the reading is done."""
        entries = list(self._plugins.values())
        scratches = [PackRecord(name=entry.record.name) for entry in entries]
        pool = ParsePool() if self.cache is not None else None
        reads = [
            partial(self._read_pack, entry.plugin, scratch, pool)
            for entry, scratch in zip(entries, scratches, strict=True)
        ]
        slow = [entry.record.name in self._slow for entry in entries]  # not asked again
        try:
            ran = iter(
                timed_each([r for r, s in zip(reads, slow, strict=True) if not s], self.seconds)
            )
        finally:
            if pool is not None:
                pool.close()
        outcomes = [(False, None, None) if s else next(ran) for s in slow]
        loaded: dict[str, PackContent] = {}
        for entry, scratch, outcome in zip(entries, scratches, outcomes, strict=True):
            if (content := self._read(entry, scratch, *outcome)) is not None:
                loaded[entry.record.name] = content
        return loaded

    def leave_slow(self, names: Iterable[str]) -> None:
        """Packs whose content hooks were asked for before the load (``limber list
        --json`` takes a digest of the files first) and took too long: the load reports
        them as too slow at once, rather than waiting on them a second time."""
        self._slow.update(names)

    def _read(
        self,
        entry: _Plugin,
        scratch: PackRecord,
        done: bool,
        content: Any,
        exc: BaseException | None,
    ) -> PackContent | None:
        """One pack's content as read into ``scratch``, moved into its record."""
        record = entry.record
        if not done:
            record.fail(hookcall.sentence("limber_build", "slow", slow=too_slow(self.seconds)))
            return None
        if exc is not None:
            record.fail(f"it failed while its content was read: {one_line(exc)}")
            return None
        for error in scratch.errors:
            record.fail(error)
        record.content_dir = scratch.content_dir
        record.skipped = scratch.skipped
        record.figures_left_out = scratch.figures_left_out
        if record.status == "failed":
            if isinstance(content, PackContent):
                entry.refused = content  # its dangling steps are reported too
            return None
        record.info = scratch.info
        record.notice = scratch.notice
        if scratch.info and scratch.info.version:
            record.version = untrusted_line(scratch.info.version, 40)
        return content if isinstance(content, PackContent) else None

    def _read_pack(
        self, plugin: object, record: PackRecord, pool: ParsePool | None = None
    ) -> PackContent | None:
        try:
            content = read_pack_dir(hookcall.content_dir(self.pm, record), self.cache, pool)
            hookcall.code_hooks(self.pm, record, content)
        except hookcall.HookFailed as failed:
            record.fail(str(failed))
            return None
        if record.name == MINE:
            # The runner's own files: a bad one is skipped and named, the rest load.
            record.skipped = [e.located() for e in content.errors]
            content.errors = []
            record.skipped += getattr(plugin, "problems", [])
        content.errors += pack_toml_problems(content, record.name)
        for error in [*content.errors, *skipped_steps(content, record.name)]:
            record.fail(error.located())
        record.figures_left_out = [error.located() for error in content.figure_errors[:100]]
        record.info = content.info
        return content

    def collect(self) -> tuple[Catalogue, LoadReport]:
        """Read every registered pack, check references across packs, merge the rest."""
        loaded = self._read_all()
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
                    problems := dangling(items, known, loaded[name])
                    + programme_problems(items, routines, loaded[name])
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
            catalogue.add(items, loaded[name].files_by_id(name))
            record.stretches = sum(isinstance(i, Stretch) for i in items)
            record.routines = sum(isinstance(i, Routine) for i in items)
            record.programmes = [(i.id, i.title) for i in items if isinstance(i, Programme)]
            record.guidance = sum(isinstance(i, Guidance) for i in items)
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
            for problem in dangling(items, known | own | invalid, content):
                entry.record.fail(problem)

    # -- session events ------------------------------------------------------------------

    def fire(self, event: SessionEvent) -> list[HookProblem | PackNotice]:
        """Call every pack's event hook, each guarded: one failure or notice for each
        pack that failed or said something (:func:`~limber.core.packs.hookcall.fire`,
        with the content hooks' time limit and worker).

        A session posts its events through a :class:`~limber.core.packs.courier.Courier`,
        off the screen's thread. A hook may return a sentence for the runner (API 1.1),
        such as "no speech engine found"; the latest for each pack is also kept as its
        record's ``notice``, for the packs screen.
        """
        calls = [
            (name, impl)
            for name in list(self._plugins)
            if name not in self._stuck
            for impl in hookcall.impls(self.pm, "limber_session_event", name)
        ]
        found = hookcall.fire(calls, event, self.seconds, self._stuck)
        for item in found:
            self._plugins[item.pack].record.notice = item.message
        return found


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
    host = start_host(only=only, extra=extra, cache=cache)
    catalogue, report = host.collect()
    return catalogue, report, host


def start_host(
    *,
    only: frozenset[str] | None = None,
    extra: Iterable[tuple[str, object]] = (),
    cache: TomlCache | None = None,
) -> PackHost:
    """:func:`load_catalogue` up to the load itself: every pack imported and registered
    (the runner's own routines as ``mine``, then ``extra``), none of their files read."""
    paths = Paths.from_env()
    host = PackHost(cache or TomlCache(paths.cache_dir))
    host.load_entry_points(only, disabled=disabled_packs(paths))
    host.register(UserRoutines(paths.routines_dir), MINE)
    for name, plugin in extra:
        host.register(plugin, name)
    return host


def disabled_packs(paths: Paths) -> frozenset[str]:
    """The packs ``disabled_packs`` in ``config.toml`` turns off (none if it cannot be read)."""
    if not paths.config_file.exists():
        return frozenset()
    from limber.core.settings import load_settings  # only with a config.toml (and the planner)

    settings, _problem = load_settings(paths.config_file)
    return frozenset(settings.disabled_packs)


__all__ = [
    "CORE",
    "LimberError",
    "LoadReport",
    "PackHost",
    "PackRecord",
    "load_catalogue",
    "start_host",
]
