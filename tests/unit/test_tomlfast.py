"""The fast reader of plain TOML reads a file as tomllib does, or leaves it to tomllib."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

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
    with pytest.raises(Exception) as caught:
        read_toml(b'id = "a"\nid = "b"\n', file="stretches/a.toml")
    assert caught.value.line == 2  # type: ignore[attr-defined]
