"""The pack is installed and loads, and its four weeks only ever get harder, inside the
doses the source articles give.

Run from the repository: ``.venv/bin/python -m pytest plugins/limber-runner-strength/tests``.
The pack must be installed (``pip install -e plugins/limber-runner-strength``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from limber.core.packs.host import load_catalogue
from limber.core.plan import PlanSettings, build_plan

PACK = "runner-strength"
WEEKS = [f"{PACK}/week-{n}" for n in range(1, 5)]

# The articles' upper doses, written out here rather than read from the pack, so a change
# to the pack's table cannot move the limit it is tested against.
SOURCE_UPPER = {
    "core/glute-bridge": ("seconds", 60),  # hold 30–60 s
    "core/tabletop-leg-press": ("seconds", 30),  # hold 30 s, repeat as desired
    "core/pelvic-tilt": ("reps", 15),  # 12–15 times
}
SETTINGS = [PlanSettings(), PlanSettings(dose="low")]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the test's TOML cache and settings out of the user's own Limber folder."""
    monkeypatch.setenv("LIMBER_HOME", str(tmp_path))
    monkeypatch.delenv("LIMBER_PACKS", raising=False)


@pytest.fixture
def loaded():
    catalogue, report, _host = load_catalogue(only=frozenset({PACK}))
    return catalogue, {record.name: record for record in report.packs}


def test_the_pack_is_installed_and_loaded(loaded):
    _catalogue, records = loaded
    assert PACK in records, "not installed: pip install -e plugins/limber-runner-strength"
    record = records[PACK]
    assert record.status == "loaded", record.errors
    assert record.distribution == "limber-runner-strength"
    assert record.info is not None and record.info.credentials == ""


def test_its_four_weeks_are_in_the_catalogue_in_order(loaded):
    catalogue, _records = loaded
    mine = [rid for rid in catalogue.routines if rid.startswith(f"{PACK}/")]
    assert mine == WEEKS
    for number, rid in enumerate(WEEKS, start=1):
        routine = catalogue.routines[rid]
        assert routine.name == f"Runner's core & hips — week {number} of 4"
        assert routine.description.startswith(f"Week {number} of a 4-week")
        assert set(routine.tags) == {"strength", "programme"}
        assert routine.sources and routine.cautions
    assert f"{PACK}/about-the-programme" in catalogue.guidance


@pytest.mark.parametrize("settings", SETTINGS, ids=["high", "low"])
def test_no_week_is_easier_than_the_week_before(loaded, settings):
    catalogue, _records = loaded
    work = [
        build_plan(catalogue.routines[rid], catalogue.stretches, settings).work_seconds
        for rid in WEEKS
    ]
    assert work == sorted(work), work
    assert work[-1] > work[0]


def test_the_strength_items_start_low_and_reach_the_source_doses_by_week_four(loaded):
    catalogue, _records = loaded
    first, last = catalogue.routines[WEEKS[0]], catalogue.routines[WEEKS[-1]]

    def doses(routine):
        return {s.stretch: (s.seconds or s.reps, s.rounds) for s in routine.steps}

    assert doses(first)["core/glute-bridge"] == (30, 1)
    assert doses(last)["core/glute-bridge"] == (60, 1)
    assert doses(first)["core/tabletop-leg-press"] == (30, 1)
    assert doses(last)["core/tabletop-leg-press"] == (30, 3)
    assert doses(first)["core/pelvic-tilt"] == (12, 1)
    assert doses(last)["core/pelvic-tilt"] == (15, 1)


def test_no_hold_or_count_goes_past_the_source_dose(loaded):
    catalogue, _records = loaded
    for rid in WEEKS:
        for step in catalogue.routines[rid].steps:
            stretch = catalogue.stretches[step.stretch]
            dose = step.dose_for(stretch)
            assert dose.unit == stretch.dose.unit, (rid, step.stretch)
            # never past the stretch's own (sourced) dose in the core catalogue...
            assert dose.amount[1] <= stretch.dose.amount[1], (rid, step.stretch)
            # ...nor past the articles' figures for the items that progress
            if step.stretch in SOURCE_UPPER:
                unit, upper = SOURCE_UPPER[step.stretch]
                assert (dose.unit, max(dose.amount) <= upper) == (unit, True), (rid, step)
