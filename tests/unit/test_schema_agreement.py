"""The published JSON Schema gives the loader's verdict, in Taplo and in check-jsonschema.

Taplo (Even Better TOML in VS Code; ``taplo lint`` on PyPI) reads the ``#:schema`` line
at the top of a pack file, as CONTRIBUTING recommends; check-jsonschema is what CI tools
use. Every core and first-party file must pass all three; every file of a deliberately
invalid corpus must fail all three.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w

from limber.core.errors import ContentError
from limber.core.model import PackInfo
from limber.core.packs.content import ITEM_TYPES
from limber.core.schema import json_schemas
from limber.core.validate import decode

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KIND_OF_FOLDER = {
    "stretches": "stretch",
    "routines": "routine",
    "guidance": "guidance",
    "programmes": "programme",
}
STRUCT = {"pack": PackInfo, **{KIND_OF_FOLDER[f]: cls for f, cls in ITEM_TYPES.items()}}


def _tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(found)


def valid_corpus() -> list[tuple[str, Path]]:
    """(kind, file) for every pack file shipped with Limber and its first-party packs."""
    roots = [REPO / "content", *REPO.glob("plugins/*/*/content")]
    found = []
    for root in roots:
        found.append(("pack", root / "pack.toml"))
        for folder, kind in KIND_OF_FOLDER.items():
            found += [(kind, f) for f in sorted((root / folder).glob("*.toml"))]
    return found


def _base(kind: str) -> dict[str, object]:
    files = {
        "stretch": "stretches/childs-pose.toml",
        "routine": "routines/post-run.toml",
        "guidance": "guidance/how-often.toml",
        "pack": "pack.toml",
    }
    if kind == "programme":
        strength = REPO / "plugins/limber-runner-strength/limber_runner_strength/content"
        return tomllib.loads((strength / "programmes/four-weeks.toml").read_text())
    return tomllib.loads((REPO / "content" / files[kind]).read_text())


def _week(**fields: object):
    def change(data):
        data["weeks"][0].update(fields)

    return change


def _dose(**dose: object):
    def change(data):
        data["dose"] = dose

    return change


def _set(key: str, value: object):
    def change(data):
        data[key] = value

    return change


def _step(**fields: object):
    def change(data):
        data["steps"][0] = {"stretch": "childs-pose", **fields}

    return change


def _drop(key: str):
    def change(data):
        del data[key]

    return change


INVALID = {
    "dose-two-units": ("stretch", _dose(seconds=[20, 30], reps=5)),
    "dose-empty": ("stretch", _dose()),
    "dose-only-a-note": ("stretch", _dose(note="hold it")),
    "dose-negative": ("stretch", _dose(seconds=-5)),
    "dose-zero": ("stretch", _dose(seconds=0)),
    "dose-too-long": ("stretch", _dose(seconds=4000)),
    "dose-range-of-three": ("stretch", _dose(seconds=[10, 20, 30])),
    "dose-range-of-one": ("stretch", _dose(seconds=[10])),
    "dose-range-negative": ("stretch", _dose(seconds=[-1, 20])),
    "dose-text": ("stretch", _dose(seconds="30")),
    "dose-float": ("stretch", _dose(seconds=2.5)),
    "unknown-key": ("stretch", _set("sidez", "each")),
    "bad-kind": ("stretch", _set("kind", "hop")),
    "bad-target": ("stretch", _set("targets", ["elbow"])),
    "no-targets": ("stretch", _set("targets", [])),
    "bad-id": ("stretch", _set("id", "Child's Pose")),
    "missing-name": ("stretch", _drop("name")),
    "empty-summary": ("stretch", _set("summary", "")),
    "flow-without-positions": ("stretch", _set("kind", "flow")),
    "reps-kind-held": ("stretch", _set("kind", "reps")),
    "positions-on-a-hold": (
        "stretch",
        _set("flow", [{"name": "Cat", "cue": "Round."}, {"name": "Cow", "cue": "Arch."}]),
    ),
    "step-two-units": ("routine", _step(seconds=20, breaths=5)),
    "step-bad-sides": ("routine", _step(sides="both")),
    "step-zero-rounds": ("routine", _step(rounds=0)),
    "step-bad-ref": ("routine", _step(stretch="Core/Childs Pose")),
    "step-unknown-key": ("routine", _step(secs=20)),
    "no-steps": ("routine", _set("steps", [])),
    "long-transition": ("routine", _set("transition_seconds", 301)),
    "bad-category": ("guidance", _set("category", "tips")),
    "no-points": ("guidance", _set("points", [])),
    "pack-bad-name": ("pack", _set("name", "My Pack")),
    "pack-no-author": ("pack", _drop("author")),
    "pack-bad-requires": ("pack", _set("requires-limber", "latest")),
    "week-bad-dose-level": ("programme", _week(dose="medium")),
    "week-unknown-key": ("programme", _week(sesions=3)),
    "week-no-routines": ("programme", _week(routines=[])),
    "dose-change-step-and-stretch": (
        "programme",
        _week(doses=[{"step": 1, "stretch": "core/pelvic-tilt", "reps": 12}]),
    ),
    "dose-change-names-no-step": ("programme", _week(doses=[{"reps": 12}])),
}
"""Name → (kind, change to a valid core file) that the loader refuses."""

SCHEMA_CANNOT_SAY = {"dose-backwards": ("stretch", _dose(seconds=[30, 20]))}
"""No JSON Schema keyword compares two numbers, so a range running backwards passes the
schema; the loader refuses it, and the schema's description says low first."""


