"""The exports made by SQLite in key-range chunks (csvlines, jsonstream,
chunks) are byte for byte what the whole-history writers make (``to_csv``,
``to_json_bytes``): on a few thousand sessions holding every kind of hostile text, in
many chunks, with sessions that start at the same second across a chunk's edge."""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import msgspec
import pytest

import limber.core.history.csvlines as csvlines
import limber.core.history.exportchild as exportchild
import limber.core.history.jsonstream as jsonstream
from historytools import fill_history, open_store
from limber.core.history import streams
from limber.core.history.export import CSV_COLUMNS, to_csv, to_json_bytes
from limber.core.history.rows import csv_rows, minutes_text
from limber.core.history.store import HistoryStore

# One test process takes this whole module (`--dist loadgroup`): the 3,000-session history
# is written once a run, not once in each process that gets one of its tests.
pytestmark = pytest.mark.xdist_group("export-chunks")

TEXTS = ["", "tight, left side", 'say "hi"', "two\nlines", "cr\rhere", "=1+1", "+1", "-2"]
TEXTS += ["@A1", "\tTab", "é", 'Größe, "quoted"', "stiff\x85left\x9b31m", "bidi \u202e mark"]
TEXTS += ["zero\u200bwidth", "\u200b=1", "ctl\x01\x1f\x7f", "emoji 🙂", "back\\slash", "it's"]
TEXTS += ["Knee hug", "a\u200db"]
OFFSETS = [0, 60, -30, -300, 345, 570, -720, 840]
SECONDS = [720.0, 15.0, 3.0, 9.0, 45.0, 1234.5678, 6e7, 0.0, 237.0, 459.0, 0.1, -30.0]
SECONDS += [29.873333333333335, 1e16, 2.5e-5]


def _history(path: Path, count: int = 3000) -> HistoryStore:
    """``count`` sessions written by SQL (the app's own writes would take minutes), three
    to a start time, with up to three phases each."""
    fill_history(path, 1, phases=0)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM sessions")
    pick = random.Random(22)
    sessions, phases = [], []
    for n in range(count):
        stamp = f"2024-{1 + n // 900 % 12:02d}-{1 + n // 30 % 28:02d}T{n // 3 % 24:02d}:00:00Z"
        offset = OFFSETS[n % len(OFFSETS)]
        stop = n % 5 == 0
        sessions.append(
            (
                f"uid-{n}" if n % 7 else TEXTS[n % len(TEXTS)] + str(n),
                "core/post-run" if n % 4 else pick.choice(TEXTS),
                pick.choice(TEXTS) or "X",
                "core",
                "0.1.0",
                stamp,
                offset,
                stamp,
                offset,
                stamp if n % 9 else None,
                ("completed", "ended-early", "interrupted", "in-progress")[n % 4],
                pick.choice(SECONDS),
                pick.choice(SECONDS),
                pick.choice([None, 0, 3, 10]),
                pick.choice([None, 0, 7]),
                pick.choice(TEXTS),
                "this-hurts" if stop else "",
                pick.choice(TEXTS) if stop else "",
                pick.choice(TEXTS) if stop else "",
                "left" if stop else "",
                n % 4 if stop else -1,
                pick.choice([None, 6]) if stop else None,
                pick.choice(["", "prog/x"]),
                n % 3,
            )
        )
        for idx in range(n % 4):
            name = pick.choice(TEXTS)
            planned, done = pick.choice(SECONDS), pick.choice(SECONDS)
            phases.append((n + 1, idx, name, name, "right", "hold", planned, done, idx % 2))
    conn.executemany(
        "INSERT INTO sessions (id, uid, routine_id, routine_name, pack, pack_version,"
        " started_utc, utc_offset_minutes, local_day, ended_utc, status, planned_seconds,"
        " active_seconds, pain_before, pain_after, note, stop_reason, stop_stretch_id,"
        " stop_stretch_name, stop_side, stop_phase, pain_at_stop, programme_id,"
        " programme_week) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, date(?, ? || ' minutes'),"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        sessions,
    )
    conn.executemany(
        "INSERT INTO phases (session_id, idx, stretch_id, stretch_name, side, kind,"
        " planned_seconds, done_seconds, skipped, ended_utc)"
        " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, started_utc FROM sessions WHERE id = ?",
        [(*row, row[0]) for row in phases],
    )
    conn.close()
    return open_store(path)


