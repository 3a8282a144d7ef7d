"""The pluggy host: finds packs, loads each inside its own guard, and reports.

pluggy does not isolate failures, so the host never calls ``pm.hook.X()`` across all
plugins at load time. It loads each entry point, and calls each pack's hooks, one at a
time inside a ``try``. A pack that fails to import, raises, returns the wrong type,
holds invalid content, or clashes with another pack is recorded in the load report with
a one-line reason, and everything else loads.

"Fails" means anything at all: a ``BaseException`` (``KeyboardInterrupt`` or
``SystemExit`` raised by a pack) is contained like any other error. A pack whose import
or content hooks take longer than :data:`HOOK_SECONDS` is reported as too slow and left
out: its work runs in a thread the host waits on for that long. Python cannot stop a
thread, so a hung hook's thread is left behind as a daemon (it ends with the process);
whatever it returns later is ignored, and it shares nothing with the packs that loaded.
"""

from __future__ import annotations

import os
import threading
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
from limber.core.text import MAX_MESSAGE, untrusted_line

CORE = "core"
CORE_DISTRIBUTION = "limber"
MINE = "mine"
"""Reserved pack names: ``core`` comes only from the ``limber`` distribution, and
``mine`` (the runner's own routines) never from an entry point."""

HOOK_SECONDS = 5.0
"""How long one pack's import, or its content hooks, may take before it is reported
as too slow and left out (``LIMBER_HOOK_SECONDS`` changes it, for tests)."""


def hook_seconds(environ: Mapping[str, str] = os.environ) -> float:
    try:
        value = float(environ.get("LIMBER_HOOK_SECONDS", HOOK_SECONDS))
    except ValueError:
        return HOOK_SECONDS
    return value if value > 0 else HOOK_SECONDS


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

    def __init__(self, cache: TomlCache | None = None, *, seconds: float | None = None) -> None:
        self.cache = cache
        self.seconds = hook_seconds() if seconds is None else seconds
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
            if impostor := _impostor(ep):
                self.report.packs.append(record)
                record.fail(impostor)
                continue
            if only is not None and ep.name != CORE and ep.name not in only:
                record.status = "off"
                record.error = "not named in LIMBER_PACKS"
                self.report.packs.append(record)
                continue
            done, plugin, exc = _timed(ep.load, self.seconds)
            if not done or exc is not None:
                self.report.packs.append(record)
                why = _too_slow(self.seconds) if not done else _one_line(exc)
                record.fail(f"could not be imported ({untrusted_line(ep.value)}): {why}")
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
        except BaseException as exc:
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
        """Read one pack's content in a thread, waiting at most :attr:`seconds`; every
        failure, of any kind, lands in its record."""
        record = entry.record
        scratch = PackRecord(name=record.name)
        done, content, exc = _timed(lambda: self._read_pack(entry.plugin, scratch), self.seconds)
        if not done:
            record.fail(f"its content hooks {_too_slow(self.seconds)}")
            return None
        if exc is not None:
            record.fail(f"it failed while its content was read: {_one_line(exc)}")
            return None
        for error in scratch.errors:
            record.fail(error)
        record.content_dir = scratch.content_dir
        record.skipped = scratch.skipped
        if record.status == "failed":
            return None
        record.info = scratch.info
        if scratch.info and scratch.info.version:
            record.version = untrusted_line(scratch.info.version, 40)
        return content if isinstance(content, PackContent) else None

    def _read_pack(self, plugin: object, record: PackRecord) -> PackContent | None:
        impls = self._impls("limber_content_dir", record.name)
        if not impls:
            record.fail("it has no limber_content_dir hook, so Limber cannot find its pack.toml")
            return None
        try:
            root = impls[0]()
        except BaseException as exc:
            record.fail(f"its limber_content_dir hook raised {_one_line(exc)}")
            return None
        if isinstance(root, str):
            root = Path(root)
        try:
            is_folder = isinstance(root, Traversable) and root.is_dir()
        except BaseException as exc:
            record.fail(f"its content folder could not be inspected: {_one_line(exc)}")
            return None
        if not is_folder:
            record.fail(
                f"its limber_content_dir hook returned {_describe(root)}, not an existing folder"
            )
            return None
        record.content_dir = untrusted_line(root, 4 * MAX_MESSAGE)
        content = read_pack_dir(root, self.cache)
        for build in self._impls("limber_build", record.name):
            builder = PackBuilder()
            try:
                build(pack=builder)
            except BaseException as exc:
                record.fail(f"its limber_build hook raised {_one_line(exc)}")
                return None
            for folder, data, label in builder.items:
                content.add(folder, data, file=f"<code: {untrusted_line(label, 80)}>")
        if record.name == MINE:
            # The runner's own files: a bad one is skipped and named, the rest load.
            record.skipped = [e.located() for e in content.errors]
            content.errors = []
            record.skipped += getattr(plugin, "problems", [])
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
        record.info = content.info
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
            broken = {
                name: problems
                for name, items in qualified.items()
                if (problems := _dangling(items, known, loaded[name]))
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
                except BaseException as exc:  # SystemExit and KeyboardInterrupt too
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


def _core_first(ep: EntryPoint) -> tuple[bool, str]:
    return (ep.name != CORE, ep.name)


def _one_line(exc: BaseException | None) -> str:
    try:
        text = str(exc)
    except BaseException:  # an exception whose __str__ itself fails
        text = ""
    return untrusted_line(f"{type(exc).__name__}: {text or 'no message'}")


def _impostor(ep: EntryPoint) -> str:
    """Why an entry point may not use its name (a reserved one), or ``""``."""
    if ep.name == CORE and _normalise(ep.distribution) != CORE_DISTRIBUTION:
        return (
            f"the name 'core' belongs to Limber, but the distribution "
            f"'{ep.distribution}' registers it; it was refused"
        )
    if ep.name == MINE:
        return (
            f"the name 'mine' belongs to your own routines, but the distribution "
            f"'{ep.distribution}' registers it; it was refused"
        )
    return ""


def _normalise(name: str) -> str:
    return name.replace("_", "-").replace(".", "-").lower()


def _too_slow(seconds: float) -> str:
    return f"took longer than {seconds:g} s, so Limber went on without it"


def _timed(work: Callable[[], Any], seconds: float) -> tuple[bool, Any, BaseException | None]:
    """Run ``work`` in a daemon thread for at most ``seconds``:
    ``(finished, result, exception)``. A thread still running is left behind."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((work(), None))
        except BaseException as exc:
            outcome.append((None, exc))

    thread = threading.Thread(target=target, name="limber-pack", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        return False, None, None
    result, exc = outcome[0]
    return True, result, exc


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
    from limber.core.packs.userpack import UserRoutines

    host.register(UserRoutines(paths.routines_dir), MINE)
    for name, plugin in extra:
        host.register(plugin, name)
    catalogue, report = host.collect()
    return catalogue, report, host


__all__ = ["CORE", "LimberError", "LoadReport", "PackHost", "PackRecord", "load_catalogue"]
