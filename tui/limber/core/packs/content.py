"""TOML files → model structs, with errors that point at the exact place.

A pack's content folder holds ``pack.toml`` and one TOML file per item under
``stretches/``, ``routines/`` and ``guidance/``. Reading a folder never raises: it
gathers every problem as a :class:`ContentError` so ``limber pack check`` can list them
all, and the pack host can refuse the pack with its first.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from limber.core.errors import ContentError
from limber.core.model import (
    ITEM_TYPES,
    Dose,
    FlowPosition,
    Guidance,
    PackInfo,
    Routine,
    RoutineStep,
    Source,
    Stretch,
)
from limber.core.packs.parsecache import TomlCache

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

Item = Stretch | Routine | Guidance
T = TypeVar("T", bound=msgspec.Struct)

PACK_FILE = "pack.toml"
MAX_FILE_BYTES = 256 * 1024

_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<field>[^`]+)`")
_MISSING = re.compile(r"Object missing required field `(?P<field>[^`]+)`")
_SYNTAX_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _field_names() -> list[str]:
    """Every key any pack file may use, to suggest the one a typo meant."""
    structs = (PackInfo, Stretch, Routine, Guidance, RoutineStep, Dose, FlowPosition, Source)
    return sorted({f.name for cls in structs for f in msgspec.structs.fields(cls)})


def _explain(exc: msgspec.ValidationError) -> tuple[str, str | None]:
    """Turn msgspec's ``message - at `$.a.b``` into ``(message, "a.b")``."""
    match = _AT.match(str(exc))
    assert match is not None
    message, path = match["message"], match["path"]
    key = path.lstrip(".") if path else None
    if unknown := _UNKNOWN.fullmatch(message):
        name = unknown["field"]
        key = f"{key}.{name}" if key else name
        message = f"unknown key `{name}`"
        close = difflib.get_close_matches(name, _field_names(), n=1)
        if close:
            message += f"; did you mean `{close[0]}`?"
    elif missing := _MISSING.fullmatch(message):
        name = missing["field"]
        key = f"{key}.{name}" if key else name
        message = "this key is required but missing"
    else:
        message = message[0].lower() + message[1:] if message else "invalid value"
    return message, key or None


_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def line_of(text: str, key: str | None) -> int | None:
    """Best-effort 1-based line where ``key`` (``steps[2].seconds``) is set in ``text``."""
    if not key:
        return None
    lines = text.splitlines()
    start, found = 0, None
    for name, index in _SEGMENT.findall(key):
        name_re = re.escape(name)
        header = re.compile(rf"^\s*\[\[?\s*(?:[\w-]+\.)*{name_re}\s*\]\]?\s*(#.*)?$")
        assign = re.compile(rf"^\s*(?:[\w-]+\.)*{name_re}\s*=")
        wanted = int(index) + 1 if index else 1
        hit = None
        for number in range(start, len(lines)):
            line = lines[number]
            if header.match(line) or assign.match(line):
                wanted -= 1
                if wanted == 0:
                    hit = number
                    break
        if hit is None:
            break
        start, found = hit + (0 if assign.match(lines[hit]) else 1), hit
        if assign.match(lines[hit]):
            break
    return found + 1 if found is not None else None


def read_toml(data: bytes, *, file: str) -> dict[str, Any]:
    """Parse TOML, naming the line and column of a syntax error."""
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", file=file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if located := _SYNTAX_AT.match(message):
            message = located["message"]
            line, column = int(located["line"]), int(located["column"])
        message = f"TOML syntax error: {message[0].lower() + message[1:]}"
        raise ContentError(message, file=file, line=line, column=column) from None


