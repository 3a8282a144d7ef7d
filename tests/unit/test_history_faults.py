"""The history store when the file or the disk lets it down: it never stops a session."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from historytools import WallClock, add_session, exported, open_store, phase
from limber.core.errors import LimberError
from limber.core.history import db as history_db
from limber.core.history import opening as history
from limber.core.session import PhaseResult

NOW = datetime(2024, 5, 15, 8, 0, 5, tzinfo=UTC)
TODAY = date(2024, 5, 15)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


def one_sentence(text: str | None) -> str:
    assert text, "expected a sentence"
    assert "\n" not in text and text.endswith(".")
    assert text.count(". ") == 0, text
    return text


def a_full_store(db: Path) -> None:
    clock = WallClock(NOW)
    with open_store(db, clock) as store:
        for hour in range(8):
            add_session(store, clock, NOW.replace(hour=hour), note="x" * 2000)


# -- a damaged file -------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_moved_aside_with_its_wal_and_shm(db):
    db.write_bytes(b"this is a shopping list, not a database\n" * 50)
    Path(f"{db}-wal").write_bytes(b"junk")
    Path(f"{db}-shm").write_bytes(b"junk")
    store = open_store(db, WallClock(NOW))
    aside = db.with_name("history.sqlite3.corrupt-20240515T080005")
    notice = one_sentence(store.notice)
    assert str(aside) in notice
    assert aside.read_bytes().startswith(b"this is a shopping list")
    assert Path(f"{aside}-wal").read_bytes() == b"junk"
    assert Path(f"{aside}-shm").read_bytes() == b"junk"
    # A fresh file, and recording works.
    assert store.begin("core/x", "X", "core", "1", 60, None) is not None
    assert store.save_problem is None
    assert store.stats(TODAY).total_sessions == 1


def test_a_truncated_file_is_moved_aside(db):
    a_full_store(db)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size // 2)
    store = open_store(db, WallClock(NOW))
    assert "history.sqlite3.corrupt-20240515T080005" in one_sentence(store.notice)
    assert store.stats(TODAY).total_sessions == 0
    assert store.begin("core/x", "X", "core", "1", 60, None) is not None


def test_a_file_with_damaged_pages_fails_quick_check_and_is_moved_aside(db):
    a_full_store(db)
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    raw = bytearray(db.read_bytes())
    for page in range(1, len(raw) // page_size):  # keep the header page, scramble the rest
        start = page * page_size
        raw[start : start + 64] = b"\xa5" * 64
    db.write_bytes(bytes(raw))
    store = open_store(db, WallClock(NOW))
    assert "was damaged" in one_sentence(store.notice)
    assert store.begin("core/x", "X", "core", "1", 60, None) is not None


def test_two_damaged_files_in_the_same_second_do_not_overwrite_each_other(db):
    for n in range(2):
        db.write_bytes(b"garbage %d" % n + b"!" * 200)
        with open_store(db, WallClock(NOW)) as store:
            store.begin("core/x", "X", "core", "1", 60, None)
    names = sorted(p.name for p in db.parent.glob("history.sqlite3.corrupt-*"))
    assert names == [
        "history.sqlite3.corrupt-20240515T080005",
        "history.sqlite3.corrupt-20240515T080005-1",
    ]


def test_a_damaged_file_that_cannot_be_moved_refuses_writes_without_raising(db, monkeypatch):
    db.write_bytes(b"not a database" * 20)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(history.os, "replace", refuse)
    store = open_store(db, WallClock(NOW))
    assert "could not be moved aside" in one_sentence(store.notice)
    assert store.begin("core/x", "X", "core", "1", 60, None) is None
    assert one_sentence(store.save_problem).startswith("This session could not be saved: ")
    assert store.stats(TODAY).total_sessions == 0
    assert db.read_bytes().startswith(b"not a database")


# -- a newer file ---------------------------------------------------------------------------


def test_a_file_from_a_newer_limber_is_read_but_never_changed(db):
    clock = WallClock(NOW)
    with open_store(db, clock) as store:
        sid = add_session(store, clock, NOW, note="kept")
        add_session(store, clock, NOW.replace(hour=9), status="in-progress")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.execute("UPDATE sessions SET pid = -5 WHERE status = 'in-progress'")  # a dead one
    before = db.read_bytes()

    store = open_store(db, clock)
    notice = one_sentence(store.notice)
    assert "newer Limber" in notice and "update Limber" in notice
    assert store.read_only
    stats = store.stats(TODAY)
    assert stats.total_sessions == 2 and stats.recent[1].note == "kept"
    assert store.sessions()[1].status == "in-progress"  # not marked: that would be a write
    assert store.begin("core/x", "X", "core", "1", 60, None) is None
    assert "newer Limber" in one_sentence(store.save_problem)
    assert store.record_phase(sid, PhaseResult(phase(0), 1, False)) is False
    assert store.finish(sid, "completed", 1) is False
    assert store.set_note(sid, "changed") is False
    with pytest.raises(LimberError, match="newer Limber"):
        store.import_json(exported(store, "json"))
    store.close()
    assert db.read_bytes() == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (99,)


# -- a disk that will not take the write ----------------------------------------------------


def test_a_full_disk_sets_save_problem_and_the_session_goes_on(db):
    clock = WallClock(NOW)
    store = open_store(db, clock)
    sid = store.begin("core/x", "X", "core", "1", 60, 5)
    assert sid is not None and store._conn is not None
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # as full as a full disk
    results = [store.record_phase(sid, PhaseResult(phase(n), 30, False)) for n in range(200)]
    assert False in results
    assert one_sentence(store.save_problem) == "This session could not be saved: the disk is full."
    # A note kept whole (2,000 characters of 3 bytes each) needs pages the disk lacks.
    assert store.finish(sid, "completed", 600, note="€" * 100_000) is False
    # Space again (the runner deleted something): the next writes land.
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.finish(sid, "completed", 600)
    assert store.sessions()[0].status == "completed"


def test_a_read_only_file_sets_save_problem(db):
    clock = WallClock(NOW)
    store = open_store(db, clock)
    sid = store.begin("core/x", "X", "core", "1", 60, None)
    assert store._conn is not None
    store._conn.execute("PRAGMA query_only = 1")  # SQLite's own read-only refusal
    assert store.record_phase(sid, PhaseResult(phase(0), 30, False)) is False
    assert "read-only" in one_sentence(store.save_problem)
    assert store.set_pain_after(sid, 3) is False


def test_a_folder_that_cannot_be_created_sets_save_problem(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    store = open_store(blocker / "history.sqlite3", WallClock(NOW))
    assert store.stats(TODAY).total_sessions == 0
    assert store.begin("core/x", "X", "core", "1", 60, None) is None
    problem = one_sentence(store.save_problem)
    assert problem.startswith("This session could not be saved: ") and "not-a-folder" in problem
    assert store.record_phase(None, PhaseResult(phase(0), 1, False)) is False
    assert "not available" in one_sentence(store.notice)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_never_raises(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "history.sqlite3"
    clock = WallClock(NOW)
    with open_store(db, clock) as store:
        add_session(store, clock, NOW)
    folder.chmod(0o555)
    db.chmod(0o444)
    try:
        store = open_store(db, clock)
        assert store.begin("core/x", "X", "core", "1", 60, None) is None
        assert one_sentence(store.save_problem).startswith("This session could not be saved")
        assert store.stats(TODAY).total_sessions in (0, 1)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_a_file_that_opens_only_read_only_still_reads(db, monkeypatch):
    """What a read-only folder does even to root: SQLite cannot open the file for writing."""
    clock = WallClock(NOW)
    with open_store(db, clock) as store:
        sid = add_session(store, clock, NOW)
    real_connect = history_db.connect

    def connect(path: Path, *, read_only: bool = False, **kw: bool) -> sqlite3.Connection:
        if not read_only:
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(path, read_only=True, **kw)

    monkeypatch.setattr(history_db, "connect", connect)
    store = open_store(db, clock)
    assert store.stats(TODAY).total_sessions == 1
    assert store.set_note(sid, "x") is False
    problem = one_sentence(store.save_problem)
    assert (
        problem
        == "This session could not be saved: the history file cannot be written (read-only)."
    )
