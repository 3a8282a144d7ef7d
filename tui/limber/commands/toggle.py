"""``limber packs disable NAME`` / ``enable NAME``: turn one installed pack off or on.

The choice lives in ``disabled_packs`` in ``config.toml``, so it holds for the app and
every command until it is turned back; ``LIMBER_PACKS`` still narrows what loads.
"""

from __future__ import annotations

import argparse

from limber.core.errors import LimberError
from limber.core.packs.discovery import entry_points
from limber.core.packs.hookspecs import PROJECT
from limber.core.packs.host import CORE
from limber.core.paths import Paths
from limber.core.settings import set_pack_disabled


def run(args: argparse.Namespace) -> int:
    """Turn ``args.name`` off (``disable``) or on (``enable``)."""
    name: str = args.name
    disable = args.packs_command == "disable"
    if name == CORE and disable:
        raise LimberError("The core catalogue cannot be turned off; it is Limber's own.")
    installed = sorted(ep.name for ep in entry_points(PROJECT))
    paths = Paths.from_env()
    if disable and name not in installed:
        raise LimberError(
            f"No installed pack is called '{name}'; installed: {', '.join(installed)}."
        )
    changed = set_pack_disabled(paths.config_file, name, disable)
    state = "off" if disable else "on"
    if changed:
        print(f"Pack '{name}' is now {state} (disabled_packs in {paths.config_file}).")
    else:
        print(f"Pack '{name}' was already {state}.")
    return 0
