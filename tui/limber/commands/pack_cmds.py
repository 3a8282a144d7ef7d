"""``limber pack new``, ``pack check`` and ``pack schema``: the pack author's kit."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from limber.commands import pack_template as template
from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError, LimberError
from limber.core.files import atomic_write, read_toml
from limber.core.model import Programme, Routine, Slug, Stretch, json_schemas
from limber.core.packs.content import PACK_FILE, PackContent, read_pack_dir
from limber.core.packs.host import CORE
from limber.core.packs.lint import lint_pack
from limber.core.packs.report import PackRecord
from limber.core.paths import Paths
from limber.core.validate import decode


def run(args: argparse.Namespace) -> int:
    """Dispatch ``limber pack ACTION``."""
    if args.pack_command == "new":
        return new(args.dir, args.name, from_routines=args.from_routines)
    if args.pack_command == "check":
        return check(args.dir)
    return schema(args.kind)


def schema(kind: str | None) -> int:
    schemas = json_schemas()
    data: object = schemas[kind] if kind else schemas
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


# -- pack check ------------------------------------------------------------------------


def find_content_dir(folder: Path) -> Path:
    """The folder holding ``pack.toml``: ``folder`` itself or one inside it."""
    if not folder.is_dir():
        raise LimberError(f"{folder} is not a folder.")
    if (folder / PACK_FILE).is_file():
        return folder
    skip = {".venv", "venv", "build", "dist", ".git", "node_modules", ".tox"}
    found = sorted(
        p.parent
        for p in folder.rglob(PACK_FILE)
        if not skip.intersection(p.relative_to(folder).parts)
    )
    if not found:
        raise LimberError(f"No {PACK_FILE} in {folder} or any folder inside it.")
    if len(found) > 1:
        names = ", ".join(str(p) for p in found)
        raise LimberError(f"More than one {PACK_FILE} under {folder} ({names}); name one folder.")
    return found[0]


def check(folder_arg: str) -> int:
    """Print ``file:line: key: message`` for each problem, then each warning.

    Exit 1 if there are problems; warnings alone leave the exit code 0.
    """
    from limber.commands.catalogue_cmds import load

    root = find_content_dir(Path(folder_arg))
    content = read_pack_dir(root)
    name = content.info.name if content.info else root.name
    installed, report = load(quiet=True)
    record = next(
        (
            r
            for r in report.packs
            if r.name == name and r.content_dir and Path(r.content_dir).resolve() == root.resolve()
        ),
        None,
    )
    errors = _problems(content, name, installed, record)
    errors += _programme_problems(content, name, installed, root)
    for error in errors:
        where = str(root / error.file) if error.file else None
        print(
            ContentError(
                error.message, file=where, key=error.key, line=error.line, column=error.column
            ).located()
        )
    texts: dict[str, str] = {}

    def text_of(file: str) -> str:
        if file not in texts:
            texts[file] = (root / file).read_text(encoding="utf-8")
        return texts[file]

    # Your own routines are yours alone: their ids clash with nobody's.
    warnings = lint_pack(content, name, installed, text_of, ignore=frozenset({USER_PACK}))
    for warning in warnings:
        print(warning.located(str(root / warning.file)))
    also = f" Also {len(warnings)} warning(s)." if warnings else ""
    if errors:
        print(f"{len(errors)} problem(s) in pack '{name}'.{also}", file=sys.stderr)
        return 1
    counts = _counts(content, record)
    if warnings:
        print(f"Pack '{name}' is valid: {counts}; {len(warnings)} warning(s) above.")
    else:
        print(f"Pack '{name}' is valid: {counts}.")
    return 0


def _problems(
    content: PackContent, name: str, installed: Catalogue, record: PackRecord | None
) -> list[ContentError]:
    """The folder's errors, those its code found when installed, and missing stretches."""
    errors: list[ContentError] = list(content.errors)
    if record is not None:
        # Installed: its code ran too (limber_build), so report what that found.
        errors += [
            ContentError(problem)
            for problem in record.errors
            if not any(problem == e.located() for e in content.errors)
        ]
    own = {f"{name}/{s.id}" for s in content.stretches} | {s.id for s in content.stretches}
    for routine in content.routines:
        file = content.file_of(routine)
        for number, step in enumerate(routine.steps):
            if step.stretch not in own and step.stretch not in installed.stretches:
                errors.append(
                    ContentError(
                        f"no stretch `{step.stretch}` in this pack or any installed pack",
                        file=file,
                        key=f"steps[{number}].stretch",
                    )
                )
    return errors


