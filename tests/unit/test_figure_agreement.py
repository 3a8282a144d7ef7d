"""Figures: the schema (in Taplo and check-jsonschema), the loader and ``limber pack
check`` give the same verdict on 10 valid and 10 broken figures.

What only the loader can judge (a limb longer than a person's, a leg through the trunk)
is listed apart: the schema lets it pass, the loader and ``pack check`` refuse it.
"""

from __future__ import annotations

import copy
import math
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from tests.unit.test_schema_agreement import REPO, check_jsonschema_failures, taplo_accepts
from tests.unit.test_schema_agreement import write_corpus as _write_corpus

from limber.core.packs.content import PackContent

PACK_TOML = 'name = "figs"\ntitle = "Figures"\ndescription = "Figures."\nauthor = "A. Physio"\n'


def _core(stretch: str) -> dict:
    return tomllib.loads((REPO / "content" / "stretches" / f"{stretch}.toml").read_text())


def _with(base: str, change) -> dict:
    data = copy.deepcopy(_core(base))
    change(data["figure"])
    return data


def _set(key, value):
    def change(figure):
        figure[key] = value

    return change


def _joint(joint, value, frame=0):
    def change(figure):
        figure["keyframes"][frame][joint] = value

    return change


def _frames(count):
    def change(figure):
        figure["keyframes"] = [figure["keyframes"][0]] * count

    return change


def _drop(key):
    def change(figure):
        del figure[key]

    return change


def _minimal(figure):
    for key in ("props", "note", "tempo_seconds"):
        figure.pop(key, None)


def _chair_and_wall(figure):
    figure["props"] = [
        {"kind": "chair", "points": [[10, 40], [10, 20], [30, 20], [30, 0]]},
        {"kind": "wall", "points": [[100, 0], [100, 100]]},
    ]


def _edges(figure):
    figure["props"] = [{"kind": "floor", "points": [[0, 0], [100, 0]]}]
    figure["props"].append({"kind": "wall", "points": [[100, 0], [100, 100]]})
    figure["keyframes"][0]["head"] = [15.5, 8.25]
    figure["note"] = "Limber's own reading: the toe at the canvas's corner."


VALID = {
    "minimal": ("knee-to-chest", _minimal),
    "floor": ("childs-pose", lambda f: None),
    "chair-and-wall": ("knee-to-chest", _chair_and_wall),
    "fastest-movement": ("cat-cow", _set("tempo_seconds", 0.5)),
    "eight-keyframes": ("pelvic-tilt", _frames(8)),
    "front-view": ("butterfly", lambda f: None),
    "seen-from-above": ("lower-back-twist", lambda f: None),
    "every-limb-working": (
        "glute-bridge",
        _set("working", ["head", "trunk", "left-arm", "right-arm", "left-leg", "right-leg"]),
    ),
    "right-side": ("single-knee-to-chest", lambda f: None),
    "on-the-edges": ("knee-to-chest", _edges),
}
BROKEN = {
    "unknown-joint": ("knee-to-chest", _joint("left_wrist", [30, 20])),
    "off-the-right": ("knee-to-chest", _joint("left_toe", [101, 3])),
    "below-the-floor": ("knee-to-chest", _joint("left_ankle", [82, -1])),
    "huge": ("knee-to-chest", _joint("head", [1e308, 8])),
    "three-numbers": ("knee-to-chest", _joint("hip", [60, 8, 0])),
    "nine-keyframes": ("cat-cow", _frames(9)),
    "no-keyframes": ("knee-to-chest", _set("keyframes", [])),
    "unknown-limb": ("knee-to-chest", _set("working", ["tail"])),
    "too-fast": ("cat-cow", _set("tempo_seconds", 0.2)),
    "two-lines-of-alt": ("knee-to-chest", _set("alt", "Lying down.\nKnees in.")),
    "no-alt": ("knee-to-chest", _drop("alt")),
    "unknown-prop": ("knee-to-chest", _set("props", [{"kind": "table", "points": [[0, 0]] * 2}])),
    "side-without-sides": ("knee-to-chest", _set("side", "left")),
    "sides-without-side": ("single-knee-to-chest", _drop("side")),
}
ONLY_THE_LOADER = {
    "shin-too-long": ("knee-to-chest", _joint("left_ankle", [99, 3])),
    "leg-through-trunk": ("knee-to-chest", _joint("left_ankle", [40, 1])),
}


