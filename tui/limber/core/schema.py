"""The JSON Schema of pack files, in a form every validator reads the same way.

msgspec writes draft 2020-12 (``$defs``, ``prefixItems`` with ``items: false``). Taplo
(Even Better TOML) reads that as draft-07 and takes ``items: false`` as "no items", so
every range dose looked wrong in the editor. :func:`portable` rewrites any struct's
schema, generically, into draft-07 constructs that Taplo, ``check-jsonschema`` and the
loader agree on:

- ``definitions`` instead of ``$defs``; the root is the struct itself, not a ``$ref``;
- a fixed-length array as ``items: [...]`` with ``additionalItems: false``;
- no ``null`` arm (TOML has no null: a key is given or left out);
- every property gets a description: the field's docstring in the model (read from the
  source with ``ast``), then its type's own description, and an example where useful;
- a ``$ref`` that carries a description goes inside ``allOf``, since draft-07 ignores
  keywords beside a ``$ref``.

Rules that the model checks in ``__post_init__`` are added from :data:`RULES`, by
struct title. One rule no JSON Schema can say: a range ``[low, high]`` running
backwards (``[30, 20]``); the loader rejects it and the description says low first.
"""

from __future__ import annotations

import ast
import inspect
from functools import cache
from typing import Any

import msgspec

from limber.core.model import Guidance, PackInfo, Routine, Stretch
from limber.core.programme_model import Programme

DRAFT = "http://json-schema.org/draft-07/schema#"

AMOUNT_BOUNDS = {"minimum": 1, "maximum": 3600}
"""An amount (seconds, breaths, reps) is a whole number from 1 to 3600."""

EXAMPLES: dict[str, list[object]] = {
    "id": ["knee-hug"],
    "stretch": ["knee-hug", "core/childs-pose"],
    "seconds": [30, [20, 30]],
    "breaths": [5],
    "reps": [10, [8, 12]],
    "total_seconds": [60],
    "targets": [["lower-back", "glutes"]],
    "tags": [["gentle", "post-run"]],
    "requires-limber": [">=0.1"],
    "credentials": ["Chartered physiotherapist (HCPC)"],
    "url": ["https://www.example.org/article"],
}
"""Field name → examples an editor shows on hover."""

_ONE_UNIT = [{"required": [unit]} for unit in ("seconds", "breaths", "reps")]

RULES: dict[str, dict[str, Any]] = {
    "Dose": {"oneOf": _ONE_UNIT},
    "RoutineStep": {
        "not": {
            "anyOf": [
                {"required": ["seconds", "breaths"]},
                {"required": ["seconds", "reps"]},
                {"required": ["breaths", "reps"]},
            ]
        }
    },
    "DoseChange": {"oneOf": [{"required": ["step"]}, {"required": ["stretch"]}]},
    "Stretch": {
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "flow"}}, "required": ["kind"]},
                "then": {"required": ["flow"], "properties": {"flow": {"minItems": 2}}},
                "else": {"properties": {"flow": {"maxItems": 0}}},
            },
            {
                "if": {"properties": {"kind": {"const": "reps"}}, "required": ["kind"]},
                "then": {"properties": {"dose": {"required": ["reps"]}}},
            },
            {  # a figure says which side it draws exactly when the stretch has sides
                "if": {"properties": {"sides": {"const": "each"}}, "required": ["sides"]},
                "then": {
                    "properties": {
                        "figure": {
                            "required": ["side"],
                            "properties": {"side": {"enum": ["left", "right"]}},
                        }
                    }
                },
                "else": {"properties": {"figure": {"properties": {"side": {"const": "none"}}}}},
            },
        ]
    },
}
"""Struct title → what its ``__post_init__`` checks, as draft-07 keywords."""


