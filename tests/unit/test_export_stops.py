"""A stop because it hurts leaves the history in every export and comes back in."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from historytools import WallClock, add_session, open_store
from limber.core.events import StopPoint
from limber.core.history.export import to_csv, to_json

STOP_KEYS = ("stop_stretch_id", "stop_stretch_name", "stop_side", "stop_phase", "pain_at_stop")


def _stopped_store(tmp_path):
    clock = WallClock()
    store = open_store(tmp_path / "history.sqlite3", clock)
    session = add_session(
        store, clock, datetime(2026, 5, 4, 7, 30, tzinfo=UTC), status="ended-early"
    )
    stop = StopPoint("core/reclining-twist", "Reclining twist", "left", 6, 7)
    assert store.record_stop(session, stop)
    add_session(store, clock, datetime(2026, 5, 5, 7, 30, tzinfo=UTC))
    return store


def test_json_and_csv_carry_where_it_hurt_and_import_keeps_it(tmp_path):
    store = _stopped_store(tmp_path)
    records = store.sessions()
    data = json.loads(to_json(records))["sessions"]
    assert [data[0][k] for k in STOP_KEYS] == [
        "core/reclining-twist",
        "Reclining twist",
        "left",
        6,
        7,
    ]
    assert [data[1][k] for k in STOP_KEYS] == ["", "", "", -1, None]
    rows = list(csv.DictReader(io.StringIO(to_csv(records))))
    assert list(rows[0])[-5:] == list(STOP_KEYS)  # new columns at the end
    assert [rows[0][k] for k in STOP_KEYS] == [
        "core/reclining-twist",
        "Reclining twist",
        "left",
        "6",
        "7",
    ]
    assert [rows[1][k] for k in STOP_KEYS] == ["", "", "", "", ""]
    # A round trip through a fresh history, the stop included.
    other = open_store(tmp_path / "other" / "history.sqlite3", WallClock())
    assert other.import_json(to_json(records)) == (2, 0)
    assert other.sessions() == records
