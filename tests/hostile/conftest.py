"""Hostile packs, installed the way pip leaves them (a module and a ``*.dist-info`` with
its ``entry_points.txt`` and ``METADATA``), all into one site folder built once per
session: every command then meets all of them at once, beside one good pack."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

GOOD_PACK_TOML = 'name = "good"\ntitle = "Good pack"\ndescription = "Works."\nauthor = "A"\n'
STRETCH = """\
id = "{id}"
name = "{name}"
summary = "Stretches the lower back."
kind = "hold"
position = "lying-on-back"
targets = ["lower-back"]
sides = "none"
setup = "Lie on your back."
steps = ["Hug your knees."]
{extra}
[dose]
seconds = 2
{dose_extra}
"""
ROUTINE = """\
id = "{id}"
name = "{name}"
description = "A routine."

[[steps]]
stretch = "{stretch}"
"""
DATA_HOOK = """\
from pathlib import Path
from limber import hookimpl

@hookimpl
def limber_content_dir():
    return Path(__file__).parent / "content"
"""

# What no output may contain: C0 controls but newline and tab, DEL, C1 controls.
ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def content(root: Path, name: str, files: dict[str, str]) -> None:
    (root / "content").mkdir(parents=True)
    (root / "content" / "pack.toml").write_text(
        files.pop(
            "pack.toml",
            f'name = "{name}"\ntitle = "Pack {name}"\ndescription = "x"\nauthor = "A"\n',
        )
    )
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def stretch(sid: str, name: str = "Knee hug", extra: str = "", dose_extra: str = "") -> str:
    return STRETCH.format(id=sid, name=name, extra=extra, dose_extra=dose_extra)


POSE = (
    "head = [16, 8]\nneck = [26, 7]\nback = [43, 7]\nhip = [60, 8]\n"
    "left_elbow = [38, 20]\nleft_hand = [48, 31]\nright_elbow = [39, 19]\n"
    "right_hand = [49, 30]\nleft_knee = [45, 30]\nleft_ankle = [68, 27]\n"
    "left_toe = [75, 26]\nright_knee = [46, 29]\nright_ankle = [69, 26]\n"
    "right_toe = [76, 25]\n"
)
"""A keyframe of knees hugged to the chest, valid as it is."""


def figure(alt: str = "Lying on your back, knees in", pose: str = POSE) -> str:
    """A ``[figure]`` table with one keyframe, to end a stretch's file."""
    return f'[figure]\nalt = "{alt}"\nworking = ["trunk"]\n\n[[figure.keyframes]]\n{pose}'


def figure_files() -> dict[str, str]:
    """The ``figures`` pack: one stretch with a good figure, and one per hostile figure."""
    deep = "[" * 100 + "1, 2" + "]" * 100
    hostile = {
        "nan": figure(pose=POSE.replace("hip = [60, 8]", "hip = [nan, 8]")),
        "huge": figure(pose=POSE.replace("head = [16, 8]", "head = [1e308, 8]")),
        "deep": figure(pose=POSE.replace("head = [16, 8]", f"head = {deep}")),
        "alt": figure(alt="[bold red]Lying[/] \\u001b[31mdown\\u0007 [@click=app.quit]x[/]"),
    }
    files = {"stretches/fine.toml": stretch("fine", "Fine figure") + figure()}
    for sid, table in hostile.items():
        files[f"stretches/{sid}.toml"] = stretch(sid, f"Figure {sid}") + table
    return files


FRAMES_HOOK = (
    DATA_HOOK
    + """
import tomllib

@hookimpl
def limber_build(pack):
    text = (Path(__file__).parent / "content" / "stretches" / "fine.toml").read_text()
    data = tomllib.loads(text)
    data["id"], data["name"] = "frames", "Figure frames"
    data["figure"]["keyframes"] = data["figure"]["keyframes"] * 10_000
    pack.add_stretch(data)
"""
)


