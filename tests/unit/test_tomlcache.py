"""The parse cache only ever saves time: edits are seen, errors still reported, junk ignored."""

from __future__ import annotations

import os

from limber.core.packs.content import read_pack_dir
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


def test_errors_in_cached_files_are_still_reported_with_their_line(make_pack, tmp_path):
    root = make_pack("demo", stretches={"a": {"sides": "both"}})
    cache = TomlCache(tmp_path / "cache")
    first = read_pack_dir(root, cache).errors
    second = read_pack_dir(root, cache).errors
    assert [str(e) for e in first] == [str(e) for e in second]
    assert second[0].key == "sides" and second[0].line == 7


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