def _csv(store: HistoryStore, since: date | None = None) -> str:
    out = io.StringIO(newline="")
    streams.write_export(store, "csv", out, since)
    return out.getvalue()


def _json(store: HistoryStore, since: date | None = None) -> bytes:
    out = io.BytesIO()
    jsonstream.export_json(store, since, out.write)
    return out.getvalue()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chunks") / "history.sqlite3"
    _history(path).close()
    return path


@pytest.fixture
def store(history: Path, monkeypatch: pytest.MonkeyPatch) -> HistoryStore:
    monkeypatch.setattr(csvlines, "CHUNK", 97)  # about thirty chunks
    monkeypatch.setattr(jsonstream, "BATCH", 97)
    return open_store(history)


def test_the_chunked_csv_is_what_to_csv_writes(store: HistoryStore) -> None:
    for since in (None, date(2024, 2, 10)):
        text = _csv(store, since)
        assert text == to_csv(store.sessions(since=since, phases=False))
    assert text.count("\r\n") > 1000
    assert "'=1+1" in text and "'\t" in text and "'-2" in text and '"say ""hi"""' in text


def test_the_chunked_json_is_what_the_whole_history_encoder_writes(store: HistoryStore) -> None:
    for since in (None, date(2024, 2, 10)):
        assert _json(store, since) == to_json_bytes(store.sessions(since=since))
    text = _json(store)
    assert b"\\u202e" in text and b"\\u0085" in text and b"29.873333333333335" in text
    assert b'"skipped": true' in text and b"1e16" in text


