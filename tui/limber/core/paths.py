"""Every location Limber reads or writes, in one place, resolved lazily.

``LIMBER_HOME=DIR`` puts config, user routines and history all under DIR (tests and
portable installs use it). Otherwise the platform's usual folders, via platformdirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


class Paths(msgspec.Struct, frozen=True, dict=True):
    """Where this user's files live. Nothing is created until it is written."""

    home: Path | None = None

    @cached_property
    def config_dir(self) -> Path:
        if self.home is not None:
            return self.home
        import platformdirs  # not loaded when LIMBER_HOME names the folder

        return Path(platformdirs.user_config_dir("limber", appauthor=False))

    @cached_property
    def data_dir(self) -> Path:
        if self.home is not None:
            return self.home
        import platformdirs  # not loaded when LIMBER_HOME names the folder

        return Path(platformdirs.user_data_dir("limber", appauthor=False))

    @cached_property
    def cache_dir(self) -> Path:
        """Parsed-TOML caches, ``list --json``'s plans and kept output, and the app's
        parsed stylesheet: safe to delete at any time."""
        if self.home is not None:
            return self.home / "cache"
        import platformdirs  # not loaded when LIMBER_HOME names the folder

        return Path(platformdirs.user_cache_dir("limber", appauthor=False)) / "packs"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def routines_dir(self) -> Path:
        return self.config_dir / "routines"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "state.toml"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Paths:
        home = environ.get("LIMBER_HOME")
        return cls(Path(home).expanduser() if home else None)


def core_content_dir() -> Path | Traversable:
    """The core catalogue: inside the wheel, or ``content/`` of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    beside = package / "content"  # what files("limber") / "content" is
    if beside.is_dir():  # for a package on disk: found without importlib.resources (~6 ms)
        return beside
    checkout = package.parent.parent  # tui/limber in a source checkout
    if package == checkout / "tui" / "limber" and (checkout / "content").is_dir():
        return checkout / "content"
    from importlib.resources import files  # only for a package not on disk (~6 ms)

    packaged = files("limber") / "content"
    if packaged.is_dir():
        return packaged
    return checkout / "content"
