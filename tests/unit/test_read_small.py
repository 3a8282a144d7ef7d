"""read_small reads a small file whole, however its size is reported, and refuses a big
one, a folder and a FIFO."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from limber.core.errors import ContentError
from limber.core.files import MAX_FILE_BYTES, read_small


def test_a_file_at_the_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path: Path):
    at = tmp_path / "at.toml"
    at.write_bytes(b"x" * MAX_FILE_BYTES)
    assert read_small(at) == b"x" * MAX_FILE_BYTES
    over = tmp_path / "over.toml"
    over.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ContentError, match="larger than"):
        read_small(over)


def test_a_small_and_an_empty_file(tmp_path: Path):
    small = tmp_path / "small.toml"
    small.write_bytes(b'id = "a"\n')
    (tmp_path / "empty.toml").write_bytes(b"")
    assert read_small(str(small)) == b'id = "a"\n'
    assert read_small(tmp_path / "empty.toml") == b""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_a_file_that_says_it_has_no_size_is_read_all_the_same():
    assert os.stat("/proc/self/status").st_size == 0
    assert b"Pid:" in read_small(Path("/proc/self/status"))


def test_a_folder_is_refused_as_open_refuses_it(tmp_path: Path):
    with pytest.raises(IsADirectoryError):
        read_small(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_with_no_writer_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ContentError, match="not a regular file"):
        read_small(fifo)
