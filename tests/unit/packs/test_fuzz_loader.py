"""Property: whatever TOML-shaped data a pack holds, the loader raises only ContentError."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limber.core.errors import ContentError
from limber.core.files import read_toml
from limber.core.model import Guidance, PackInfo, Routine, Stretch
from limber.core.packs.content import PackContent
from limber.core.packs.parsecache import kept
from limber.core.validate import decode

KEYS = [
    "id",
    "name",
    "summary",
    "kind",
    "position",
    "targets",
    "sides",
    "setup",
    "steps",
    "dose",
    "seconds",
    "breaths",
    "reps",
    "total_seconds",
    "flow",
    "cue",
    "stretch",
    "rounds",
    "title",
    "description",
    "author",
    "sources",
    "tags",
    "easier",
    "points",
    "category",
    "note",
]
scalars = (
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["hold", "flow", "each", "none", "lying-on-back", "lower-back", "x"])
)
toml_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=20,
)
documents = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), toml_values, max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([Stretch, Routine, Guidance, PackInfo]))
def test_loader_raises_only_content_error(document, cls):
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return
    try:
        data = read_toml(text.encode(), file="fuzz.toml")
        decode(cls, data, file="fuzz.toml", text=text)
    except ContentError as error:
        assert error.file == "fuzz.toml"
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_content_error(blob):
    try:
        read_toml(blob, file="junk.toml")
    except ContentError as error:
        assert error.file == "junk.toml"


REPO = Path(__file__).resolve().parents[3]
BASES = {
    Stretch: ("stretches", tomllib.loads((REPO / "content/stretches/cat-cow.toml").read_text())),
    Routine: ("routines", tomllib.loads((REPO / "content/routines/post-run.toml").read_text())),
    Guidance: ("guidance", tomllib.loads((REPO / "content/guidance/how-often.toml").read_text())),
}
"""A shipped file of each kind: changing a key or two of a valid table finds the cases a
random table rarely reaches (a string where a number goes, a range running backwards)."""


@st.composite
def near_valid(draw: st.DrawFn) -> tuple[type, dict[str, Any]]:
    cls = draw(st.sampled_from(list(BASES)))
    data = copy.deepcopy(BASES[cls][1])
    values = toml_values | st.integers(1, 60).map(str) | st.dates() | st.times() | st.datetimes()
    for _ in range(draw(st.integers(1, 2))):
        tables = [data, *(v for v in data.values() if isinstance(v, dict))]
        tables += [
            t for v in data.values() if isinstance(v, list) for t in v if isinstance(t, dict)
        ]
        table = draw(st.sampled_from(tables))
        key = draw(st.sampled_from(sorted({*table, *KEYS})))
        if key in table and draw(st.booleans()):
            del table[key]
        else:
            table[key] = draw(values)
    return cls, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(near_valid(), st.tuples(st.sampled_from(list(BASES)), documents)))
def test_a_table_from_the_parse_cache_gets_the_same_verdict(case):
    """The parse cache keeps a table as msgpack and decodes it straight into its struct:
    the same item, or the same error at the same key, as the table itself gives."""
    cls, document = case
    try:
        text = tomli_w.dumps(document)
        data = read_toml(text.encode(), file="fuzz.toml")
    except (TypeError, ValueError, ContentError):
        return
    folder = BASES[cls][0]
    fresh, cached = PackContent(), PackContent()
    fresh.add(folder, data, file="fuzz.toml", text=text, cleaned=True)
    encoded = kept(data)
    if encoded is None:  # not kept: the file is parsed on every load
        return
    assert cached.add_cached(folder, encoded, file="fuzz.toml", text_source=None) is True
    assert cached.items == fresh.items
    assert [(e.message, e.key) for e in cached.errors] == [(e.message, e.key) for e in fresh.errors]
    assert cached.invalid_stretches == fresh.invalid_stretches
