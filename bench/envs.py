"""The bench's own virtual environments under ``bench/.cache/`` (git-ignored), built once.

* ``core``: limber installed from a wheel of this checkout, and nothing else (the core
  catalogue only). The minimal Textual app runs in it too, with the same Python.
* ``packs``: the same limber wheel plus 50 generated packs of 200 stretches each, every
  one built as a real wheel and pip-installed, so they are found as installed
  distributions (entry points), exactly as a coach's pack is.

The limber wheel is rebuilt when the hash of its sources changes; the pack wheels are
cached by the generator's parameters and template. Uses pip only (and hatchling through
pip for limber's own wheel); the pack wheels are zipped with the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import gen

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
PACKS, STRETCHES = 50, 200


@dataclass(frozen=True)
class Venv:
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    @property
    def limber(self) -> Path:
        return self.root / "bin" / "limber"


def _run(argv: list[str]) -> None:
    """A setup step, quiet unless it fails."""
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench setup failed: {' '.join(argv[:4])} …")


def _log(text: str) -> None:
    print(f"  setup: {text}", flush=True)


def source_hash() -> str:
    """Of every file that goes into limber's wheel."""
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for folder in ("tui/limber", "content"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def limber_wheel() -> Path:
    folder = CACHE / "wheels" / f"limber-{source_hash()}"
    found = sorted(folder.glob("limber_stretch-*.whl"))
    if found:
        return found[0]
    _log("building limber's wheel from this checkout")
    shutil.rmtree(CACHE / "wheels", ignore_errors=True)  # older builds
    folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        # A copy, so the build never writes into the checkout (build/, egg-info).
        src = Path(tmp) / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "bench", "*.pyc"))
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "-w",
                str(folder),
                str(src),
            ]
        )
    return sorted(folder.glob("limber_stretch-*.whl"))[0]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


INIT_PY = '''"""Generated Limber pack for the benchmark."""

from pathlib import Path

from limber import hookimpl


@hookimpl
def limber_content_dir() -> Path:
    return Path(__file__).parent / "content"
'''


def _pack_wheel(name: str, content: Path, out: Path) -> Path:
    """A wheel of one data pack, laid out as `limber pack new` makes one (PEP 427)."""
    dist, module = f"limber_bench_{name}", f"limber_bench_{name}"
    files: dict[str, bytes] = {f"{module}/__init__.py": INIT_PY.encode()}
    for path in sorted(content.rglob("*")):
        if path.is_file():
            files[f"{module}/content/{path.relative_to(content).as_posix()}"] = path.read_bytes()
    info = f"{dist}-1.0.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: limber-bench-{name}\nVersion: 1.0\n"
        "Summary: Generated pack for Limber's benchmark\nRequires-Dist: limber-stretch\n\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: limber-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/entry_points.txt"] = f"[limber]\n{name} = {module}\n".encode()
    record = [_record_line(n, d) for n, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out / f"{dist}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, d in files.items():
            archive.writestr(n, d)
    return wheel


def pack_wheels() -> list[Path]:
    key = hashlib.sha256(
        f"{PACKS}x{STRETCHES}".encode() + Path(gen.__file__).read_bytes() + INIT_PY.encode()
    ).hexdigest()[:12]
    folder = CACHE / f"packs-{PACKS}x{STRETCHES}-{key}"
    if not (folder / "done").exists():
        _log(f"generating {PACKS} packs × {STRETCHES} stretches as wheels")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with tempfile.TemporaryDirectory() as tmp:
            for name, root in gen.write_packs(Path(tmp), PACKS, STRETCHES):
                _pack_wheel(name, root, folder)
        (folder / "done").touch()
    return sorted(folder.glob("*.whl"))


def _venv(name: str, wheels: list[Path]) -> Venv:
    venv = Venv(CACHE / f"venv-{name}")
    stamp = venv.root / ".bench-installed"
    want = "\n".join(str(w.relative_to(CACHE)) for w in wheels)  # the folder names the source
    if stamp.exists() and stamp.read_text() == want:
        return venv
    _log(f"creating {venv.root.relative_to(ROOT)} ({len(wheels)} wheels)")
    shutil.rmtree(venv.root, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(venv.root)])
    pip = [str(venv.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, *map(str, wheels)])
    stamp.write_text(want)
    return venv


def prepare() -> tuple[Venv, Venv]:
    """The core-only and the 50-pack environments, (re)built if anything changed."""
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    wheel = limber_wheel()
    return _venv("core", [wheel]), _venv("packs", [wheel, *pack_wheels()])
