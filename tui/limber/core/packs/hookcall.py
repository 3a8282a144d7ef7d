"""Calling a pack's hooks: one table of every hook, one guard, one wording.

Every hook a pack may implement is a row of :data:`HOOKS`: its name, since which API
version it exists, when Limber calls it, what it returns, and how its failure reads.
Each call goes through :func:`call`: whatever the hook raises (``BaseException`` too)
becomes :class:`HookFailed`, carrying the sentence for the pack's record. The time
limit is :func:`~limber.core.packs.guard.timed_each`'s: the host waits on a pack's load
hooks together (see ``PackHost``), and :func:`fire` on each event hook call.

Adding a hook: its spec in ``hookspecs.py``, one row here, its call site, and its entry
in CONTRIBUTING's hook reference (``tests/unit/house/test_hooks_documented.py`` checks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import pluggy

from limber.core.events import HookProblem, PackNotice, SessionEvent
from limber.core.packs.guard import describe, one_line, timed_each, too_slow
from limber.core.packs.hookspecs import PackBuilder
from limber.core.text import MAX_MESSAGE, clean_line, untrusted_line

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from limber.core.packs.content import PackContent
    from limber.core.packs.report import PackRecord


class Hook(msgspec.Struct, frozen=True):
    """One hook of the plugin API, as the host calls it."""

    name: str
    since: str
    """The API version that added it (``limber.API_VERSION`` at the time)."""
    when: Literal["load", "session"]
    """``load``: once, as the pack's content is read; ``session``: at each event."""
    returns: str
    """What it returns, as CONTRIBUTING's hook reference writes it."""
    raised: str = "its {hook} hook raised {error}"
    """The sentence when it raises; ``{pack}``, ``{hook}``, ``{error}`` and (for an
    event) ``{kind}`` are filled in."""
    slow: str = "its content hooks {slow}"
    """The sentence when it runs past the time limit (load hooks share one)."""


HOOKS: dict[str, Hook] = {
    hook.name: hook
    for hook in (
        Hook("limber_content_dir", "1.0", "load", "Path"),
        Hook("limber_build", "1.0", "load", "None"),
        Hook(
            "limber_session_event",
            "1.0",
            "session",
            "str | None",
            raised="Pack '{pack}' failed on {kind}: {error}",
            slow="Pack '{pack}' on {kind}: {slow}",
        ),
        Hook("limber_notice", "1.2", "load", "str | None"),
    )
}
"""Every hook, in the order a pack meets them."""

NOTICE_CHARACTERS = 200
"""A pack's sentence for the runner is cut to this many characters."""


class HookFailed(Exception):
    """A pack's hook failed; ``str()`` is the one sentence for its record."""


def sentence(hook: str, wording: Literal["raised", "slow"], **words: object) -> str:
    """The table's sentence for ``hook`` failing that way, with ``words`` filled in."""
    template: str = getattr(HOOKS[hook], wording)
    return template.format(hook=hook, **words)


def impls(pm: pluggy.PluginManager, hook: str, pack: str) -> list[Callable[..., Any]]:
    """The implementations of ``hook`` that ``pack`` registered (usually one, or none)."""
    caller = getattr(pm.hook, HOOKS[hook].name)
    return [impl.function for impl in caller.get_hookimpls() if impl.plugin_name == pack]


def call(hook: str, impl: Callable[..., Any], pack: str, /, **kwargs: Any) -> Any:
    """``impl(**kwargs)``, the hook ``hook`` of ``pack``, inside the guard: its result,
    or :class:`HookFailed` with the table's sentence."""
    try:
        return impl(**kwargs)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too
        kind = getattr(kwargs.get("event"), "kind", "")
        why = sentence(hook, "raised", pack=pack, kind=kind, error=one_line(exc))
        raise HookFailed(why) from None


