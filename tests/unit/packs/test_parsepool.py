"""The second process of a cold load only ever saves time: the same items, the same
errors in the same words, and no child left running, whatever happens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from limber.core.packs import content, parsepool
from limber.core.packs.content import read_pack_dir
from limber.core.packs.parsecache import TomlCache
from limber.core.packs.parsepool import MIN_FILES, ParsePool

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the pool is POSIX only")

BAD_FILES = {
    "stretches/00-syntax.toml": 'id = "x\n',
    "stretches/01-date.toml": 'id = "dated"\nnote = 2024-01-01\n',
    "stretches/02-fields.toml": 'id = "fields"\nsides = "both"\n',
    "stretches/zz-deep.toml": "x = " + "[" * 200 + "]" * 200 + "\n",
    "stretches/zz-duplicate.toml": "",  # filled with a copy of s0's file below
}


def _big_pack(make_pack):
    """A pack with more files than MIN_FILES, bad ones at both ends of the list."""
    stretches = {f"s{n}": {"sides": "each" if n % 2 else "none"} for n in range(MIN_FILES + 20)}
    root = make_pack("big", stretches=stretches, routines={"r": "s1"}, files=BAD_FILES)
    (root / "stretches" / "zz-duplicate.toml").write_bytes(
        (root / "stretches/s0.toml").read_bytes()
    )
    (root / "stretches" / "zz-binary.toml").write_bytes(b'id = "\xff"\n')
    return root


@pytest.fixture
def slow_loader(monkeypatch):
    """The loader's own parsing made slow (the child's is not), so the child surely
    answers for some files before the loader reaches them; counts whose each file was."""
    parse = content.read_toml
    counts = {"child": 0, "loader": 0}

    def slow(data, *, file):
        time.sleep(0.003)
        counts["loader"] += 1
        return parse(data, file=file)

    take = parsepool.Share.take

    def counted(self, index):
        table = take(self, index)
        counts["child"] += table is not None
        return table

    monkeypatch.setattr(content, "read_toml", slow)
    monkeypatch.setattr(parsepool.Share, "take", counted)
    return counts


def _started(root) -> ParsePool:
    """A pool whose child has said it is ready (on a busy machine a Python can take a
    while to start; the loader never waits for it, but this test wants its answers)."""
    pool = ParsePool()
    share = pool.share([str(path) for path in sorted(root.rglob("*.toml"))])
    assert share is not None
    deadline = time.monotonic() + 60
    while not pool.ready and time.monotonic() < deadline:
        share.take(0)  # takes in the child's first words
        time.sleep(0.01)
    pool.release()
    assert pool.ready
    return pool


def test_a_pool_gives_the_same_items_and_errors_as_one_process(make_pack, tmp_path, slow_loader):
    root = _big_pack(make_pack)
    alone = read_pack_dir(root, TomlCache(tmp_path / "alone"))
    pool = _started(root)
    try:
        shared = read_pack_dir(root, TomlCache(tmp_path / "shared"), pool)
    finally:
        pool.close()
    assert slow_loader["child"] > 0, "the child parsed some of the files"
    assert shared.items == alone.items and len(shared.items) > MIN_FILES
    assert [str(e) for e in shared.errors] == [str(e) for e in alone.errors]
    assert [(e.file, e.key, e.line) for e in shared.errors] == [
        (e.file, e.key, e.line) for e in alone.errors
    ]
    assert len(shared.errors) == 6
    # What the child parsed is kept in the parse cache: the next load parses nothing.
    again = read_pack_dir(root, TomlCache(tmp_path / "shared"))
    assert again.items == alone.items


def test_a_few_files_are_parsed_without_a_child(make_pack, tmp_path):
    root = make_pack("small", stretches={f"s{n}": {} for n in range(MIN_FILES - 5)})
    pool = ParsePool()
    read_pack_dir(root, TomlCache(tmp_path / "cache"), pool)
    assert pool._proc is None
    pool.close()


def test_a_child_that_dies_leaves_the_loader_to_parse_the_rest(make_pack, tmp_path, slow_loader):
    root = _big_pack(make_pack)
    alone = read_pack_dir(root, TomlCache(tmp_path / "alone"))
    pool = ParsePool()
    take = parsepool.Share.take

    def killing(self, index):
        if index == 10:
            assert self.pool._proc is not None
            self.pool._proc.kill()
        return take(self, index)

    parsepool.Share.take = killing  # undone by slow_loader's monkeypatch
    try:
        shared = read_pack_dir(root, TomlCache(tmp_path / "shared"), pool)
    finally:
        pool.close()
    assert shared.items == alone.items
    assert [str(e) for e in shared.errors] == [str(e) for e in alone.errors]


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie no one has reaped yet has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_close_ends_the_child(make_pack, tmp_path):
    pool = ParsePool()
    read_pack_dir(_big_pack(make_pack), TomlCache(tmp_path / "cache"), pool)
    assert pool._proc is not None
    pid = pool._proc.pid
    pool.close()
    assert pool._proc.returncode is not None and _wait_gone(pid)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_the_child_ends_when_the_loader_is_killed(make_pack, tmp_path, how):
    """kill -9 of the loader: the child's input ends, and so does it. ctrl+c (SIGINT to
    both): each ends."""
    root = _big_pack(make_pack)
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from limber.core.packs.parsepool import ParsePool
        pool = ParsePool()
        shared = pool.share([str(p) for p in sorted(Path({str(root)!r}).rglob("*.toml"))])
        print(pool._proc.pid, flush=True)
        time.sleep(60)
        """
    )
    loader = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # As from a terminal, even if these tests were started with SIGINT ignored (a
        # background job's is, and a child inherits it): then ctrl+c would not reach it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert loader.stdout is not None
        child = int(loader.stdout.readline())
        os.killpg(loader.pid, how) if how == signal.SIGINT else loader.kill()
        loader.wait(10)
        assert _wait_gone(child), "the child outlived its loader"
    finally:
        loader.kill()
        loader.wait()
