"""``limber run ROUTINE --plain`` when ROUTINE is today's routine of the programme being
followed: the session is tagged with the programme and week, and the header says so."""

from __future__ import annotations

import json

from tests.cli.test_cli import PROGRAMME_FILE

FAST = {"LIMBER_PLAIN_SPEED": "2000", "LIMBER_PACKS": ""}


def test_todays_programme_routine_is_tagged_and_counted(limber, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(PROGRAMME_FILE.format(pain_after=6))
    assert limber("programme", "start", str(plan)).returncode == 0
    ran = limber("run", "core/post-run", "--plain", env=FAST)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert "Programme: Jane's plan, week 1" in lines[:8]
    assert "Week 1 of 1 · 0 of 3 sessions this week · next: Post-run" in ran.stdout
    shown = json.loads(limber("programme", "--json").stdout)
    assert (shown["done_this_week"], shown["adherence"]) == (
        1,
        [{"week": 1, "done": 1, "prescribed": 3}],
    )
    sessions = json.loads(limber("history", "export", "--format", "json").stdout)["sessions"]
    assert [s["routine_id"] for s in sessions] == ["core/post-run"]


def test_another_routine_runs_outside_the_programme(limber, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(PROGRAMME_FILE.format(pain_after=6))
    assert limber("programme", "start", str(plan)).returncode == 0
    ran = limber("run", "core/flare-up", "--plain", env=FAST)
    assert ran.returncode == 0, ran.stderr
    assert "Programme:" not in ran.stdout
    shown = json.loads(limber("programme", "--json").stdout)
    assert shown["done_this_week"] == 0
