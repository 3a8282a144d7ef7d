"""A physio's report of a programme followed, in every format: the rules crossed (worked
out from the sessions and the programme's rules, not only from the log), the pain stop
and a note naming a warning sign, each in "At a glance"; a single-file programme named
by its title with its prescription; a skipped-through session that counts for nothing
and says so."""

from __future__ import annotations

import argparse
import json
import re
from io import BytesIO

import pytest

from historytools import WallClock, at, open_store, phase
from limber.commands import report_cmd
from limber.core.events import StopPoint
from limber.core.following import start
from limber.core.history import programmes as plog
from limber.core.paths import Paths
from limber.core.programme import parse_programme
from limber.core.session import PhaseResult
from limber.testing import load_pack

pytest.importorskip("pygal", reason="the report extra is not installed")

PLAN = """\
id = "loop"
title = "Loop plan"
summary = "Three weeks of post-run relief."
review = "After 3 weeks, book a review."

[author]
name = "Jane Doe"
credentials = "MCSP"
role = "physio"

[get_in_touch]
pain_after = 7
pain_rise = 2

[[weeks]]
routines = ["post-run"]
sessions = 4

[[weeks]]
routines = ["post-run"]
sessions = 5
"""
OWNER = "Your physio's rule (Jane Doe, MCSP): get in touch if pain after is"
AFTER = f"{OWNER} 7 or more (pain 3 → 7)"
RISE = f"{OWNER} 2 or more above pain before (pain 3 → 7)"
RISE_AT_STOP = f"{OWNER} 2 or more above pain before (pain 2 → 5 at the stop)"


def session(store, clock, day, *, pain, active=720.0, note="", stop=None, status="completed"):
    """A session of the plan's week 1, 720 s planned, ``active`` of them done."""
    clock.now = at(day)
    sid = store.begin("core/post-run", "Post-run lower-back relief", "core", "0.1.0", 720, pain[0])
    assert plog.tag_session(store, sid, "file/loop", 1)
    store.record_phase(sid, PhaseResult(phase(0, stretch="Knee hug", seconds=720), active, False))
    if stop is not None:
        store.record_stop(sid, stop)
    clock.now = at(day, 9)
    stop_reason = "this-hurts" if stop is not None else ""
    store.finish(sid, status, active, pain_after=pain[1], note=note, stop_reason=stop_reason)


@pytest.fixture
def history(limber_home):
    """Four sessions of a single-file plan, none of its crossings in the log (as after an
    import, or a quit at a dialog)."""
    clock = WallClock(at("2024-05-06", 7))
    store = open_store(Paths(limber_home).history_db, clock)
    routines = dict(load_pack("core").known_routines)
    start(store, parse_programme(PLAN, file="loop.toml", routines=routines), clock(), text=PLAN)
    session(store, clock, "2024-05-06", pain=(3, 7), note="Right leg tingling in hamstring stretch")
    stop = StopPoint("core/knee-hug", "Knee hug", "", 0, 5)
    session(store, clock, "2024-05-07", pain=(2, None), stop=stop, status="ended-early", active=200)
    session(store, clock, "2024-05-08", pain=(2, 2), active=15)  # skipped through
    session(store, clock, "2024-05-09", pain=(2, 2))
    store.close()
    return limber_home


def report(tmp_path, fmt: str) -> str:
    out = tmp_path / f"report.{fmt}"
    args = argparse.Namespace(format=fmt, since=None, programme=None, output=str(out))
    assert report_cmd.run(args) == 0
    if fmt == "pdf":
        from pypdf import PdfReader

        pages = PdfReader(BytesIO(out.read_bytes())).pages
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&#x27;", "'")
    return text


def glance_of(text: str) -> str:
    """The text from "At a glance" to the next section."""
    return text[text.index("At a glance") : text.index("Adherence to the programme")]


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_at_a_glance_lists_every_crossing_the_stop_and_the_warning_sign(history, tmp_path, fmt):
    text = report(tmp_path, fmt)
    glance = glance_of(text).replace("\\", "")
    assert "Stopped for pain: 1 session." in glance
    assert "Rules crossed: 3, in the order they happened." in glance
    assert glance.index(AFTER) < glance.index(RISE) < glance.index(RISE_AT_STOP)
    assert "2024-05-06 08:00, Post-run lower-back relief" in glance
    assert "names: tingling." in glance
    assert "Limber's own pointer, not a diagnosis" in glance
    assert "Programme: Loop plan, by Jane Doe, MCSP" in text and "file/loop" not in text
    assert "completed (skipped through: not done)" in text
    assert "2 done: a session counts as done when it completed with at least 80 % of its" in text
    if fmt == "md":
        assert "| 1 | 2 | 4 |" in text  # week 1: done 2 (not the skipped one), 4 prescribed
    else:
        assert "Week Done Prescribed 1 2 4" in text


