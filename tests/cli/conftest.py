"""Run the real ``limber`` command in a subprocess, with packs "installed" on a path.

A pack is installed the way pip leaves it: a module plus a ``*.dist-info`` folder whose
``entry_points.txt`` names it under the ``limber`` group. No pip run needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Limber:
    site: Path
    home: Path

    def __call__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        timeout: float = 60,
        module: bool = True,
    ):
        full_env = {
            **os.environ,
            "PYTHONPATH": str(self.site),
            "LIMBER_HOME": str(self.home),
            "NO_COLOR": "1",
            **(env or {}),
        }
        full_env.pop("LIMBER_PACKS", None) if "LIMBER_PACKS" not in (env or {}) else None
        return subprocess.run(
            [sys.executable, *(["-m", "limber"] if module else []), *args],
            stdin=subprocess.DEVNULL,  # never the terminal pytest runs in: nobody answers
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )

    def python(
        self, *lines: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run Python lines in this environment (``limber``'s own code, as a fresh
        process of an installed Limber runs it)."""
        return self("-c", "\n".join(lines), env=env, module=False)

    def install(self, name: str, module_source: str, content: Path | None = None) -> None:
        module = f"limber_test_{name.replace('-', '_')}"
        package = self.site / module
        package.mkdir()
        (package / "__init__.py").write_text(module_source)
        if content is not None:
            (package / "content").symlink_to(content, target_is_directory=True)
        info = self.site / f"{module}-1.2.3.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.2.3\n")
        (info / "entry_points.txt").write_text(f"[limber]\n{name} = {module}\n")


DATA_PACK = """\
from pathlib import Path
from limber import hookimpl

@hookimpl
def limber_content_dir():
    return Path(__file__).parent / "content"
"""


@pytest.fixture
def limber(tmp_path: Path, limber_home: Path) -> Limber:
    site = tmp_path / "site"
    site.mkdir()
    return Limber(site=site, home=limber_home)


@pytest.fixture
def data_pack_source() -> str:
    return DATA_PACK


InstallFn = Callable[[str, str, Path | None], None]
