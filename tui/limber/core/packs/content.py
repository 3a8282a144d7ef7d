"""TOML files → model structs, with errors that point at the exact place.

A pack's content folder holds ``pack.toml`` and one TOML file per item under
``stretches/``, ``routines/`` and ``guidance/``. Reading a folder never raises: it
gathers every problem as a :class:`ContentError` so ``limber pack check`` can list them
all, and the pack host can refuse the pack with its first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from limber.core.errors import ContentError
from limber.core.figure_check import decode_figure, figure_problem
from limber.core.files import MAX_FILE_BYTES, read_small, read_small_text, read_toml
from limber.core.model import Guidance, PackInfo, Routine, Stretch
from limber.core.packs.parsecache import PackCache, TomlCache
from limber.core.programme_model import Programme, week_key
from limber.core.validate import decode, line_of

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from limber.core.packs.parsepool import ParsePool, Share

Item = Stretch | Routine | Guidance | Programme

PACK_FILE = "pack.toml"

ITEM_TYPES: dict[str, type[Stretch] | type[Routine] | type[Guidance] | type[Programme]] = {
    "stretches": Stretch,
    "routines": Routine,
    "guidance": Guidance,
    "programmes": Programme,
}
"""Content folder name → the struct each of its files holds."""

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
    invalid_stretches: dict[str, str] = {}
    """Id → file of each stretch that did not validate, so steps naming it can say why."""
    figure_errors: list[ContentError] = []
    """Each figure that was left out, and why: its stretch loaded without it."""
    root: Any = None
    """The content folder (a Path or Traversable), to read a file again for the line of
    a later error."""

    def text_of(self, file: str) -> str:
        """A file's text, read again to find the line of an error; empty if unreadable."""
        if self.root is None:
            return ""
        return _source_text(self.root / file, "")

    def file_of(self, item: Item) -> str:
        """The file (or code label) one of this pack's items came from; its id may be
        bare or namespaced."""
        return self.files.get(_file_key(item), "")

    def files_by_id(self, pack: str) -> dict[str, str]:
        """Namespaced id → file of every item, in order (:meth:`file_of` of each item
        once qualified under ``pack``, without looking each one up)."""
        return {f"{pack}/{key.partition(':')[2]}": file for key, file in self.files.items()}

    @property
    def stretches(self) -> list[Stretch]:
        return [i for i in self.items if isinstance(i, Stretch)]

    @property
    def routines(self) -> list[Routine]:
        return [i for i in self.items if isinstance(i, Routine)]

    @property
    def guidance(self) -> list[Guidance]:
        return [i for i in self.items if isinstance(i, Guidance)]

    @property
    def programmes(self) -> list[Programme]:
        return [i for i in self.items if isinstance(i, Programme)]

    def add(
        self,
        folder: str,
        data: Mapping[str, Any],
        *,
        file: str,
        text: str = "",
        text_source: Path | Traversable | str | None = None,
        cleaned: bool = False,
    ) -> None:
        """Validate one item and keep it, or keep the error.

        ``text_source``: where to read the file's text from if an error needs its line
        (a ``str`` is a path on disk).
        ``cleaned``: ``data`` came from a file through ``read_toml`` (see ``decode``).
        """
        figure = None
        if ITEM_TYPES[folder] is Stretch and isinstance(data, Mapping) and "figure" in data:
            figure = data["figure"]  # checked on its own: a bad figure leaves the stretch be
            data = {key: value for key, value in data.items() if key != "figure"}
        try:
            item = decode(ITEM_TYPES[folder], data, file=file, text=text, cleaned=cleaned)
        except ContentError as exc:
            if exc.line is None and exc.key:
                exc.line = line_of(_source_text(text_source, text), exc.key)
            if folder == "programmes":
                exc.key = week_key(exc.key)
            self.errors.append(exc)
            if ITEM_TYPES[folder] is Stretch and isinstance(data.get("id"), str):
                self.invalid_stretches[data["id"]] = file
            return
        if figure is not None and isinstance(item, Stretch):
            item = self._with_figure(item, figure, file, text_source, text, cleaned=cleaned)
        self._keep(item, folder, file, text_source, text)

    def _with_figure(
        self,
        stretch: Stretch,
        data: Any,
        file: str,
        text_source: Path | Traversable | str | None,
        text: str,
        *,
        cleaned: bool,
    ) -> Stretch:
        """``stretch`` with its figure, or without it and the figure's error kept."""
        try:
            figure = decode_figure(data, file=file, text=text, sides=stretch.sides, cleaned=cleaned)
        except ContentError as exc:
            if exc.line is None and exc.key:
                exc.line = line_of(_source_text(text_source, text), exc.key)
            self.figure_errors.append(exc)
            return stretch
        return msgspec.structs.replace(stretch, figure=figure)

    def add_cached(
        self,
        folder: str,
        encoded: msgspec.Raw | bytes,
        *,
        file: str,
        text_source: Path | Traversable | str | None,
    ) -> bool:
        """:meth:`add` for a table the parse cache kept (cleaned, as msgpack): msgspec
        validates it as it decodes it into its struct, in one pass. A table that does
        not validate goes through :meth:`add`, so its error reads as on a first load.

        False, with nothing added: the bytes are not a table (a damaged cache), so the
        caller parses the file instead.
        """
        try:
            item = msgspec.msgpack.decode(encoded, type=ITEM_TYPES[folder])
            if isinstance(item, Stretch) and item.figure is not None:
                if figure_problem(item.figure, item.sides):
                    raise msgspec.ValidationError("its figure is drawn wrong")
        except msgspec.ValidationError:
            try:
                data = msgspec.msgpack.decode(encoded)
            except msgspec.DecodeError:
                return False
            if not isinstance(data, dict):
                return False
            self.add(folder, data, file=file, text_source=text_source, cleaned=True)
            return True
        except msgspec.DecodeError:
            return False
        self._keep(item, folder, file, text_source, "")
        return True

    def _keep(
        self,
        item: Item,
        folder: str,
        file: str,
        text_source: Path | Traversable | str | None,
        text: str,
    ) -> None:
        key = f"{folder}:{item.id}"  # as _file_key(item): the id is bare until qualified
        if key in self.files:
            self.errors.append(
                ContentError(
                    f"id `{item.id}` is already used by {self.files[key]}",
                    file=file,
                    key="id",
                    line=line_of(_source_text(text_source, text), "id"),
                )
            )
            return
        self.files[key] = file
        self.items.append(item)