def loader_accepts(kind: str, text: str) -> bool:
    try:
        decode(STRUCT[kind], tomllib.loads(text), file="x.toml", text=text)
    except ContentError:
        return False
    return True


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("schemas")


def write_corpus(root: Path, files: dict[str, tuple[str, str]]) -> dict[str, Path]:
    """Each file under ``root/kind/``, its first line pointing at that kind's schema."""
    root.mkdir()
    for kind, schema in json_schemas().items():
        (root / f"{kind}.schema.json").write_text(json.dumps(schema, indent=2))
    out = {}
    for name, (kind, text) in files.items():
        path = root / kind / f"{name}.toml"
        path.parent.mkdir(exist_ok=True)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#:schema"))
        path.write_text(f"#:schema ../{kind}.schema.json\n{body}\n")
        out[name] = path
    return out


def taplo_accepts(path: Path) -> bool:
    result = subprocess.run(
        [_tool("taplo"), "lint", str(path)], capture_output=True, text=True, timeout=60
    )
    return result.returncode == 0


def check_jsonschema_failures(root: Path, paths: dict[str, Path]) -> set[Path]:
    failed: set[Path] = set()
    for kind in STRUCT:
        files = [p for p in paths.values() if p.parent.name == kind]
        if not files:
            continue
        schema = str(root / f"{kind}.schema.json")
        result = subprocess.run(
            [_tool("check-jsonschema"), "-o", "json", "--schemafile", schema, *map(str, files)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        report = json.loads(result.stdout)
        problems = report.get("errors", []) + report.get("parse_errors", [])
        failed |= {Path(e["filename"]) for e in problems}
    return failed


def verdicts(root: Path, files: dict[str, tuple[str, str]]) -> dict[str, tuple[bool, bool, bool]]:
    """Name → (loader, taplo, check-jsonschema) accepts."""
    paths = write_corpus(root, files)
    rejected = check_jsonschema_failures(root, paths)
    return {
        name: (loader_accepts(*files[name]), taplo_accepts(path), path not in rejected)
        for name, path in paths.items()
    }


def _mutated(cases: dict[str, tuple[str, object]]) -> dict[str, tuple[str, str]]:
    files = {}
    for name, (kind, change) in cases.items():
        data = copy.deepcopy(_base(kind))
        change(data)  # type: ignore[operator]
        files[name] = (kind, tomli_w.dumps(data))
    return files


def test_every_shipped_file_is_valid_in_all_three(workspace):
    files = {
        f"{path.parent.parent.name}-{path.parent.name}-{path.stem}": (kind, path.read_text())
        for kind, path in valid_corpus()
    }
    assert len(files) > 30
    results = verdicts(workspace / "valid", files)
    wrong = {name: v for name, v in results.items() if v != (True, True, True)}
    assert not wrong, f"(loader, taplo, check-jsonschema) on valid files: {wrong}"


def test_every_invalid_file_is_refused_by_all_three(workspace):
    results = verdicts(workspace / "invalid", _mutated(INVALID))
    wrong = {name: v for name, v in results.items() if v != (False, False, False)}
    assert not wrong, f"(loader, taplo, check-jsonschema) on invalid files: {wrong}"


def test_a_backwards_range_is_the_one_thing_only_the_loader_refuses(workspace):
    results = verdicts(workspace / "gap", _mutated(SCHEMA_CANNOT_SAY))
    assert results == {"dose-backwards": (False, True, True)}
    amount = json_schemas()["stretch"]["definitions"]["Dose"]["properties"]["seconds"]
    assert "low first" in json.dumps(amount)


def test_every_property_has_a_description():
    def properties(node, path=""):
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if "$ref" not in value and ("if" not in path and "then" not in path):
                    yield f"{path}/{key}", value
            for key, value in node.items():
                yield from properties(value, f"{path}/{key}")
        elif isinstance(node, list):
            for value in node:
                yield from properties(value, path)

    found = list(properties(json_schemas()))
    assert len(found) > 50
    missing = [
        path
        for path, prop in found
        if not prop.get("description") and "/else/" not in path and "/allOf/" not in path
    ]
    assert not missing


def test_every_programme_key_is_described_in_a_sentence_of_its_own():
    schema = json_schemas()["programme"]
    found = {}

    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                found[f"{path}/{key}"] = value.get("description", "")
            for key, value in node.items():
                walk(value, f"{path}/{key}")

    walk(schema)
    echoes = {path: text for path, text in found.items() if text == f"`{path.rsplit('/', 1)[1]}`."}
    assert echoes == {}
    week = schema["definitions"]["ProgrammeWeek"]["properties"]
    assert week["routines"]["items"]["description"].startswith("A routine id")
    assert "low" in week["dose"]["description"] and "middle" in week["dose"]["description"]
