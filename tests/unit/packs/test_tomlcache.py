"""The parse cache only ever saves time: edits are seen, errors still reported, junk ignored."""

from __future__ import annotations

import os
import time

import msgspec
import pytest

from limber.core.files import read_toml
from limber.core.packs import content, parsecache
from limber.core.packs.content import PackContent, read_pack_dir
from limber.core.packs.parsecache import TomlCache


def test_second_load_uses_the_cache_and_gives_the_same_items(make_pack, tmp_path):
    root = make_pack("demo", stretches={"a": {}, "b": {"sides": "each"}}, routines={"r": "a"})
    cache = TomlCache(tmp_path / "cache")
    first = read_pack_dir(root, cache)
    assert list((tmp_path / "cache").iterdir()), "a cache file was written"
    second = read_pack_dir(root, cache)
    assert second.items == first.items and second.errors == []


def test_an_edited_file_is_parsed_again(make_pack, tmp_path):
    root = make_pack("demo", stretches={"a": {"seconds": 20}})
    cache = TomlCache(tmp_path / "cache")
    read_pack_dir(root, cache)
    path = root / "stretches" / "a.toml"
    path.write_text(path.read_text().replace("seconds = 20", "seconds = 45"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_pack_dir(root, cache).stretches[0].dose.seconds == 45


@pytest.mark.parametrize(
    ("fields", "key", "line", "words"),
    [
        ({"sides": "both"}, "sides", 7, "not one of the allowed values"),
        # msgpack gives a TOML date back as a string, which a text field accepts: a
        # table holding one is not kept, so the second load says what the first did.
        ({"seconds": "20\nnote = 2024-01-01"}, "dose.note", 13, "got `date`"),
    ],
)
def test_errors_in_cached_files_are_still_reported_with_their_line(
    make_pack, tmp_path, fields, key, line, words
):
    root = make_pack("demo", stretches={"a": fields})
    cache = TomlCache(tmp_path / "cache")
    first = read_pack_dir(root, cache).errors
    second = read_pack_dir(root, cache).errors
    assert [str(e) for e in second] == [str(e) for e in first]
    assert (second[0].key, second[0].line) == (key, line) and words in second[0].message


def test_a_corrupt_or_unwritable_cache_is_ignored(make_pack, tmp_path):
    root = make_pack("demo")
    folder = tmp_path / "cache"
    cache = TomlCache(folder)
    read_pack_dir(root, cache)
    for file in folder.iterdir():
        file.write_bytes(b"\x00garbage")
    assert [s.id for s in read_pack_dir(root, cache).stretches] == ["hug"]
    blocked = TomlCache(tmp_path / "a-file")
    (tmp_path / "a-file").write_text("not a folder")
    assert [s.id for s in read_pack_dir(root, blocked).stretches] == ["hug"]


def test_added_and_removed_files_are_seen(make_pack, tmp_path):
    root = make_pack("demo", stretches={"a": {}, "b": {}})
    cache = TomlCache(tmp_path / "cache")
    read_pack_dir(root, cache)
    (root / "stretches" / "a.toml").unlink()
    text = (root / "stretches" / "b.toml").read_text()
    (root / "stretches" / "c.toml").write_text(text.replace('id = "b"', 'id = "c"'))
    assert [s.id for s in read_pack_dir(root, cache).stretches] == ["b", "c"]
    assert [s.id for s in read_pack_dir(root, cache).stretches] == ["b", "c"]


def test_a_cache_another_limber_wrote_is_not_used(make_pack, tmp_path, monkeypatch):
    # The tables are kept cleaned, and what cleaning removes may change between versions.
    root = make_pack("demo", stretches={"a": {}, "b": {}})
    cache = TomlCache(tmp_path / "cache")
    read_pack_dir(root, cache)
    parsed: list[str] = []

    def counting(raw: bytes, *, file: str) -> dict[str, object]:
        parsed.append(file)
        return read_toml(raw, file=file)

    monkeypatch.setattr(content, "read_toml", counting)
    read_pack_dir(root, cache)
    assert parsed == []
    monkeypatch.setattr(parsecache, "__version__", "99.0")
    assert [s.id for s in read_pack_dir(root, cache).stretches] == ["a", "b"]
    assert parsed == ["pack.toml", "stretches/a.toml", "stretches/b.toml"]


def test_a_damaged_table_in_the_cache_is_parsed_again(make_pack, tmp_path):
    root = make_pack("demo", stretches={"a": {}, "b": {"seconds": 45}})
    folder = tmp_path / "cache"
    read_pack_dir(root, TomlCache(folder))
    (file,) = folder.iterdir()
    data = msgspec.msgpack.decode(file.read_bytes())
    data["files"]["stretches/b.toml"][2] = 5  # not a table
    file.write_bytes(msgspec.msgpack.encode(data))
    loaded = read_pack_dir(root, TomlCache(folder))
    assert loaded.errors == []
    assert [(s.id, s.dose.seconds) for s in loaded.stretches] == [("a", 20), ("b", 45)]
    assert (
        PackContent().add_cached("stretches", msgspec.Raw(b"\xc1"), file="x", text_source=None)
        is False
    )


def test_pack_toml_comes_from_the_cache_and_its_edits_and_errors_are_seen(make_pack, tmp_path):
    root = make_pack("demo")
    cache = TomlCache(tmp_path / "cache")
    assert read_pack_dir(root, cache).info.title == "Test pack demo"
    assert read_pack_dir(root, cache).info.title == "Test pack demo"
    pack = root / "pack.toml"
    pack.write_text(pack.read_text().replace("Test pack demo", "Renamed") + "colour = 3\n")
    stat = pack.stat()
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    for _ in range(2):
        loaded = read_pack_dir(root, cache)
        assert loaded.info is None
        assert [(e.key, e.line) for e in loaded.errors] == [("colour", 5)]
        assert "unknown key `colour`" in loaded.errors[0].message
    pack.write_text(pack.read_text().replace("colour = 3\n", ""))
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))
    assert read_pack_dir(root, cache).info.title == "Renamed"
    assert read_pack_dir(root, cache).info.title == "Renamed"


def test_an_edit_that_keeps_size_and_modification_time_is_seen(make_pack, tmp_path):
    # As `cp -p`, `rsync -t` or `tar` leave a file: only its change time says it changed.
    root = make_pack("demo", stretches={"a": {"seconds": 20}})
    cache = TomlCache(tmp_path / "cache")
    read_pack_dir(root, cache)
    path = root / "stretches" / "a.toml"
    before = path.stat()
    path.write_text(path.read_text().replace("seconds = 20", "seconds = 45"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    while path.stat().st_ctime_ns == before.st_ctime_ns:  # the clock has not ticked yet
        time.sleep(0.001)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert read_pack_dir(root, cache).stretches[0].dose.seconds == 45
