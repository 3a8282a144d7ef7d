"""Hostile notes and history files on their way out: a file that is not UTF-8, a note
that fills a page, invisible marks that would reorder what a clinician reads. Each gets
one sentence or a readable report, and nothing the runner recorded is lost."""

from __future__ import annotations

import json
import re
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from tests.hostile.conftest import ESCAPE, files_of

NOTE = "pain 2 \u200f→ 8 after"
""""pain 2 → 8 after" with a right-to-left mark: a browser shows it as "pain 8 → 2"."""
SHOWN = "pain 2 → 8 after"
HIDDEN = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
"""Invisible and direction-changing characters no output may hold."""


def export_file(tmp_path: Path, **fields: object) -> Path:
    session = {
        "uid": "u1",
        "routine_id": "core/post-run",
        "routine_name": "Post-run",
        "started_utc": "2024-05-01T07:30:00Z",
        "status": "completed",
        "phases": [],
        **fields,
    }
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps({"format": "limber-history", "version": 1, "sessions": [session]}),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "damage", ["latin-1 note", "utf-16 file", "lone continuation byte in a name"]
)
def test_an_import_that_is_not_utf8_is_one_sentence_naming_the_file(
    limber_run, limber_home, tmp_path, damage
):
    path = export_file(tmp_path, note="caf\u00e9 after the run", routine_name="Post-run X")
    raw = path.read_bytes()
    if damage == "latin-1 note":
        raw = raw.replace(b"caf\\u00e9", b"caf\xe9")
    elif damage == "utf-16 file":
        raw = raw.decode().encode("utf-16")
    else:
        raw = raw.replace(b"Post-run X", b"Post-run \x80")
    path.write_bytes(raw)
    before = files_of(limber_home)
    run = limber_run("history", "import", str(path))
    assert run.code == 1 and "Traceback" not in run.err
    assert len(run.err.splitlines()) == 1 and str(path) in run.err
    assert "UTF-8" in run.err or "not valid JSON" in run.err
    after = files_of(limber_home)
    assert {name: after.get(name) for name in before} == before  # no file changed
    shown = limber_run("history", "--json")
    assert shown.code == 0 and '"total_sessions": 0' in shown.out  # nothing imported


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_a_right_to_left_mark_reaches_no_output(limber_run, tmp_path):
    """Imported text with invisible marks: every export, report and the terminal show the
    figures in the order they were written, and the HTML isolates each text left to right."""
    pytest.importorskip("fpdf", reason="the report extra is not installed")
    path = export_file(
        tmp_path,
        note=NOTE,
        routine_name="Post\u200b-run\ufeff \u061crelief\u2066",
        stop_reason="this-\u200ehurts",
    )
    assert limber_run("history", "import", str(path)).code == 0
    outputs = {
        f"export {fmt}": limber_run("history", "export", "--format", fmt)
        for fmt in ("csv", "json", "md")
    }
    for fmt in ("csv", "json", "md", "html"):
        outputs[f"report {fmt}"] = limber_run("report", "--format", fmt)
    outputs["history"] = limber_run("history")
    outputs["history --json"] = limber_run("history", "--json")
    for name, run in outputs.items():
        assert run.code == 0, (name, run.err)
        assert not HIDDEN.search(run.out), name
        if name != "history":  # the terminal's list shows no stop reason
            assert SHOWN in run.out, name
    assert "Post-run relief" in outputs["report md"].out
    html = outputs["report html"].out
    assert f'<td dir="ltr">{SHOWN}</td>' in html
    assert "unicode-bidi: isolate" in html
    pdf = tmp_path / "report.pdf"
    assert limber_run("report", "--format", "pdf", "--output", str(pdf)).code == 0
    text = _pdf_text(pdf.read_bytes())
    assert SHOWN in text and not HIDDEN.search(text)


def test_a_mark_stored_before_cleaning_is_escaped_or_removed_on_the_way_out(
    limber_run, limber_home, tmp_path
):
    """A note recorded by an older Limber still holds its mark: the CSV and the reports
    leave it out, the JSON writes it as a visible escape."""
    assert limber_run("history", "import", str(export_file(tmp_path, note="x"))).code == 0
    with sqlite3.connect(limber_home / "history.sqlite3") as conn:
        conn.execute("UPDATE sessions SET note = ?", (NOTE,))
    conn.close()
    csv = limber_run("history", "export", "--format", "csv").out
    exported = limber_run("history", "export", "--format", "json").out
    markdown = limber_run("report", "--format", "md").out
    assert SHOWN in csv and SHOWN in markdown
    assert "pain 2 \\u200f→ 8 after" in exported
    assert not HIDDEN.search(csv + exported + markdown)


LONG_NOTES = {
    "words": " ".join(["stiff"] * 400)[:2000],
    "one long word": "W" * 2000,
    "wide letters": (("Ω" * 30 + " ") * 64)[:2000],
}


def test_a_2000_character_note_fits_the_pdf_and_says_where_it_was_cut(limber_run, tmp_path):
    pytest.importorskip("fpdf", reason="the report extra is not installed")
    note = LONG_NOTES["words"]
    path = export_file(tmp_path, note=note)
    assert limber_run("history", "import", str(path)).code == 0
    pdf = tmp_path / "report.pdf"
    run = limber_run("report", "--format", "pdf", "--output", str(pdf))
    assert run.code == 0 and not run.err, run.err
    text = _pdf_text(pdf.read_bytes())
    assert "[cut]" in text and "the CSV report" in text
    whole = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", note) in whole  # the whole note, under Notes
    csv = limber_run("history", "export", "--format", "csv")
    assert note in csv.out and not ESCAPE.search(csv.out.replace("\r\n", "\n"))


@pytest.mark.parametrize("name", ["one long word", "wide letters"])
def test_a_note_of_2000_wide_or_unbroken_letters_fits_a_pdf_table_row(tmp_path, name):
    """The cut is by characters: the widest letters, or no space to break at, still fit."""
    pytest.importorskip("fpdf", reason="the report extra is not installed")
    from tests.historytools import WallClock, add_session, at, open_store

    from limber.commands.report_pdf import to_pdf
    from limber.core.history.reportparts import ReportContext
    from limber.core.history.sections import build

    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note=LONG_NOTES[name])
    text = _pdf_text(to_pdf(build(store.sessions(), ReportContext())))
    assert "[cut]" in text
    assert LONG_NOTES[name].replace(" ", "") in text.replace(" ", "")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (NOTE, SHOWN),
        ("2\u200d8 \u2067after\u2069\u00ad", "28 after"),
        ("\ufeffsore\u2060ness\u061c", "soreness"),
        (
            "mehr\u200cbod and \U0001f9d8\u200d\u2640\ufe0f",
            "mehr\u200cbod and \U0001f9d8\u200d\u2640\ufe0f",
        ),
    ],
)
def test_a_note_typed_in_the_app_is_stored_without_invisible_marks(tmp_path, typed, kept):
    """The runner's own note is cleaned where it enters, as an import is; a joiner that
    a word or an emoji needs stays."""
    from tests.historytools import WallClock, add_session, at, open_store

    clock = WallClock()
    store = open_store(tmp_path / "h.sqlite3", clock)
    add_session(store, clock, at("2024-05-06"), note=typed)  # the note given at the end
    later = add_session(store, clock, at("2024-05-07"))
    assert store.set_note(later, typed)  # the note prompt after the pain rating
    assert [r.note for r in store.sessions()] == [kept, kept]
