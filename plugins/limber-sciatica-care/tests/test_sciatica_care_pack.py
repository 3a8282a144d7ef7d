"""The pack is installed, loads cleanly, and its routines use stretches that exist.

Run from the repository: ``.venv/bin/python -m pytest plugins/limber-sciatica-care/tests``.
The pack must be installed (``pip install -e plugins/limber-sciatica-care``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from limber.core.packs.host import load_catalogue
from limber.core.plan import build_plan

PACK = "sciatica-care"
ROUTINES = {f"{PACK}/daily-piriformis", f"{PACK}/after-run-or-sitting"}
SCIATICA_SIGNS = ("sharp pain", "numbness", "weakness", "tingling")


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
    assert PACK in records, "the pack is not installed: pip install -e plugins/limber-sciatica-care"
    record = records[PACK]
    assert record.status == "loaded", record.errors
    assert record.distribution == "limber-sciatica-care"
    assert record.info is not None and record.info.credentials == ""


def test_its_routines_are_in_the_catalogue(loaded):
    catalogue, _records = loaded
    mine = {rid for rid in catalogue.routines if rid.startswith(f"{PACK}/")}
    assert mine == ROUTINES
    assert f"{PACK}/piriformis-and-sciatic-nerve" in catalogue.guidance


def test_every_routine_plans_and_names_its_sources_and_the_sciatica_signs(loaded):
    catalogue, _records = loaded
    for rid in sorted(ROUTINES):
        routine = catalogue.routines[rid]
        plan = build_plan(routine, catalogue.stretches)
        assert plan.work_seconds > 0
        assert routine.sources
        cautions = " ".join(routine.cautions).lower()
        assert all(sign in cautions for sign in SCIATICA_SIGNS), rid
        assert "discomfort" in cautions, rid