def _programme_problems(
    content: PackContent, name: str, installed: Catalogue, root: Path
) -> list[ContentError]:
    """Programme weeks naming a routine that neither this pack nor an installed one has."""
    from limber.core.packs.content import qualify
    from limber.core.programme import check_programme

    routines = {**installed.routines}
    routines.update((f"{name}/{r.id}", qualify(r, name)) for r in content.routines)  # type: ignore[misc]
    errors = []
    for programme in content.programmes:
        file = content.file_of(programme)
        full = qualify(programme, name)
        assert isinstance(full, Programme)
        text = (root / file).read_text(encoding="utf-8")
        errors += check_programme(full, routines, file=file, text=text)
    return errors


def _counts(content: PackContent, record: PackRecord | None) -> str:
    """``3 stretches, 1 routines, 0 guidance pages`` and what the pack's code built."""
    counts = (
        f"{len(content.stretches)} stretches, {len(content.routines)} routines, "
        f"{len(content.guidance)} guidance pages"
    )
    if record is not None and record.status == "loaded":
        in_folder = len(content.stretches) + len(content.routines) + len(content.guidance)
        built = record.stretches + record.routines + record.guidance - in_folder
        if built:
            counts += f", and {built} more built in code by limber_build"
    return counts


# -- pack new --------------------------------------------------------------------------


def pack_name(folder: Path, given: str | None) -> str:
    """``--name``, or the folder's name without ``limber-`` (``limber-foo`` → ``foo``)."""
    if given is not None:
        name = given
        if not _is_slug(name):
            raise LimberError(
                f"'{given}' cannot be a pack name: use lower-case letters, digits and dashes, "
                "such as --name hamstring-care."
            )
    else:
        base = folder.resolve().name
        name = base.lower().replace("_", "-").replace(" ", "-")
        name = name.removeprefix("limber-")
        if not _is_slug(name):
            raise LimberError(
                f"The folder name '{base}' does not give a pack name; "
                "choose one with --name, such as --name hamstring-care."
            )
    if name == CORE:
        raise LimberError("The name 'core' belongs to Limber's own catalogue; choose another.")
    if name == USER_PACK:
        raise LimberError(f"The name '{name}' belongs to your own routines; choose another.")
    return name


def _is_slug(name: str) -> bool:
    try:
        msgspec.convert(name, Slug)
    except msgspec.ValidationError:
        return False
    return True


def new(folder_arg: str, name_arg: str | None, *, from_routines: bool = False) -> int:
    """Write a data-only pack project in a new (or empty) folder."""
    folder = Path(folder_arg)
    if folder.exists() and not folder.is_dir():
        raise LimberError(f"{folder} already exists and is not a folder; choose a new folder.")
    if folder.is_dir() and any(folder.iterdir()):
        raise LimberError(f"{folder} already exists and is not empty; choose a new folder.")
    name = pack_name(folder, name_arg)
    module = f"limber_{name.replace('-', '_')}"
    content = Path(module) / "content"
    files: dict[Path, str] = {
        Path("pyproject.toml"): template.pyproject(name, module),
        Path("README.md"): template.readme(name),
        Path(module) / "__init__.py": template.init_py(name),
        content / PACK_FILE: template.pack_toml(name),
    }
    files.update({content / file: text for file, text in template.schema_files().items()})
    if from_routines:
        mine = user_routines(Paths.from_env())
        files.update({content / "routines" / f: text for f, text in mine.routines.items()})
        files.update({content / "stretches" / f: text for f, text in mine.stretches.items()})
    else:
        files[content / "stretches" / "knee-hug.toml"] = template.example_stretch()
        files[content / "routines" / f"{template.EXAMPLE_ROUTINE}.toml"] = (
            template.example_routine()
        )
    # A name of its own, so several packs' tests can run in one pytest session.
    test_file = f"test_{name.replace('-', '_')}_pack.py"
    files[Path("tests") / test_file] = template.test_py(name)
    try:
        for relative, text in files.items():
            atomic_write(folder / relative, text)
        (folder / content / "stretches").mkdir(exist_ok=True)
    except OSError as error:
        raise LimberError(f"Could not write the pack in {folder}: {error.strerror}.") from None
    print(f"Made the pack '{name}' in {folder}:")
    for relative in sorted(files):
        print(f"  {relative}")
    if from_routines:
        print(f"Added {len(mine.routine_ids)} of your routines: {', '.join(mine.routine_ids)}.")
        if mine.stretches:
            copied = ", ".join(f.removesuffix(".toml") for f in mine.stretches)
            print(f"Copied {len(mine.stretches)} of your own stretches they use: {copied}.")
    print(
        f'Next: replace each "EDIT:" in {folder / content}, then run '
        f"`limber pack check {folder}` and `pip install -e {folder}`."
    )
    return 0


