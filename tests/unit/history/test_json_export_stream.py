"""The JSON export written a batch at a time is the very file the whole-history encoder
makes: what `limber history import` reads and what earlier exports were."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import limber.core.history.jsonstream as jsonstream
from historytools import WallClock, add_session, open_store, phase
from limber.core.history.export import to_json_bytes
from limber.core.history.jsonstream import export_json
from limber.core.session import PhaseResult

C1_NOTE = "stiff\x85left\x9b31m · Größe"


def _streamed(store, since=None) -> bytes:
    out = io.BytesIO()
    export_json(store, since, out.write)
    return out.getvalue()


def test_the_streamed_export_is_byte_identical_across_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonstream, "BATCH", 2)  # five sessions: three batches
    clock = WallClock()
    store = open_store(tmp_path / "history.sqlite3", clock)
    hold = phase(0, stretch="Knee\x9frock")
    for day in range(5):
        results = [PhaseResult(hold, 30.0, day == 2)] * (day % 3)  # none, one or two phases
        start = datetime(2024, 5, 1 + day, 7, 30, tzinfo=UTC)
        add_session(store, clock, start, note=C1_NOTE if day == 1 else "", results=results)
    whole = to_json_bytes(store.sessions())
    streamed = _streamed(store)
    assert streamed == whole
    assert len(json.loads(streamed)["sessions"]) == 5
    assert b"\\u0085" in streamed and b"\\u009f" in streamed
    since = date(2024, 5, 3)
    assert _streamed(store, since) == to_json_bytes(store.sessions(since=since))


def test_an_empty_history_streams_the_same_empty_export(tmp_path):
    store = open_store(tmp_path / "none.sqlite3")
    assert _streamed(store) == to_json_bytes([])
    assert json.loads(_streamed(store))["sessions"] == []
