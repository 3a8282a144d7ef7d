"""The loader: TOML in, model out, and every error names the file, the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from limber.core.errors import ContentError
from limber.core.packs.content import read_pack_dir


def only_error(root: Path) -> ContentError:
    content = read_pack_dir(root)
    assert len(content.errors) == 1, [str(e) for e in content.errors]
    return content.errors[0]


def test_a_valid_pack_loads_every_item(make_pack):
    root = make_pack(
        "demo", stretches={"hug": {}, "twist": {"sides": "each"}}, routines={"easy": "hug"}
    )
    content = read_pack_dir(root)
    assert content.errors == []
    assert content.info is not None and content.info.name == "demo"
    assert sorted(s.id for s in content.stretches) == ["hug", "twist"]
    assert [r.id for r in content.routines] == ["easy"]
    assert {s.id: s.sides for s in content.stretches} == {"hug": "none", "twist": "each"}


def test_syntax_error_names_file_line_and_column(make_pack):
    root = make_pack("demo", files={"stretches/bad.toml": 'id = "bad"\nname = "Bad\n'})
    error = only_error(root)
    assert error.file == "stretches/bad.toml"
    assert error.line == 2
    assert error.column is not None
    assert str(error).startswith("stretches/bad.toml:2:")
    assert "TOML syntax error" in str(error)


def test_unknown_key_is_an_error_with_a_suggestion_and_its_line(make_pack):
    root = make_pack("demo")
    path = root / "stretches" / "hug.toml"
    path.write_text(path.read_text().replace("[dose]\nseconds", "[dose]\nsecods"))
    error = only_error(root)
    assert error.key == "dose.secods"
    assert "unknown key `secods`" in error.message
    assert "did you mean `seconds`?" in error.message
    lines = path.read_text().splitlines()
    assert lines[error.line - 1].startswith("secods")


def test_wrong_type_names_the_key_path(make_pack):
    root = make_pack("demo", stretches={"hug": {"seconds": '"twenty"'}})
    error = only_error(root)
    assert error.key == "dose.seconds"
    assert error.located().startswith("stretches/hug.toml:")
    assert "dose.seconds: expected" in error.located()


def test_missing_key_is_named(make_pack):
    root = make_pack("demo")
    path = root / "stretches" / "hug.toml"
    path.write_text(path.read_text().replace('setup = "Lie on your back."\n', ""))
    error = only_error(root)
    assert error.key == "setup"
    assert error.message == "this key is required but missing"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [("[30, 20]", "runs backwards"), ("0", "out of range"), ("[10, 20, 30]", "expected")],
)
def test_bad_dose_ranges_are_rejected(make_pack, seconds, expected):
    root = make_pack("demo", stretches={"hug": {"seconds": seconds}})
    error = only_error(root)
    assert error.key is not None and error.key.startswith("dose")
    assert expected in error.message


def test_an_entry_in_an_array_of_tables_is_located(make_pack):
    routine = """\
        id = "r"
        name = "R"
        description = "d"

        [[steps]]
        stretch = "hug"

        [[steps]]
        stretch = "hug"
        sides = "both"
        """
    root = make_pack("demo", files={"routines/r.toml": routine})
    error = only_error(root)
    assert error.key == "steps[1].sides"
    assert error.line == 10


def test_duplicate_ids_in_one_pack_are_reported(make_pack):
    root = make_pack("demo", stretches={"hug": {}})
    (root / "stretches" / "hug-again.toml").write_text(
        (root / "stretches" / "hug.toml").read_text()
    )
    error = only_error(root)
    files = {"stretches/hug.toml", "stretches/hug-again.toml"}
    assert error.file in files
    (other,) = files - {error.file}
    assert error.message == f"id `hug` is already used by {other}"


def test_missing_pack_toml_is_reported(make_pack):
    root = make_pack("demo")
    (root / "pack.toml").unlink()
    assert "no pack.toml" in only_error(root).message


def test_markup_is_kept_as_data_and_escapes_are_removed_where_text_enters(make_pack):
    hostile = "[@click=app.quit]Quit[/] [bold]x \\u001b[31mred\\u009b2J"
    root = make_pack("demo", stretches={"hug": {"title": hostile}})
    content = read_pack_dir(root)
    assert content.errors == []
    assert content.stretches[0].name == "[@click=app.quit]Quit[/] [bold]x red"


def test_a_word_outside_an_enum_is_told_the_allowed_words():
    from limber.core.errors import ContentError
    from limber.core.model import Stretch
    from limber.core.validate import decode

    data = {
        "id": "x",
        "name": "X",
        "summary": "s",
        "kind": "hop",
        "position": "seated",
        "targets": ["hips"],
        "sides": "none",
        "setup": "s",
        "steps": ["s"],
        "dose": {"seconds": 20},
    }
    with pytest.raises(ContentError) as raised:
        decode(Stretch, data, file="stretches/x.toml", text='kind = "hop"\n')
    assert str(raised.value) == (
        "stretches/x.toml:1: kind: `hop` is not one of the allowed values: "
        "`hold`, `flow`, `reps`, `isometric`"
    )