# -- pack new --from-routines ----------------------------------------------------------

USER_PACK = "mine"
"""The pack holding the runner's own routines (``limber.core.packs.userpack.PACK``)."""


@dataclass
class UserContent:
    """The runner's own routines (and own stretches they use) as pack files."""

    routines: dict[str, str] = field(default_factory=dict)
    """File name → TOML text."""
    stretches: dict[str, str] = field(default_factory=dict)
    routine_ids: list[str] = field(default_factory=list)


def user_routines(paths: Paths) -> UserContent:
    """The routines saved in ``paths.routines_dir``, ready to go in a new pack.

    Steps keep other packs' stretches by full id (``core/childs-pose``), so they go on
    using them; a bare id is made full when exactly one installed stretch has it. A
    stretch from the runner's own pack is copied in, and the step names the copy. A
    file that cannot be read is left out, with a sentence on stderr.
    """
    from limber.commands.catalogue_cmds import load

    folder = paths.routines_dir
    found = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    out = UserContent()
    installed: Catalogue | None = None
    for path in found:
        try:
            raw = path.read_bytes()
            data = read_toml(raw, file=str(path))
            routine = decode(Routine, data, file=str(path), text=raw.decode("utf-8"))
        except ContentError as error:
            print(f"limber: left out {error}", file=sys.stderr)
            continue
        except OSError as error:
            print(f"limber: left out {path}: {error.strerror}", file=sys.stderr)
            continue
        steps: list[dict[str, Any]] = data["steps"]
        for step in steps:
            ref: str = step["stretch"]
            pack, _, local = ref.rpartition("/")
            if pack and pack != USER_PACK:
                continue
            if installed is None:
                installed, _ = load(quiet=True)
            if not pack:
                step["stretch"] = _full_id(ref, installed)
            elif ref in installed.stretches:  # your own stretch: the pack carries a copy
                step["stretch"] = local
                out.stretches[f"{local}.toml"] = _stretch_toml(installed.stretches[ref])
        header = template.schema_line("routine", nested=True)
        header += f"# From your own routines ({path.name}), added by `limber pack new`.\n"
        out.routines[path.name] = header + toml_text(data)
        out.routine_ids.append(routine.id)
    if not out.routines:
        raise LimberError(
            f"You have no saved routines in {folder} to add; "
            "build one in the app first, or leave out --from-routines."
        )
    return out


def toml_text(data: dict[str, Any]) -> str:
    """TOML with each list of tables as ``[[key]]`` tables, as a person writes it."""
    import tomli_w

    def tables(value: object) -> bool:
        return (
            isinstance(value, list | tuple)
            and bool(value)
            and all(isinstance(v, dict) for v in value)
        )

    text = tomli_w.dumps({k: v for k, v in data.items() if not tables(v)})
    for key, value in data.items():
        if tables(value):
            text += "".join(f"\n[[{key}]]\n" + tomli_w.dumps(entry) for entry in value)
    return text


def _stretch_toml(stretch: Stretch) -> str:
    """A loaded stretch as its pack file, with only the keys that are set."""

    def given(value: object) -> bool:
        if isinstance(value, str | list | tuple | dict):
            return len(value) > 0
        return value is not None

    data: dict[str, Any] = {
        key: value for key, value in msgspec.to_builtins(stretch).items() if given(value)
    }
    data["id"] = stretch.local_id
    data["dose"] = {k: v for k, v in data["dose"].items() if given(v)}
    header = template.schema_line("stretch", nested=True)
    header += "# One of your own stretches, copied by `limber pack new` for a routine here.\n"
    return header + toml_text(data)


def _full_id(ref: str, installed: Catalogue) -> str:
    matches = [key for key in installed.stretches if key.rpartition("/")[2] == ref]
    return matches[0] if len(matches) == 1 else ref
