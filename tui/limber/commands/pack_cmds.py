"""``limber pack new``, ``pack check`` and ``pack schema``: the pack author's kit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from limber.commands import pack_template as template
from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError, LimberError
from limber.core.files import atomic_write, read_small, read_small_text, read_toml
from limber.core.model import Routine, Slug, Stretch
from limber.core.packs.content import PACK_FILE, PackContent, read_pack_dir
from limber.core.packs.host import CORE
from limber.core.packs.lint import lint_pack
from limber.core.packs.report import PackRecord
from limber.core.paths import Paths
from limber.core.readability import ease_scorer
from limber.core.schema import json_schemas
from limber.core.text import clean_line
from limber.core.validate import decode
from limber.core.wording import plural


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

NO_TEXTSTAT = (
    "note: textstat is not installed, so reading ease was not checked (sentence length "
    "was); `pip install textstat==0.7.4` adds it."
)


def check(folder_arg: str) -> int:
    """Load the project's pack exactly as installing it would, then lint it.

    Print ``file:line: key: message`` for each reason it would not load (the loader's
    own sentences) and each placeholder left from ``limber pack new``, then each
    warning. Exit 1 if there are errors; warnings alone leave the exit code 0.
    """
    from limber.commands.pack_placeholders import placeholders
    from limber.core.packs.project import find_project, load_project, read_project

    project = read_project(find_project(Path(folder_arg)))
    name = project.entry_point.name
    record, catalogue = load_project(project)
    root = Path(record.content_dir) if record.content_dir else None
    errors = [_at(sentence, root) for sentence in [*record.errors, *record.figures_left_out]]
    if root is not None:
        errors += [error.located() for error in placeholders(project.root, root)]
    for error in errors:
        print(error)
    warnings = _warnings(root, name, catalogue) if root is not None else []
    also = f" Also {len(warnings)} warning(s)." if warnings else ""
    if errors:
        print(f"{len(errors)} problem(s) in pack '{name}'.{also}", file=sys.stderr)
        return 1
    assert root is not None  # a pack that loaded has a content folder
    counts = _counts(read_pack_dir(root), record)
    if warnings:
        print(f"Pack '{name}' is valid: {counts}; {len(warnings)} warning(s) above.")
    else:
        print(f"Pack '{name}' is valid: {counts}.")
    return 0


def _at(sentence: str, root: Path | None) -> str:
    """A loader sentence, its file (``stretches/x.toml:4: ...``) made a path to open."""
    file = sentence.partition(":")[0]
    if root is not None and file.endswith(".toml") and (root / file).is_file():
        return f"{root / file}{sentence[len(file) :]}"
    return sentence


def _warnings(root: Path, name: str, catalogue: Catalogue) -> list[str]:
    """The lint warnings for the content folder, each at its file's path."""
    content = read_pack_dir(root)
    texts: dict[str, str] = {}

    def text_of(file: str) -> str:
        if file not in texts:
            try:
                texts[file] = read_small_text(root / file)
            except ContentError:  # the loader has said why it could not be read
                texts[file] = ""
        return texts[file]

    scorer = ease_scorer()
    if scorer is None:
        print(NO_TEXTSTAT)
    # Your own routines are yours alone: their ids clash with nobody's.
    ignore = frozenset({USER_PACK})
    found = lint_pack(content, name, catalogue, text_of, ignore=ignore, scorer=scorer)
    for warning in found:
        print(warning.located(str(root / warning.file)))
    return [w.message for w in found]


def _counts(content: PackContent, record: PackRecord | None) -> str:
    """``3 stretches, 1 routines, 0 guidance pages, 1 programme: Four weeks`` and what
    the pack's code built."""
    counts = (
        f"{len(content.stretches)} stretches, {len(content.routines)} routines, "
        f"{len(content.guidance)} guidance pages"
    )
    if content.programmes:
        titles = "; ".join(clean_line(p.title) for p in content.programmes)
        counts += f", {plural(len(content.programmes), 'programme')}: {titles}"
    if record is not None and record.status == "loaded":
        in_folder = len(content.stretches) + len(content.routines) + len(content.guidance)
        in_folder += len(content.programmes)
        built = (
            record.stretches + record.routines + record.guidance + len(record.programmes)
        ) - in_folder
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
        files[content / "programmes" / template.EXAMPLE_PROGRAMME] = template.example_programme()
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


class UserContent(msgspec.Struct):
    """The runner's own routines (and own stretches they use) as pack files."""

    routines: dict[str, str] = msgspec.field(default_factory=dict)
    """File name → TOML text."""
    stretches: dict[str, str] = msgspec.field(default_factory=dict)
    routine_ids: list[str] = msgspec.field(default_factory=list)


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
            raw = read_small(path)
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
