"""The first-party packs install from their wheels beside Limber, as a runner would get them."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, build_wheel

pytestmark = pytest.mark.slow


def test_both_first_party_packs_install_from_wheels_and_load(fresh_env, tmp_path):
    wheels = [
        build_wheel(REPO / "plugins" / name, tmp_path / "dist")
        for name in ("limber-sciatica-care", "limber-runner-strength")
    ]
    fresh_env.pip("install", "--no-deps", *map(str, wheels))
    try:
        packs = {p["name"]: p for p in json.loads(fresh_env.limber("packs", "--json").stdout)}
        for name, routines in (("sciatica-care", 2), ("runner-strength", 1)):
            assert packs[name]["status"] == "loaded", packs[name]["error"]
            assert packs[name]["routines"] >= routines
        listing = fresh_env.limber("--strict", "list")
        assert listing.returncode == 0, listing.stderr
        assert "sciatica-care/gentle-piriformis" in listing.stdout
        assert "runner-strength/strength-circuit" in listing.stdout
    finally:
        fresh_env.pip("uninstall", "-y", "limber-sciatica-care", "limber-runner-strength")
