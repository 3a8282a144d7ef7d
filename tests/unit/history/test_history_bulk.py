"""A million sessions in and out: the streamed CSV export and the batched import keep
exactly what the simple paths give (the figures are in the issue's closing note)."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from historytools import WallClock, add_session, open_store
from limber.core.history import streams
from limber.core.history.export import to_csv
from limber.core.history.importer import ExportFileError

RISKY = ['=HYPERLINK("x")', "+1", "-2", "@A1", "a,b", 'say "hi"', "two\nlines", "é", ""]
RISKY += ["\tTab", "\rCR", "zero\u200bwidth", "\u200b=1", "nul\x00byte", 'Größe, "quoted"']
OFFSETS = [0, 60, -30, -300, 345, 570, -720, 840]
MINUTES = [12.0, 0.25, 0.05, 0.15, 0.75, 1234.5678 / 60, 1e6, 0.0]


def test_the_streamed_csv_is_byte_for_byte_what_to_csv_writes(tmp_path: Path):
    clock = WallClock()
    store = open_store(tmp_path / "history.sqlite3", clock)
    start = datetime(2024, 12, 31, 22, 30, tzinfo=UTC)
    for n in range(48):
        add_session(
            store,
            clock,
            start + timedelta(hours=5 * n),
            minutes=MINUTES[n % len(MINUTES)],
            offset=OFFSETS[n % len(OFFSETS)],
            routine=RISKY[n % len(RISKY)] or "x",
            note=RISKY[(n + 3) % len(RISKY)],
            pain=(None, n % 11) if n % 2 else (n % 11, None),
        )
    for since in (None, date(2025, 1, 3)):
        out = io.StringIO(newline="")
        streams.write_export(store, "csv", out, since)
        assert out.getvalue() == to_csv(store.sessions(since=since, phases=False))
        assert out.getvalue().count("\r\n") > 10


def _export(count: int) -> dict[str, object]:
    stamp = "2024-05-01T07:{:02d}:00Z"
    sessions = [
        {
            "uid": f"u{n}",
            "routine_id": "core/x",
            "routine_name": "X",
            "started_utc": stamp.format(n % 60),
            "utc_offset_minutes": -600,
            "status": "completed",
            "phases": [
                {
                    "idx": 0,
                    "kind": "hold",
                    "planned_seconds": 30,
                    "done_seconds": 29,
                    "ended_utc": stamp.format(n % 60),
                }
            ],
        }
        for n in range(count)
    ]
    return {"format": "limber-history", "version": 1, "sessions": sessions}


def test_a_bad_session_in_a_later_batch_is_named_and_nothing_is_added(tmp_path: Path):
    store = open_store(tmp_path / "history.sqlite3")
    data = _export(10_005)
    data["sessions"][10_003]["pain_before"] = "x"  # type: ignore[index]
    with pytest.raises(ExportFileError, match=r"^sessions\[10003\]\.pain_before: "):
        store.import_json(json.dumps(data))
    data = _export(10_005)
    data["sessions"][10_004]["phases"][0]["ended_utc"] = "2024-13-01T00:00:00Z"  # type: ignore[index]
    with pytest.raises(ExportFileError, match=r"^sessions\[10004\]\.phases\[0\]\.ended_utc: "):
        store.import_json(json.dumps(data))
    assert store.sessions() == []


def test_a_batched_import_merges_by_uid_and_numbers_phases_with_their_session(tmp_path):
    clock = WallClock()
    store = open_store(tmp_path / "history.sqlite3", clock)
    add_session(store, clock, datetime(2024, 5, 1, tzinfo=UTC))
    data = _export(25_000)  # more than BULK: the indexes are dropped and made again
    data["sessions"].append(data["sessions"][7])  # type: ignore[attr-defined]
    data["sessions"][3]["uid"] = store.sessions()[0].uid  # type: ignore[index]
    assert store.import_json(json.dumps(data)) == (24_999, 2)
    sessions = store.sessions()
    assert len(sessions) == 25_000
    assert all(
        len(s.phases) == 1 and s.phases[0].ended_utc == s.started_utc
        for s in sessions
        if s.uid.startswith("u")
    )
    day = store.sessions(since=date(2024, 5, 1), phases=False)
    assert len(day) == 1  # 07:xx UTC at -10 h: the imported ones fell on 30 April
