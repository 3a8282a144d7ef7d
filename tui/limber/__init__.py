"""Limber: guided lower-back stretching routines for runners, in the terminal.

This module is Limber's public plugin API, the only one a pack may rely on (with
:mod:`limber.testing` for a pack's own tests). Nothing under ``limber.core`` is public.

- :data:`hookimpl` marks a pack's hook implementations.
- :class:`PackBuilder` is what ``limber_build`` receives.
- :class:`SessionEvent` is what ``limber_session_event`` receives.
- :data:`API_VERSION` is the version of this API (not of Limber itself), and
  :data:`API_VERSION_INFO` the same as a tuple to compare.

The names are looked up on first use (PEP 562), so ``import limber`` imports nothing:
no pluggy, no msgspec, not even ``typing``. ``limber --version`` and everything that
does not load packs stay light.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from limber._version import DISTRIBUTION as DISTRIBUTION  # Limber's own, re-exported
    from limber._version import __version__
    from limber.core.events import SessionEvent
    from limber.core.packs.hookspecs import PackBuilder, hookimpl

API_VERSION_INFO = (1, 3)
"""The plugin API's version as ``(major, minor)``, to compare: ``API_VERSION_INFO >=
(1, 1)`` (the string would put "1.10" before "1.9"). Since API 1.3."""

API_VERSION = f"{API_VERSION_INFO[0]}.{API_VERSION_INFO[1]}"
"""The plugin API's version, ``major.minor``. A minor version adds names, hooks or
arguments; only a major version removes or changes one. See CONTRIBUTING.md."""

_LAZY = {
    "__version__": "limber._version",
    "DISTRIBUTION": "limber._version",
    "hookimpl": "limber.core.packs.hookspecs",
    "PackBuilder": "limber.core.packs.hookspecs",
    "SessionEvent": "limber.core.events",
}
"""Public name → the internal module that defines it. (``DISTRIBUTION`` is Limber's own,
not part of the plugin API; the version and it are written once, in ``limber._version``.)"""

__all__ = [
    "API_VERSION",
    "API_VERSION_INFO",
    "PackBuilder",
    "SessionEvent",
    "__version__",
    "hookimpl",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'limber' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