def test_a_blob_a_nul_or_a_float_where_text_or_a_whole_number_belongs(tmp_path: Path) -> None:
    """A file written by something else: SQLite writes no cell it cannot vouch for."""
    store = _history(tmp_path / "history.sqlite3", 40)
    conn = sqlite3.connect(tmp_path / "history.sqlite3", isolation_level=None)
    conn.execute("UPDATE sessions SET note = X'3d41' WHERE id = 3")
    conn.execute("UPDATE sessions SET pain_before = 2.5, stop_phase = 1.25 WHERE id = 5")
    conn.execute("UPDATE sessions SET routine_name = 'nul' || char(0) || 'byte' WHERE id = 9")
    conn.execute("UPDATE phases SET skipped = 'yes', idx = 0.5 WHERE id = 2")
    assert _csv(store) == to_csv(store.sessions(phases=False))
    assert _json(store) == to_json_bytes(store.sessions())
    # Text with a NUL in a number's column: to_csv cannot compare it with 0; the cells'
    # SQL that the export used before chunks (csv_rows) writes it as it is.
    conn.execute("UPDATE sessions SET stop_phase = 'x' || char(0) || 'y' WHERE id = 30")
    conn.close()
    before = io.StringIO(newline="")
    writer = csv.writer(before, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    with store._reading() as read:
        assert read is not None
        writer.writerows(csv_rows(read, CSV_COLUMNS, since=None))
    assert _csv(store) == before.getvalue() and "x\x00y" in before.getvalue()
    assert _json(store) == to_json_bytes(store.sessions())


def test_the_minutes_sqlite_works_out_are_the_text_python_writes(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    conn.create_function("limber_minutes", 1, minutes_text)
    pick = random.Random(7)
    values = [float(n) for n in range(0, 200_000)] + [n / 10 for n in range(0, 100_000)]
    values += [pick.uniform(0, 1e9) for _ in range(100_000)] + [-1.0, 1e9, 1e12, 3e-7]
    values += [6 * n + 3 + d for n in range(1000) for d in (-1e-9, 0.0, 1e-9)]
    sql = f"SELECT {csvlines._minutes_sql('s')} FROM (SELECT value AS s FROM json_each(?))"
    got = [row[0] for row in conn.execute(sql, (msgspec.json.encode(values),))]
    assert got == [minutes_text(value) for value in values]


def test_sqlite_quotes_every_character_as_msgspec_does() -> None:
    conn = sqlite3.connect(":memory:")
    everything = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(everything), 4096):
        text = "".join(everything[start : start + 4096])
        quoted = conn.execute("SELECT json_quote(?)", (text,)).fetchone()[0]
        assert quoted.encode() == msgspec.json.encode(text)


class Children:
    """The second processes the exports started, and for each chunk asked of them,
    whether they made it."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []
        self.made: list[bool] = []

    def all_ended(self) -> bool:
        return all(child.poll() is not None for child in self.started)


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Children:
    seen = Children()
    start, take = exportchild.Helper.__init__, exportchild.Helper.take

    def recording_start(self: exportchild.Helper, *args: object) -> None:
        start(self, *args)  # type: ignore[arg-type]
        if self._proc is not None:
            seen.started.append(self._proc)

    def recording_take(self: exportchild.Helper) -> object | None:
        chunk = take(self)
        seen.made.append(chunk is not None)
        return chunk

    monkeypatch.setattr(exportchild.Helper, "__init__", recording_start)
    monkeypatch.setattr(exportchild.Helper, "take", recording_take)
    return seen


def test_a_long_export_has_a_second_process_make_every_other_chunk(
    store: HistoryStore, children: Children
) -> None:
    assert _csv(store) == to_csv(store.sessions(phases=False))
    assert _json(store, date(2024, 2, 10)) == to_json_bytes(store.sessions(since=date(2024, 2, 10)))
    assert len(children.started) == 2 and children.all_ended()
    assert len(children.made) > 20 and all(children.made)  # every other chunk, in both


CHILDREN_THAT_FAIL = {
    "ends at once": "pass",
    "says it failed": "import sys; sys.stdout.buffer.write(b'E')",
    "sends nonsense": "import sys; sys.stdout.buffer.write(b'not a chunk at all')",
    "ends mid-chunk": "import sys; sys.stdout.buffer.write(b'S' + (99).to_bytes(8, 'big') + b'ab')",
    "hangs": "import time; time.sleep(60)",
}


@pytest.mark.parametrize("code", CHILDREN_THAT_FAIL.values(), ids=CHILDREN_THAT_FAIL.keys())
def test_a_second_process_that_fails_leaves_the_export_as_it_would_be(
    store: HistoryStore,
    children: Children,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
) -> None:
    monkeypatch.setattr(exportchild.subpython, "argv", lambda _module: [sys.executable, "-c", code])
    monkeypatch.setattr(exportchild, "PATIENCE", 0.5)
    assert _csv(store) == to_csv(store.sessions(phases=False))
    assert _json(store) == to_json_bytes(store.sessions())
    assert len(children.started) == 2 and children.all_ended()  # none left behind


def test_a_short_export_starts_no_second_process(
    store: HistoryStore, children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvlines, "CHUNK", 1200)  # three chunks of the 3,000 sessions
    assert _csv(store) == to_csv(store.sessions(phases=False))
    assert children.started == []


def test_a_closed_pipe_stops_the_export_and_its_second_process(
    store: HistoryStore, children: Children
) -> None:
    def closed(_text: object) -> None:
        raise BrokenPipeError

    with store._reading() as conn:
        assert conn is not None
        with pytest.raises(BrokenPipeError):
            csvlines.write_lines(conn, closed, None)
    assert len(children.started) == 1 and children.all_ended()