def decode(cls: type[T], data: Mapping[str, Any], *, file: str, text: str = "") -> T:
    """Validate a TOML-shaped mapping into ``cls``; only ever raises ContentError."""
    if not isinstance(data, Mapping):
        raise ContentError(f"expected a table of keys, got {type(data).__name__}", file=file)
    try:
        return msgspec.convert(data, cls, strict=True)
    except msgspec.ValidationError as exc:
        message, key = _explain(exc)
        raise ContentError(message, file=file, key=key, line=line_of(text, key)) from None
    except (TypeError, ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        raise ContentError(f"could not read: {exc}", file=file) from None


FOLDER_OF = {cls: folder for folder, cls in ITEM_TYPES.items()}
"""Item type → the content folder its files live in."""


def _file_key(item: Item) -> str:
    return f"{FOLDER_OF[type(item)]}:{item.local_id}"


class PackContent(msgspec.Struct):
    """What one content folder (plus, for a code pack, its builder) holds."""

    info: PackInfo | None = None
    items: list[Item] = []
    files: dict[str, str] = {}
    """Item id → the file (or code label) it came from, for messages."""
    errors: list[ContentError] = []

    def file_of(self, item: Item) -> str:
        """The file (or code label) one of this pack's items came from; its id may be
        bare or namespaced."""
        return self.files.get(_file_key(item), "")

    @property
    def stretches(self) -> list[Stretch]:
        return [i for i in self.items if isinstance(i, Stretch)]

    @property
    def routines(self) -> list[Routine]:
        return [i for i in self.items if isinstance(i, Routine)]

    @property
    def guidance(self) -> list[Guidance]:
        return [i for i in self.items if isinstance(i, Guidance)]

    def add(
        self,
        folder: str,
        data: Mapping[str, Any],
        *,
        file: str,
        text: str = "",
        text_source: Path | Traversable | None = None,
    ) -> None:
        """Validate one item and keep it, or keep the error.

        ``text_source``: where to read the file's text from if an error needs its line.
        """

        def source_text() -> str:
            return text_source.read_text(encoding="utf-8") if text_source is not None else text

        try:
            item = decode(ITEM_TYPES[folder], data, file=file, text=text)
        except ContentError as exc:
            if exc.line is None and exc.key:
                exc.line = line_of(source_text(), exc.key)
            self.errors.append(exc)
            return
        key = _file_key(item)
        if key in self.files:
            self.errors.append(
                ContentError(
                    f"id `{item.id}` is already used by {self.files[key]}",
                    file=file,
                    key="id",
                    line=line_of(source_text(), "id"),
                )
            )
            return
        self.files[key] = file
        self.items.append(item)


def read_pack_dir(root: Path | Traversable, cache: TomlCache | None = None) -> PackContent:
    """Read every file of a content folder, gathering errors rather than raising.

    With a ``cache`` (and a real folder), files unchanged since the last load are not
    parsed again; every item is still validated.
    """
    content = PackContent()
    files = cache.for_folder(root) if cache is not None and isinstance(root, Path) else None
    pack_file = root / PACK_FILE
    if not pack_file.is_file():
        content.errors.append(ContentError("the content folder has no pack.toml", file=PACK_FILE))
    else:
        try:
            raw = pack_file.read_bytes()
            data = read_toml(raw, file=PACK_FILE)
            content.info = decode(PackInfo, data, file=PACK_FILE, text=raw.decode())
        except ContentError as exc:
            content.errors.append(exc)
    for folder in ITEM_TYPES:
        sub = root / folder
        if not sub.is_dir():
            continue
        for entry in sorted(sub.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".toml") or not entry.is_file():
                continue
            file = f"{folder}/{entry.name}"
            stat = entry.stat() if files is not None and isinstance(entry, Path) else None
            cached = files.get(file, stat) if files is not None and stat is not None else None
            if cached is not None:
                content.add(folder, cached, file=file, text_source=entry)
                continue
            try:
                raw = entry.read_bytes()
                data = read_toml(raw, file=file)
            except ContentError as exc:
                content.errors.append(exc)
                continue
            if files is not None and stat is not None:
                files.put(file, stat, data)
            content.add(folder, data, file=file, text=raw.decode("utf-8"))
    if files is not None:
        files.save()
    return content


def qualify(item: Item, pack: str) -> Item:
    """Namespace an item's id, and a routine's stretch references, under ``pack``."""
    if isinstance(item, Routine):
        steps = tuple(
            step
            if "/" in step.stretch
            else msgspec.structs.replace(step, stretch=f"{pack}/{step.stretch}")
            for step in item.steps
        )
        return msgspec.structs.replace(item, id=f"{pack}/{item.id}", steps=steps)
    return msgspec.structs.replace(item, id=f"{pack}/{item.id}")