def _source_text(source: Path | Traversable | str | None, text: str) -> str:
    """A file's text, read again for the line of an error (a ``str`` is a path on disk)."""
    if source is None:
        return text
    try:
        if isinstance(source, Path | str):
            return read_small_text(Path(source))  # a FIFO or a device is not read
        return source.read_text(encoding="utf-8")
    except (ContentError, OSError, UnicodeDecodeError, ValueError):
        return text


def read_pack_dir(
    root: Path | Traversable, cache: TomlCache | None = None, pool: ParsePool | None = None
) -> PackContent:
    """Read every file of a content folder, gathering errors rather than raising.

    With a ``cache`` (and a real folder), files unchanged since the last load are not
    parsed again; every item is still validated (see :meth:`PackContent.add_cached`).
    With a ``pool`` too, a second process may parse part of the rest
    (:class:`~limber.core.packs.parsepool.ParsePool`).
    """
    content = PackContent(root=root)
    files = cache.for_folder(root) if cache is not None and isinstance(root, Path) else None
    _read_info(content, root / PACK_FILE, files)
    listed = [
        (folder, f"{folder}/{name}", entry, stat)
        for folder in ITEM_TYPES
        if (sub := root / folder).is_dir()
        for name, entry, stat in toml_files(sub, stat=files is not None)
    ]
    if files is None:
        for folder, file, entry, _stat in listed:
            _parse_into(content, folder, file, entry)
        return content
    kept = [files.get(file, stat) if stat is not None else None for _, file, _, stat in listed]
    misses = [entry for (_, _, entry, _), table in zip(listed, kept, strict=True) if table is None]
    with _sharing(pool, misses) as shared:
        miss = -1
        for (folder, file, entry, stat), table in zip(listed, kept, strict=True):
            if table is not None and content.add_cached(
                folder, table, file=file, text_source=entry
            ):
                continue
            miss += table is None
            parsed = shared.take(miss) if shared is not None and table is None else None
            if parsed is not None and stat is not None:
                files.put_kept(file, stat, parsed)
                if content.add_cached(folder, parsed, file=file, text_source=entry):
                    continue
            _parse_into(content, folder, file, entry, files, stat)
    files.save()
    return content


