"""A TOML file nested MAX_DEPTH deep is refused whichever way it nests, and one just
under the limit is read: the quick count that lets a plain file skip the nesting walk
never lets a deep one through."""

from __future__ import annotations

import pytest

from limber.core.errors import ContentError
from limber.core.files import read_toml
from limber.core.text import MAX_DEPTH


def _nested(depth: int) -> dict[str, str]:
    """Documents whose deepest table or array is ``depth`` levels below the top, each
    made by one kind of nesting only."""
    return {
        "dotted key": ".".join(["a"] * (depth + 1)) + " = 1\n",
        "table header": "[" + ".".join(["a"] * depth) + "]\n",
        "arrays": "v = " + "[" * depth + "]" * depth + "\n",
        "inline tables": "v = " + "{ a = " * (depth - 1) + "{}" + " }" * (depth - 1) + "\n",
        "arrays of tables": "".join(
            "[[" + ".".join(["a"] * n) + "]]\n" for n in range(1, depth // 2 + 1)
        ),
    }


@pytest.mark.parametrize("kind", sorted(_nested(MAX_DEPTH)))
def test_nesting_at_the_limit_is_refused_and_just_under_it_is_read(kind: str):
    with pytest.raises(ContentError, match="nested too deeply"):
        read_toml(_nested(MAX_DEPTH)[kind].encode(), file="deep.toml")
    under = MAX_DEPTH - 1 if kind != "arrays of tables" else MAX_DEPTH - 2
    assert read_toml(_nested(under)[kind].encode(), file="deep.toml")