def portable(schema: dict[str, Any], cls: type[msgspec.Struct], title: str) -> dict[str, Any]:
    """msgspec's schema of ``cls`` → the published draft-07 schema (see the module)."""
    defs: dict[str, Any] = dict(schema.get("$defs", {}))
    structs = {cls.__name__: cls, **_nested_structs(cls)}
    for name, definition in defs.items():
        struct = structs.get(name)
        for field, prop in definition.get("properties", {}).items():
            docs = _field_docs(struct) if struct is not None else {}
            _describe(prop, field, docs.get(_attr_name(struct, field), ""))
        if name in RULES:
            definition.update(RULES[name])
    root_name = cls.__name__
    root = defs.pop(root_name)
    out: dict[str, Any] = {"$schema": DRAFT, **root, "title": title}
    if defs:
        out["definitions"] = defs
    return _rewrite(out)  # type: ignore[no-any-return]


def _rewrite(node: Any) -> Any:
    """Draft 2020-12 constructs → draft-07, everywhere in the tree."""
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _rewrite(value) for key, value in node.items()}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/$defs/", "#/definitions/")
        if len(out) > 1:
            out = {k: v for k, v in out.items() if k != "$ref"} | {"allOf": [{"$ref": out["$ref"]}]}
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    if "anyOf" in out:
        arms = [arm for arm in out["anyOf"] if arm != {"type": "null"}]
        if _is_amount(arms):
            arms = [_bounded(arm) for arm in arms]
        out.pop("default", None) if out.get("default") is None else None
        if len(arms) == 1:
            del out["anyOf"]
            out = {**arms[0], **out}
        else:
            out["anyOf"] = arms
    return out


def _is_amount(arms: list[Any]) -> bool:
    """``int | tuple[int, int]``: a number, or a range ``[low, high]``."""
    if len(arms) != 2 or arms[0] != {"type": "integer"}:
        return False
    items = arms[1].get("items")
    return bool(arms[1].get("type") == "array" and items == [{"type": "integer"}] * 2)


def _bounded(arm: dict[str, Any]) -> dict[str, Any]:
    if arm.get("type") == "integer":
        return {**arm, **AMOUNT_BOUNDS}
    return {
        **arm,
        "items": [{"type": "integer", **AMOUNT_BOUNDS}] * 2,
        "description": "A range [low, high] from a source, low first, such as [20, 30].",
    }


def _describe(prop: dict[str, Any], field: str, doc: str) -> None:
    """Give a property its field's docstring (before its type's description) and examples."""
    own = prop.get("description", "")
    text = " ".join(part for part in (_clean(doc), own) if part)
    if not text:
        text = f"`{field}`."
    prop["description"] = text
    if field in EXAMPLES and "examples" not in prop:
        prop["examples"] = EXAMPLES[field]


def _clean(doc: str) -> str:
    return " ".join(doc.replace("``", "`").split())


def _attr_name(struct: type[msgspec.Struct] | None, encoded: str) -> str:
    if struct is None:
        return encoded
    for field in msgspec.structs.fields(struct):
        if field.encode_name == encoded:
            return field.name
    return encoded


def _nested_structs(cls: type[msgspec.Struct]) -> dict[str, type[msgspec.Struct]]:
    """Every struct class defined in ``cls``'s module, by name."""
    module = inspect.getmodule(cls)
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, msgspec.Struct)
    }


@cache
def _field_docs(cls: type[msgspec.Struct]) -> dict[str, str]:
    """Attribute docstrings (a string right after ``name: type``) of ``cls`` and its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, msgspec.Struct)):
            continue
        if klass is msgspec.Struct:
            continue
        try:
            tree = ast.parse(inspect.getsource(klass))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for node, after in zip(body, [*body[1:], None], strict=True):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[node.target.id] = after.value.value
    return docs


def json_schemas() -> dict[str, dict[str, object]]:
    """JSON Schema for each kind of pack file, keyed ``pack``, ``stretch``, ``routine``..."""
    kinds: dict[str, type[msgspec.Struct]] = {
        "pack": PackInfo,
        "stretch": Stretch,
        "routine": Routine,
        "guidance": Guidance,
        "programme": Programme,
    }
    out: dict[str, dict[str, object]] = {}
    for name, cls in kinds.items():
        out[name] = portable(msgspec.json.schema(cls), cls, f"Limber {name} file")
    return out
