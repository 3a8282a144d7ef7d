"""Any string a pack supplies comes out of the boundary free of control and invisible
characters and bounded in length: a field of a stretch, a key, an error's text, an entry
point's name."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile.conftest import ESCAPE

from limber.core.errors import ContentError
from limber.core.model import Stretch
from limber.core.packs.report import PackRecord
from limber.core.text import MAX_MESSAGE, MAX_TEXT, clean_tree, untrusted_line
from limber.core.validate import decode

HIDDEN = "\u200f\u200e\u061c\u200b\ufeff\u2060\u00ad\u2066\u2069\u202e"
ANY_TEXT = st.text(max_size=300) | st.text(
    alphabet=f"\x1b\x9b\x07[]0;m\t\na2 8{HIDDEN}", max_size=300
)
BIDI = set(HIDDEN + "\u202a\u202b\u202c\u202d\u2067\u2068\u2064\u180e\ufff9")
"""Invisible and direction-changing characters: none may come out of the boundary."""


def safe(text: str, limit: int) -> bool:
    return not ESCAPE.search(text) and not BIDI & set(text) and len(text) <= limit


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, st.integers(1, 5000))
def test_any_text_comes_out_clean_and_bounded(text, repeat):
    long = text * repeat
    assert safe(untrusted_line(long), MAX_MESSAGE)
    assert "\n" not in untrusted_line(long)
    tree = clean_tree({long: [long, {"k": long}]})
    ((key, value),) = tree.items()
    assert safe(key, MAX_TEXT) and safe(value[0], MAX_TEXT) and safe(value[1]["k"], MAX_TEXT)


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_a_stretch_field_an_error_and_a_record_are_clean(text):
    data = {
        "id": "hug",
        "name": text or "x",
        "summary": "s",
        "kind": "hold",
        "position": "seated",
        "targets": ["core"],
        "sides": "none",
        "setup": "s",
        "steps": ["a"],
        "dose": {"seconds": 2, "note": text},
    }
    try:
        stretch = decode(Stretch, data, file="f.toml")
    except ContentError as error:
        assert safe(str(error), 2000)
    else:
        assert safe(stretch.name, MAX_TEXT) and safe(stretch.dose.note, MAX_TEXT)
    record = PackRecord(name="p")
    record.fail(text * 1000)
    assert safe(record.error, 2 * MAX_MESSAGE)


@given(st.sampled_from(HIDDEN))
def test_an_invisible_mark_in_a_toml_file_is_gone_written_or_escaped(mark):
    from limber.core.files import read_toml

    written = read_toml(f'name = "pain 2 {mark}→ 8"'.encode(), file="f.toml")
    escaped = read_toml(f'name = "pain 2 \\u{ord(mark):04x}→ 8"'.encode(), file="f.toml")
    assert written == escaped == {"name": "pain 2 → 8"}