def join(pm: pluggy.PluginManager, plugin: object, pack: str) -> None:
    """Register ``plugin`` as ``pack``: :class:`HookFailed` if its hooks do not fit the
    specs in :mod:`~limber.core.packs.hookspecs` (and then it is not registered)."""
    try:
        pm.register(plugin, name=pack)
    except BaseException as exc:
        raise HookFailed(f"its hooks do not match the Limber plugin API: {one_line(exc)}") from None
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=pack)
        raise HookFailed(f"it implements a hook Limber does not know: {one_line(exc)}") from None


def said(pack: str, value: object) -> str | None:
    """A sentence a hook returned for the runner, cleaned and naming the pack."""
    if isinstance(value, str) and value.strip():
        return f"Pack '{pack}': {clean_line(value)[:NOTICE_CHARACTERS]}"
    return None


def content_dir(pm: pluggy.PluginManager, record: PackRecord) -> Path | Traversable:
    """The pack's content folder from its ``limber_content_dir``, checked to be one."""
    found = impls(pm, "limber_content_dir", record.name)
    if not found:
        raise HookFailed("it has no limber_content_dir hook, so Limber cannot find its pack.toml")
    returned = call("limber_content_dir", found[0], record.name)
    root: Path | Traversable = Path(returned) if isinstance(returned, str) else returned
    try:
        is_folder = _is_folder(root)
    except BaseException as exc:
        raise HookFailed(f"its content folder could not be inspected: {one_line(exc)}") from None
    if not is_folder:
        raise HookFailed(
            f"its limber_content_dir hook returned {describe(root)}, not an existing folder"
        )
    record.content_dir = untrusted_line(root, 4 * MAX_MESSAGE)
    return root


def code_hooks(pm: pluggy.PluginManager, record: PackRecord, content: PackContent) -> None:
    """The pack's ``limber_build`` (its items join ``content``), then its
    ``limber_notice`` (kept as the record's ``notice``)."""
    for build in impls(pm, "limber_build", record.name):
        builder = PackBuilder()
        call("limber_build", build, record.name, pack=builder)
        for folder, data, label in builder.items:
            content.add(folder, data, file=f"<code: {untrusted_line(label, 80)}>")
    for notice in impls(pm, "limber_notice", record.name):
        if sentence_ := said(record.name, call("limber_notice", notice, record.name)):
            record.notice = sentence_


def fire(
    calls: Sequence[tuple[str, Callable[..., Any]]],
    event: SessionEvent,
    seconds: float,
    stuck: set[str],
) -> list[HookProblem | PackNotice]:
    """Call each ``(pack, hook)`` with ``event``: one failure or notice per pack that
    failed or said something.

    The calls run one after another in a worker thread, each for at most ``seconds``
    (:func:`timed_each`, as the import and content hooks do). A pack whose hook is still
    running then is reported as too slow and added to ``stuck``, so the caller leaves it
    out from then on; Python cannot stop its thread, and what it returns is ignored.
    """
    hook = "limber_session_event"
    works = [partial(call, hook, impl, name, event=event) for name, impl in calls]
    outcomes = timed_each(works, seconds)
    found: list[HookProblem | PackNotice] = []
    for (name, _), (finished, value, exc) in zip(calls, outcomes, strict=False):
        if not finished:
            stuck.add(name)
            slow = sentence(hook, "slow", pack=name, kind=event.kind, slow=too_slow(seconds))
            found.append(HookProblem(name, slow))
        elif exc is not None:  # a HookFailed, worded by call()
            found.append(HookProblem(name, str(exc)))
        elif notice := said(name, value):
            found.append(PackNotice(name, notice))
    return found


def _is_folder(root: object) -> bool:
    """``root`` is a folder (a Path, or a Traversable such as a zipped pack's)."""
    if isinstance(root, Path):  # the usual case, answered without importlib.resources
        return root.is_dir()
    from importlib.resources.abc import Traversable  # a zipped pack's root only

    return isinstance(root, Traversable) and root.is_dir()
