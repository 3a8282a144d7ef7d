"""The fast reader of plain TOML reads a file as tomllib does, or leaves it to tomllib."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from limber.core import tomlfast
from limber.core.files import read_toml

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(REPO.glob("content/**/*.toml")) + sorted(REPO.glob("plugins/*/limber_*/**/*.toml"))

PLAIN = """\
id = "s1"  # a comment
name = "Stretch — ünïcode\tand a tab"
targets = ["lower-back", "hips",]
brackets = ["a [b] c", "[", "]"]
empty = []
rounds = 3
negative = -0
weight = +1.25
on = true
off = false

[dose]
seconds = [20, 30]

[[sources]]
title = "One"

[[sources]]
title = "Two" # same key, another table

[figure]
steps = [
    "One.",
    "Two, with a # that is no comment",
]
points = [[2, 0], [ 98 , -0.5 ],
  [1, 2],
]

[[figure.keyframes]]
head = [27, 24]

[[figure.keyframes]]
head = [28, 24]

[figure.more]
x = 1
"""

LEFT_TO_TOMLLIB = [
    'name = "with \\"escapes\\""',
    "name = 'literal'",
    'name = """multi\nline"""',
    "a.b = 1",
    '"quoted" = 1',
    "when = 2024-01-01",
    "big = 1234567890123456789012",
    "exp = 1e5",
    "under = 1_000",
    "hex = 0x10",
    "inline = { a = 1 }",
    "nested = [['a'], [2]]",
    'nested = [["a"], [2]]',
    "mixed = [[1], 2]",
    "commented = [\n  1, # one\n]",
    "[a.b]",
    "[a.b]\n[a]",
    "[[a.b]]",
    "[a]\n[a.b.c]",
    "[[a]]\n[a.b]",
    "[[a]]\n[[a.b]]",
    "[ spaced ]",
    'name = "a"\r\n',
]
BROKEN = [
    "[a]\nb = 1\n[a.b]",
    "[a]\nb = 1\n[[a.b]]",
    "[a]\n[[a.b]]\n[a.b]",
    "[a]\n[a.b]\n[[a.b]]",
    "a = [1\n2]",
    "a = 1\na = 2",
    "[t]\n[t]",
    "t = 1\n[t]",
    "[t]\n[[t]]",
    "[[t]]\n[t]",
    "t = 1\n[[t]]",
    "a = 01",
    "a = 1.",
    "a = [,]",
    "a =",
    "a",
    'a = "x" "y"',
    'a = "control \x01"',
    "# comment with \x7f",
    'a = "del \x7f"',
    "a = trueish",
    "\ufeffa = 1",
    'a = "unclosed',
]


def test_a_plain_file_reads_as_tomllib_reads_it():
    assert tomlfast.loads(PLAIN) == tomllib.loads(PLAIN)
    assert list(tomlfast.loads(PLAIN) or {}) == list(tomllib.loads(PLAIN))  # in order
    assert tomlfast.loads("") == {}


@pytest.mark.parametrize("text", LEFT_TO_TOMLLIB)
def test_what_it_does_not_know_goes_to_tomllib(text: str):
    assert tomlfast.loads(text) is None
    tomllib.loads(text)  # valid TOML all the same


@pytest.mark.parametrize("text", BROKEN)
def test_what_tomllib_refuses_it_never_reads(text: str):
    assert tomlfast.loads(text) is None
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)


def test_every_shipped_file_reads_the_same_and_most_take_the_fast_way():
    fast = 0
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        found = tomlfast.loads(text)
        if found is not None:
            fast += 1
            assert found == tomllib.loads(text), path
    assert fast > len(SHIPPED) // 2


def test_a_broken_file_keeps_tomllibs_message_and_line():
    assert read_toml(b'id = "a"\n', file="stretches/a.toml", fast=True) == {"id": "a"}
    with pytest.raises(Exception) as caught:
        read_toml(b'id = "a"\nid = "b"\n', file="stretches/a.toml", fast=True)
    assert caught.value.line == 2  # type: ignore[attr-defined]


FRAGMENTS = [
    "id",
    "a",
    "a.b",
    "b",
    "figure",
    "figure.points",
    "steps",
    "1",
    "é",
    " ",
    "\t",
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    ",",
    "#",
    "# c",
    "\n",
    "\n",
    "\r",
    '"',
    '"text"',
    '"a # b"',
    '"[x]"',
    "'lit'",
    "\\",
    "\\n",
    "\x01",
    "\x7f",
    "\ufeff",
    "0",
    "01",
    "-0",
    "+5",
    "12",
    "1.5",
    "1.",
    "1e3",
    "1_0",
    "true",
    "false",
    "truex",
    "{",
    "}",
    "2024-01-01",
    '"""',
    "9999999999999999999",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_random_text_is_read_as_tomllib_reads_it_or_left_to_it(parts: list[str]):
    text = "".join(parts)
    found = tomlfast.loads(text)
    if found is None:
        return
    assert found == tomllib.loads(text)  # raises if tomllib refuses what it read


LINES = [
    'id = "x"',
    "n = 3",
    "f = -1.25",
    "t = true",
    'xs = ["a", "b",]',
    "xs = []",
    "ps = [[1, 2], [3]]",
    'ms = [\n  "a",\n  "b"\n]',
    "# note",
    "",
    "[dose]",
    "[figure]",
    "[figure.more]",
    "[[sources]]",
    "[[figure.keyframes]]",
    "[[dose]]",
    "[sources]",
    'title = "t"  # why',
    "dose = 1",
    "sources = 2",
    "more = 1",
    "keyframes = []",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=25))
def test_random_plain_lines_are_read_as_tomllib_reads_them_or_left_to_it(lines: list[str]):
    text = "\n".join(lines)
    found = tomlfast.loads(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert found is None, text
        return
    assert found is None or found == expected, text