def _sharing(
    pool: ParsePool | None, misses: list[str | Traversable]
) -> AbstractContextManager[Share | None]:
    if pool is None:
        return nullcontext()
    from limber.core.packs.parsepool import sharing  # a load's pool: not the first run's pages

    return sharing(pool, misses)


def _parse_into(
    content: PackContent,
    folder: str,
    file: str,
    entry: str | Traversable,
    files: PackCache | None = None,
    stat: os.stat_result | None = None,
) -> None:
    """Read and parse one item's file here, keep its table in the cache, add its item
    (from the table as kept: decoding it is quicker than converting the parsed one)."""
    try:
        raw = _read_bytes(entry, file)
        data = read_toml(raw, file=file)
    except ContentError as exc:
        content.errors.append(exc)
        return
    encoded = files.put(file, stat, data) if files is not None and stat is not None else None
    if encoded is None or not content.add_cached(folder, encoded, file=file, text_source=entry):
        content.add(folder, data, file=file, text=raw.decode("utf-8"), cleaned=True)


def _read_info(
    content: PackContent, pack_file: Path | Traversable, files: PackCache | None
) -> None:
    """``pack.toml`` into ``content.info``, or its error into ``content.errors``. From
    the cache when it has not changed and validates; otherwise it is parsed (and what
    is wrong with it said as on a first load)."""
    if not pack_file.is_file():
        content.errors.append(ContentError("the content folder has no pack.toml", file=PACK_FILE))
        return
    stat = pack_file.stat() if files is not None and isinstance(pack_file, Path) else None
    cached = files.get(PACK_FILE, stat) if files is not None and stat is not None else None
    if cached is not None:
        try:
            content.info = msgspec.msgpack.decode(cached, type=PackInfo)
            return
        except msgspec.DecodeError:  # a ValidationError too: parsed below, for its message
            pass
    try:
        raw = _read_bytes(pack_file, PACK_FILE)
        data = read_toml(raw, file=PACK_FILE)
        if files is not None and stat is not None:
            files.put(PACK_FILE, stat, data)
        content.info = decode(PackInfo, data, file=PACK_FILE, text=raw.decode(), cleaned=True)
    except ContentError as exc:
        content.errors.append(exc)


def toml_files(
    sub: Path | Traversable, *, stat: bool
) -> list[tuple[str, str | Traversable, os.stat_result | None]]:
    """``(name, path, stat)`` of each ``.toml`` file of a folder, by name.

    A real folder is listed with ``os.scandir``: the listing says which entries are
    files, so each file costs one ``stat`` (for the parse cache, and only with one) and
    no Path object; a Traversable (a zipped pack) is listed through its own API. Where
    it can, the folder is listed through a descriptor of its own, so each ``stat`` looks
    up a name in it rather than the whole path again (a third faster at 10,000 files).
    """
    if not isinstance(sub, Path):
        found = [e for e in sub.iterdir() if e.name.endswith(".toml") and e.is_file()]
        return [(e.name, e, None) for e in sorted(found, key=lambda e: e.name)]
    if os.scandir not in os.supports_fd:
        with os.scandir(sub) as listing:
            return _listed(listing, "", stat=stat)
    folder = os.open(sub, os.O_RDONLY)
    try:
        with os.scandir(folder) as listing:
            return _listed(listing, f"{sub}{os.sep}", stat=stat)
    finally:
        os.close(folder)


def _listed(
    listing: Iterator[os.DirEntry[str]], prefix: str, *, stat: bool
) -> list[tuple[str, str | Traversable, os.stat_result | None]]:
    entries = [e for e in listing if e.name.endswith(".toml") and e.is_file()]
    entries.sort(key=lambda e: e.name)
    return [(e.name, prefix + e.path, e.stat() if stat else None) for e in entries]


def _read_bytes(entry: Path | str | Traversable, file: str) -> bytes:
    """A content file's bytes, its size checked before it is read (a file of gigabytes
    is refused, not loaded); a file that cannot be read is a ContentError naming it.
    A ``str`` is a path on disk (no Path made for each of 10,000 files)."""
    try:
        if isinstance(entry, Path | str):
            return read_small(entry, file=file)
        with entry.open("rb") as handle:
            data: bytes = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"could not be read: {exc.strerror or exc}", file=file) from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB", file=file)
    return data


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
    if isinstance(item, Programme):
        from limber.core.programme import qualify_programme  # only a pack with programmes

        return qualify_programme(item, pack)
    return msgspec.structs.replace(item, id=f"{pack}/{item.id}")
