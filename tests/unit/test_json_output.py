"""JSON output (``--json``, the history export): the shape it always had, C1 controls
escaped so that ``cat``-ing a file never hands a terminal a control character."""

from __future__ import annotations

import json

from limber.commands.output import print_json
from limber.core.history.export import to_json
from limber.core.history.model import PhaseRecord, SessionRecord

C1_TEXT = "stiff\x85left\x9b31m side\x80"
"""NEL, CSI and PAD: C1 controls a terminal may act on when they arrive raw."""


def test_print_json_escapes_c1_controls_and_keeps_other_text_as_utf8(capsysbinary):
    print_json({"note": C1_TEXT, "name": "Größe · 5° — ok"})
    out = capsysbinary.readouterr().out
    assert all(not "\x80" <= char <= "\x9f" for char in out.decode())
    assert b"\\u0085" in out and b"\\u009b" in out and b"\\u0080" in out
    assert "Größe · 5° — ok".encode() in out  # other non-ASCII stays as UTF-8
    assert json.loads(out) == {"note": C1_TEXT, "name": "Größe · 5° — ok"}


def test_print_json_keeps_the_indented_shape_it_always_had(capsys):
    data = {"routines": [{"id": "core/post-run", "steps": [], "total_seconds": 720.0}], "n": None}
    print_json(data)
    assert capsys.readouterr().out == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_the_history_export_escapes_c1_controls_in_what_the_runner_wrote():
    phase = PhaseRecord(0, "core/x", "Knee\x9frock", "", "hold", 30.0, 30.0, False, "t")
    record = SessionRecord(
        uid="uid-1", routine_id="core/post-run", routine_name="Post-run", pack="core",
        pack_version="0.1.0", started_utc="2024-05-01T07:30:00Z", utc_offset_minutes=0,
        ended_utc=None, status="completed", planned_seconds=720.0, active_seconds=700.0,
        pain_before=5, pain_after=3, note=C1_TEXT, stop_reason="", phases=(phase,),
    )  # fmt: skip
    text = to_json([record])
    assert all(not 0x80 <= ord(char) <= 0x9F for char in text)
    session = json.loads(text)["sessions"][0]
    assert session["note"] == C1_TEXT
    assert session["phases"][0]["stretch_name"] == "Knee\x9frock"
    assert session["phases"][0]["skipped"] is False