def hook_packs() -> dict[str, tuple[str, str, dict[str, str] | None]]:
    """Entry-point name → (distribution, module source, content files or None)."""
    deep = "[" * 3000 + "]" * 3000
    return {
        "figures": ("limber-figures", FRAMES_HOOK, figure_files()),
        "good": (
            "limber-good",
            DATA_HOOK,
            {
                "pack.toml": GOOD_PACK_TOML,
                "stretches/hug.toml": stretch("hug"),
                "routines/quick.toml": ROUTINE.format(id="quick", name="Quick", stretch="hug"),
            },
        ),
        "deep": (
            "limber-deep",
            DATA_HOOK,
            {"stretches/hug.toml": stretch("hug", extra=f"aliases = {deep}")},
        ),
        "interrupt": ("limber-interrupt", "raise KeyboardInterrupt\n", None),
        "exits": (
            "limber-exits",
            DATA_HOOK + "\n@hookimpl\ndef limber_session_event(event):\n    raise SystemExit(3)\n",
            {"stretches/hug.toml": stretch("hug")},
        ),
        "brokenfolder": (
            "limber-brokenfolder",
            """\
from importlib.resources.abc import Traversable
from limber import hookimpl

class Broken(Traversable):
    def iterdir(self): raise OSError("no")
    def read_bytes(self): raise OSError("no")
    def read_text(self, encoding=None): raise OSError("no")
    def is_dir(self): raise OSError("the disk went away")
    def is_file(self): raise OSError("no")
    def joinpath(self, *child): return self
    def __truediv__(self, child): return self
    def open(self, mode="r", *a, **k): raise OSError("no")
    @property
    def name(self): return "broken"

@hookimpl
def limber_content_dir():
    return Broken()
""",
            None,
        ),
        "twins": (
            "limber-twins",
            DATA_HOOK,
            {
                "stretches/same.toml": stretch("same", name="Twin stretch"),
                "routines/same.toml": ROUTINE.format(
                    id="same", name="Twin routine", stretch="same"
                ),
            },
        ),
        "core": ("evil-core", DATA_HOOK, {"pack.toml": 'name = "core"\ntitle = "Fake"\n'}),
        "mine": ("evil-mine", DATA_HOOK, {"pack.toml": 'name = "mine"\ntitle = "Fake"\n'}),
        "hugeid": (
            "limber-hugeid",
            DATA_HOOK
            + "\n@hookimpl\ndef limber_build(pack):\n"
            + "    pack.add_stretch({'id': 'x' * 10_000_000, 'name': 'Huge'})\n",
            {},
        ),
        "escapes": (
            "limber-escapes",
            DATA_HOOK
            + "\n@hookimpl\ndef limber_session_event(event):\n"
            + "    raise RuntimeError('\\x1b]0;pwned\\x07 hook \\x9b2J')\n",
            {
                "pack.toml": 'name = "escapes"\ntitle = "Esc\\u001b[31mapes"\n'
                'version = "1.0\\u001b]0;title\\u0007"\ndescription = "x"\nauthor = "A"\n',
                "stretches/hug.toml": stretch(
                    "hug", name="Hug \\u009b2J", dose_extra='note = "\\u001b[2Jgently\\u009b31m"'
                ),
            },
        ),
        "raiser": (
            "limber-raiser",
            "raise RuntimeError('\\x1b]0;retitled\\x07 failed ' + 'y' * 100000)\n",
            None,
        ),
        "evil\x1b]0;t\x07name": ("limber-evilname", "raise ImportError('x')\n", None),
        "slow": (
            "limber-slow",
            "import time\nfrom pathlib import Path\nfrom limber import hookimpl\n\n"
            "@hookimpl\ndef limber_content_dir():\n    time.sleep(20)\n"
            "    return Path(__file__).parent / 'content'\n",
            {},
        ),
    }


def install(site: Path, name: str, dist: str, source: str, files: dict[str, str] | None) -> None:
    module = "hostile_" + re.sub(r"\W", "_", dist)
    package = site / module
    package.mkdir()
    (package / "__init__.py").write_text(source)
    if files is not None:
        content(package, name, dict(files))
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[limber]\n{name} = {module}\n")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hostile-site")
    for name, (dist, source, files) in hook_packs().items():
        install(site, name, dist, source, files)
    return site


@dataclass
class Run:
    code: int
    out: str
    err: str

    def clean(self) -> bool:
        return not ESCAPE.search(self.out) and not ESCAPE.search(self.err)


@pytest.fixture
def limber_run(hostile_site: Path, limber_home: Path):
    def run(*args: str, packs: str | None = None, timeout: float = 60, **env: str) -> Run:
        full = {
            **os.environ,
            "PYTHONPATH": str(hostile_site),
            "LIMBER_HOME": str(limber_home),
            "LIMBER_HOOK_SECONDS": "2",
            **env,
        }
        full.pop("LIMBER_PACKS", None)
        if packs is not None:
            full["LIMBER_PACKS"] = packs
        done = subprocess.run(
            [sys.executable, "-m", "limber", *args],
            capture_output=True,
            env=full,
            timeout=timeout,
        )
        return Run(
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    return run


def files_of(home: Path) -> dict[str, bytes]:
    """Every user file under ``home`` (not the cache), to compare before and after."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.is_symlink() and "cache" not in p.parts
    }
