"""Property: whatever TOML-shaped data a pack holds, the loader raises only ContentError."""

from __future__ import annotations

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from limber.core.errors import ContentError
from limber.core.files import read_toml
from limber.core.model import Guidance, PackInfo, Routine, Stretch
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