def test_the_json_report_carries_at_a_glance(history, tmp_path):
    data = json.loads(report(tmp_path, "json"))
    glance = data["at_a_glance"]
    rules = [c["rule"] for c in glance["rules_crossed"]]
    assert rules == [AFTER, RISE, RISE_AT_STOP]
    assert [s["pain_at_stop"] for s in glance["stopped_for_pain"]] == ["5"]
    assert glance["warning_sign_notes"][0]["signs"] == "tingling"
    assert glance["warning_sign_pointer"].startswith("Limber's own pointer, not a diagnosis")
    assert "at least 80 %" in glance["counts_as_done"]
    assert len(data["sessions"]) == 4


def test_the_pain_at_a_stop_is_on_the_chart(history, tmp_path):
    report(tmp_path, "html")
    chart = (tmp_path / "report.html").read_text(encoding="utf-8").split('id="pain-chart"')[1]
    assert "At a stop (it hurt)" in chart
    assert "At a stop (it hurt)" in report(tmp_path, "pdf")


def history_text(capsys, *, as_json: bool = False) -> str:
    from limber.commands import history_cmds

    capsys.readouterr()
    args = argparse.Namespace(history_command=None, json=as_json)
    assert history_cmds.run(args) == 0
    return capsys.readouterr().out


def test_limber_history_shows_the_stop_and_the_skipped_through_session(history, capsys):
    lines = history_text(capsys).splitlines()
    (stop,) = [line for line in lines if "2024-05-07" in line]
    assert "stopped: it hurts" in stop and "pain 2 → 5 at the stop" in stop
    (skipped,) = [line for line in lines if "2024-05-08" in line]
    assert "skipped through" in skipped


def test_limber_history_has_one_weekly_goal_while_a_programme_is_followed(limber_home, capsys):
    from limber.core.clock import utc_now

    # One instant for both: the programme's start and the session's are stored to the
    # second, and a session that starts in the second before its programme is not its.
    now = utc_now()
    store = open_store(Paths(limber_home).history_db, WallClock(now))
    routines = dict(load_pack("core").known_routines)
    start(store, parse_programme(PLAN, file="loop.toml", routines=routines), now, text=PLAN)
    sid = store.begin("core/post-run", "Post-run lower-back relief", "core", "0.1.0", 170, None)
    plog.tag_session(store, sid, "file/loop", 1)
    store.finish(sid, "completed", 170)
    store.close()
    text = history_text(capsys)
    assert "This week: 1 of 4 sessions · programme week 1 (Loop plan)" in text
    assert "min" not in text.split("This week:")[1].split(";")[0]
    data = json.loads(history_text(capsys, as_json=True))
    assert data["week"]["programme_goal"] == {
        "programme_id": "file/loop",
        "week": 1,
        "done": 1,
        "sessions": 4,
    }


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_programmes_report_loads_the_packs_once(history, tmp_path, monkeypatch, fmt):
    """The programme's title, its routines, the reps' tempo and the figures all come from
    one load of the installed packs."""
    from limber.commands import catalogue_cmds

    store = open_store(Paths(history).history_db)
    programme_id = plog.entries(store)[0].programme_id
    store.close()
    real, loads = catalogue_cmds.load, []

    def counted(**options):
        loads.append(options)
        return real(**options)

    monkeypatch.setattr(catalogue_cmds, "load", counted)
    out = tmp_path / f"report.{fmt}"
    args = argparse.Namespace(format=fmt, since=None, programme=programme_id, output=str(out))
    assert report_cmd.run(args) == 0
    assert len(loads) == 1
    if fmt == "md":
        assert "Programme: Loop plan, by Jane Doe, MCSP" in out.read_text(encoding="utf-8")
