"""The pack is installed, loads cleanly, and its routines use stretches that exist.

Run from the repository: ``.venv/bin/python -m pytest plugins/limber-sciatica-care/tests``.
The pack must be installed (``pip install -e plugins/limber-sciatica-care``).
"""

from __future__ import annotations

import pytest
from limber.testing import LoadedPack, assert_pack_valid, build_plans

PACK = "sciatica-care"
ROUTINES = {f"{PACK}/gentle-piriformis", f"{PACK}/after-run-piriformis"}
SCIATICA_SIGNS = ("sharp pain", "numbness", "weakness", "tingling")


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return assert_pack_valid(PACK)


def test_the_pack_is_installed_and_loaded(pack):
    assert pack.distribution == "limber-sciatica-care"
    assert pack.info is not None and pack.info.credentials == ""


def test_its_routines_are_in_the_catalogue(pack):
    assert set(pack.routines) == ROUTINES
    assert f"{PACK}/piriformis-and-sciatic-nerve" in pack.guidance


def test_every_routine_plans_and_names_its_sources_and_the_sciatica_signs(pack):
    plans = build_plans(PACK)
    assert set(plans) == ROUTINES
    for rid in sorted(ROUTINES):
        routine = pack.routines[rid]
        assert plans[rid].work_seconds > 0
        assert routine.sources
        cautions = " ".join(routine.cautions).lower()
        assert all(sign in cautions for sign in SCIATICA_SIGNS), rid
        assert "discomfort" in cautions, rid
