"""The installer ``limber install`` and ``limber uninstall`` run for Limber's own environment.

- Under pipx (its ``pipx_metadata.json`` beside Limber's Python) with ``pipx`` on PATH:
  ``pipx inject`` / ``pipx uninject``, so pipx knows the pack (``pipx reinstall`` keeps it)
  and it works with pipx's uv backend, whose environments have no pip.
- Else the environment's own pip (``sys.executable -m pip``).
- Else ``uv pip --python sys.executable`` (``uv tool`` makes environments without pip).

Fetching a name from the index to read it first needs ``pip wheel``: the environment's
pip, or pip run beside it by uv or by pipx.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from limber.core.errors import LimberError

PIPX_METADATA = "pipx_metadata.json"
"""The file pipx writes into each environment it makes."""


def pipx_venv() -> Path | None:
    """The pipx environment Limber runs in, or ``None`` outside pipx."""
    prefix = Path(sys.prefix)
    return prefix if (prefix / PIPX_METADATA).is_file() else None


def _command(action: str, what: str) -> tuple[str, list[str]]:
    """The tool's name and the command line (before its arguments) for ``action``."""
    pipx = shutil.which("pipx")
    venv = pipx_venv()
    if venv is not None and pipx and action in ("install", "uninstall"):
        # pipx finds the environment by its folder's name under PIPX_HOME/venvs.
        # No --force: it becomes --force-reinstall, which fetches Limber itself again.
        return "pipx", [pipx, "inject" if action == "install" else "uninject", venv.name]
    if importlib.util.find_spec("pip") is not None:
        command = [sys.executable, "-m", "pip", action, "--disable-pip-version-check"]
        return "pip", command + (["--yes"] if action == "uninstall" else [])
    if uv := shutil.which("uv"):
        if action == "wheel":  # uv pip has no wheel: pip itself, run by uv beside us
            command = [uv, "tool", "run", "--python", sys.executable, "--from", "pip", "pip"]
            return "uv", [*command, action, "--disable-pip-version-check"]
        return "uv", [uv, "pip", action, "--python", sys.executable]
    if pipx and action == "wheel":
        return "pipx", [pipx, "run", "--spec", "pip", "pip", action]
    raise LimberError(
        f"The environment Limber runs in ({sys.prefix}) has no pip, and neither uv nor "
        f"pipx is on PATH, so Limber cannot {what}; install uv, or pip into that environment."
    )


def installer_run(action: str, args: list[str], what: str) -> str:
    """Run pip's ``action`` for this environment; its output, or one sentence if it failed.

    pip, uv and pipx speak for themselves on failure: their output is passed on before it.
    """
    tool, command = _command(action, what)
    env = None
    venv = pipx_venv()
    if tool == "pipx" and venv is not None:
        # The pipx home that made this environment, whatever PIPX_HOME says now.
        env = {**os.environ, "PIPX_HOME": str(venv.parent.parent)}
    done = subprocess.run([*command, *args], capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise LimberError(f"{tool} could not {what}; its own words are above.")
    output = done.stdout + done.stderr
    if tool == "pipx" and venv is not None and _pipx_kept_it(output):
        raise LimberError(
            f"Nothing installed: pipx already has that distribution in {venv.name}; "
            "`limber uninstall` it first to install another version."
        )
    return output


PIPX_KEPT = "Not modifying existing installation"
"""What pipx says, exiting 0, when it injects nothing because the distribution is already
in the environment (1.18.4 and 1.18.16 alike; the words before it changed between them)."""


def _pipx_kept_it(output: str) -> bool:
    """True if pipx left the environment as it was (it wraps its words to the terminal)."""
    return PIPX_KEPT in " ".join(output.split())
