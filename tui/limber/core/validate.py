"""A TOML-shaped mapping → a msgspec struct, with an error naming the key and its line.

The error is built from structure, not from msgspec's English: when ``msgspec.convert``
fails, :func:`locate` walks the data against the struct's fields (in the file's key
order, as msgspec does) to the smallest value that does not convert. That value's key
path is the error's key; an unknown or missing key is found by comparing the table's keys
with the struct's fields; only a leaf's own message (``Expected `int`, got `str```,
converted alone so it carries no path) is msgspec's wording.
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import msgspec

from limber.core.errors import ContentError
from limber.core.figure import Figure, Pose, Prop
from limber.core.model import (
    Dose,
    FlowPosition,
    Guidance,
    PackInfo,
    Routine,
    RoutineStep,
    Source,
    Stretch,
)
from limber.core.text import TooDeep, clean_tree

T = TypeVar("T", bound=msgspec.Struct)

_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def decode(
    cls: type[T], data: Mapping[str, Any], *, file: str, text: str = "", cleaned: bool = False
) -> T:
    """Validate a TOML-shaped mapping into ``cls``; only ever raises ContentError.

    This is the boundary every pack item, code-built or read from a file, passes: its
    strings are cleaned of control characters and bounded here, before conversion, so
    every field of every struct can be trusted (a new field cannot forget).
    ``cleaned``: the data came from :func:`limber.core.files.read_toml`, which already did.
    """
    if not isinstance(data, Mapping):
        raise ContentError(f"expected a table of keys, got {type(data).__name__}", file=file)
    try:
        data = data if cleaned else clean_tree(data)
    except (TooDeep, RecursionError):
        raise ContentError("nested too deeply to read (tables or arrays)", file=file) from None
    except Exception as exc:  # a code pack's own mapping type that fails while read
        raise ContentError(f"could not be read: {type(exc).__name__}", file=file) from None
    try:
        return msgspec.convert(data, cls, strict=True)
    except msgspec.ValidationError as exc:
        message, key = locate(cls, data) or (_leaf_message(exc), None)
        raise ContentError(message, file=file, key=key, line=line_of(text, key)) from None
    except (TypeError, ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        raise ContentError(f"could not read: {exc}", file=file) from None


def locate(tp: Any, value: Any, path: str = "") -> tuple[str, str | None] | None:
    """``(message, key path)`` of the first problem converting ``value`` to ``tp``, or
    ``None`` if it converts."""
    try:
        msgspec.convert(value, tp, strict=True)
    except msgspec.ValidationError as exc:
        found = _locate_inside(tp, value, path)
        return found or (_choices_message(tp, value) or _leaf_message(exc), path or None)
    return None


def _choices_message(tp: Any, value: Any) -> str | None:
    """For a value outside a fixed set of words: the words it may be."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = arms[0] if len(arms) == 1 else tp
    if typing.get_origin(tp) is not typing.Literal:
        return None
    allowed = ", ".join(f"`{choice}`" for choice in typing.get_args(tp))
    return f"`{str(value)[:60]}` is not one of the allowed values: {allowed}"


def _locate_inside(tp: Any, value: Any, path: str) -> tuple[str, str | None] | None:
    """Look for the problem in the parts of ``value``: a struct's keys, a list's items."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _locate_inside(args[0], value, path)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        return _locate_inside(arms[0], value, path) if len(arms) == 1 else None
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct) and isinstance(value, Mapping):
        return _locate_in_struct(tp, value, path)
    if origin in (list, tuple) and isinstance(value, list) and args and args[-1] is ...:
        for index, item in enumerate(value):
            if found := locate(args[0], item, f"{path}[{index}]"):
                return found
    return None


def _locate_in_struct(
    cls: type[msgspec.Struct], value: Mapping[str, Any], path: str
) -> tuple[str, str | None] | None:
    fields = _fields_of(cls)
    forbid = cls.__struct_config__.forbid_unknown_fields
    for name, item in value.items():
        key = f"{path}.{name}" if path else str(name)
        field = fields.get(name)
        if field is None:
            if forbid:
                return _unknown(name, list(fields)), key
            continue
        if found := locate(field.type, item, key):
            return found
    for name, field in fields.items():
        if field.required and name not in value:
            return "this key is required but missing", f"{path}.{name}" if path else name
    return None


@functools.cache
def _fields_of(cls: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    """A struct's fields by their name in a file. Cached: msgspec works them out from the
    annotations on every call, about two thirds of the time one broken routine took to
    report (0.72 ms of it, now 0.26 ms)."""
    return {f.encode_name: f for f in msgspec.structs.fields(cls)}


def _unknown(name: str, own: list[str]) -> str:
    """``unknown key `x```, with the closest key of the same table (else of any file)."""
    message = f"unknown key `{name}`"
    close = difflib.get_close_matches(name, own, n=1) or difflib.get_close_matches(
        name, _field_names(), n=1
    )
    return f"{message}; did you mean `{close[0]}`?" if close else message


def did_you_mean(ref: str, known: Iterable[str]) -> str:
    """``; did you mean `pack/id`?`` for the known id (a stretch, a routine) closest to a
    misspelt ``ref``, among those of its own pack first."""
    pack, _, local = ref.rpartition("/")
    same_pack = [k for k in known if k.rpartition("/")[0] == pack] or list(known)
    by_local = {k.rpartition("/")[2]: k for k in sorted(same_pack, reverse=True)}
    close = difflib.get_close_matches(local, by_local, n=1, cutoff=0.7)
    return f"; did you mean `{by_local[close[0]]}`?" if close else ""


def _field_names() -> list[str]:
    """Every key any pack file may use, to suggest the one a typo meant."""
    structs: tuple[type[msgspec.Struct], ...] = (
        *(PackInfo, Stretch, Routine, Guidance, RoutineStep, Dose, FlowPosition, Source),
        *(Figure, Pose, Prop),
    )
    return sorted({name for cls in structs for name in _fields_of(cls)})


def _leaf_message(exc: msgspec.ValidationError) -> str:
    """msgspec's message for a value converted alone (so it has no `` - at `$…``` path),
    starting lower-case to follow ``key:``."""
    message = str(exc).split(" - at `$", 1)[0]
    return message[0].lower() + message[1:] if message else "invalid value"


def line_of(text: str, key: str | None) -> int | None:
    """Best-effort 1-based line where ``key`` (``steps[2].seconds``) is set in ``text``."""
    if not key:
        return None
    lines = text.splitlines()
    start, found = 0, None
    for name, index in _SEGMENT.findall(key):
        hit = _find_line(lines, start, name, int(index) + 1 if index else 1)
        if hit is None:
            break
        found = hit
        if _assign(name).match(lines[hit]):
            break
        start = hit + 1
    return found + 1 if found is not None else None


def _assign(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:[\w-]+\.)*{re.escape(name)}\s*=")


def _find_line(lines: list[str], start: int, name: str, wanted: int) -> int | None:
    """The index of the ``wanted``-th line from ``start`` that sets or opens ``name``."""
    name_re = re.escape(name)
    header = re.compile(rf"^\s*\[\[?\s*(?:[\w-]+\.)*{name_re}\s*\]\]?\s*(#.*)?$")
    assign = _assign(name)
    for number in range(start, len(lines)):
        if header.match(lines[number]) or assign.match(lines[number]):
            wanted -= 1
            if wanted == 0:
                return number
    return None