def _files(cases: dict) -> dict[str, dict]:
    out = {}
    for name, (base, change) in cases.items():
        data = _with(base, change)
        data["id"] = name
        out[name] = data
    return out


def loader_accepts(data: dict) -> bool:
    content = PackContent()
    content.add("stretches", data, file="x.toml")
    return not content.errors and not content.figure_errors and content.stretches[0].figure


def pack_check_refuses(root: Path, files: dict[str, dict]) -> set[str]:
    """The names of the files ``limber pack check`` reports an error in."""
    content = root / "content"
    (content / "stretches").mkdir(parents=True)
    (content / "pack.toml").write_text(PACK_TOML)
    for name, data in files.items():
        (content / "stretches" / f"{name}.toml").write_text(tomli_w.dumps(data))
    (root / "figs_pack.py").write_text(
        "from pathlib import Path\nfrom limber import hookimpl\n\n@hookimpl\n"
        "def limber_content_dir():\n    return Path(__file__).parent / 'content'\n"
    )
    (root / "pyproject.toml").write_text(
        '[project]\nname = "figs"\nversion = "1.0"\n'
        '[project.entry-points.limber]\nfigs = "figs_pack"\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "limber", "pack", "check", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )
    errors = [line for line in result.stdout.splitlines() if ": warning: " not in line]
    refused = {name for name in files if any(f"/{name}.toml:" in line for line in errors)}
    assert result.returncode == (1 if refused else 0), result.stdout + result.stderr
    return refused


def verdicts(root: Path, cases: dict) -> dict[str, tuple[bool, bool, bool, bool]]:
    """Name → (loader, taplo, check-jsonschema, pack check) accepts."""
    files = _files(cases)
    paths = _write_corpus(
        root / "schema", {n: ("stretch", tomli_w.dumps(d)) for n, d in files.items()}
    )
    rejected = check_jsonschema_failures(root / "schema", paths)
    refused = pack_check_refuses(root / "pack", files)
    return {
        name: (
            bool(loader_accepts(files[name])),
            taplo_accepts(paths[name]),
            paths[name] not in rejected,
            name not in refused,
        )
        for name in files
    }


def test_ten_valid_figures_pass_all_four(tmp_path):
    assert len(VALID) == 10
    results = verdicts(tmp_path, VALID)
    wrong = {name: v for name, v in results.items() if v != (True, True, True, True)}
    assert not wrong, f"(loader, taplo, check-jsonschema, pack check): {wrong}"


def test_broken_figures_are_refused_by_all_four(tmp_path):
    assert len(BROKEN) >= 10
    results = verdicts(tmp_path, BROKEN)
    wrong = {name: v for name, v in results.items() if v != (False, False, False, False)}
    assert not wrong, f"(loader, taplo, check-jsonschema, pack check): {wrong}"


def test_a_limb_no_person_has_is_refused_by_the_loader_and_pack_check_only(tmp_path):
    results = verdicts(tmp_path, ONLY_THE_LOADER)
    assert results == {name: (False, True, True, False) for name in ONLY_THE_LOADER}


def test_nan_in_toml_is_refused_by_the_loader():
    data = _with("knee-to-chest", _joint("hip", [math.nan, 8]))
    assert not loader_accepts(data)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_figure_leaves_its_stretch_loaded(name):
    """One sentence for the figure, the stretch still there without it."""
    data = _files({name: BROKEN[name]})[name]
    content = PackContent()
    content.add("stretches", data, file=f"stretches/{name}.toml", text=tomli_w.dumps(data))
    assert not content.errors
    assert [s.id for s in content.stretches] == [name]
    assert content.stretches[0].figure is None
    (error,) = content.figure_errors
    assert error.file == f"stretches/{name}.toml" and error.key.startswith("figure")
