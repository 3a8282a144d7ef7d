"""Limber's own entry-point reader finds exactly what importlib.metadata finds."""

from __future__ import annotations

import importlib.metadata
import sys

import pytest

from limber.core.packs.discovery import entry_points


@pytest.mark.parametrize("group", ["limber", "console_scripts", "pytest11"])
def test_agrees_with_importlib_metadata_on_this_environment(group):
    ours = sorted((e.name, e.value, e.distribution, e.version) for e in entry_points(group))
    theirs = sorted(
        (e.name, e.value, e.dist.name if e.dist else "", e.dist.version if e.dist else "")
        for e in importlib.metadata.entry_points(group=group)
    )
    assert ours == theirs


def install(site, folder: str, name: str, version: str, entry_points_txt: str) -> None:
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    (info / "entry_points.txt").write_text(entry_points_txt)


def test_reads_groups_comments_and_first_distribution_wins(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    install(
        first,
        "limber_clinic-1.0.dist-info",
        "limber-clinic",
        "1.0",
        "# a comment\n[console_scripts]\nx = y:z\n\n[limber]\nclinic = clinic_pack\n",
    )
    install(
        second,
        "limber_clinic-0.9.dist-info",
        "limber-clinic",
        "0.9",
        "[limber]\nclinic = old_clinic_pack\n",
    )
    install(
        second, "other-2.0.dist-info", "Other", "2.0", "[limber]\nother = other_pack:plugin.inner\n"
    )
    found = entry_points("limber", [str(first), str(second), str(tmp_path / "missing")])
    assert [(e.name, e.value, e.distribution, e.version) for e in found] == [
        ("clinic", "clinic_pack", "limber-clinic", "1.0"),
        ("other", "other_pack:plugin.inner", "Other", "2.0"),
    ]


def test_load_follows_module_and_attributes(tmp_path, monkeypatch):
    (tmp_path / "deep_pack.py").write_text("class plugin:\n    inner = 'found me'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    install(
        tmp_path, "deep-1.0.dist-info", "deep", "1.0", "[limber]\ndeep = deep_pack:plugin.inner\n"
    )
    (ep,) = entry_points("limber", [str(tmp_path)])
    assert ep.load() == "found me"
    sys.modules.pop("deep_pack", None)


def test_an_egg_info_on_the_path_is_left_to_importlib_metadata(tmp_path):
    (tmp_path / "legacy.egg-info").mkdir()
    (tmp_path / "legacy.egg-info" / "PKG-INFO").write_text("Name: legacy\nVersion: 1\n")
    (tmp_path / "legacy.egg-info" / "entry_points.txt").write_text("[limber]\nlegacy = legacy\n")
    # importlib.metadata reads sys.path, so only check that the fallback is taken.
    from limber.core.packs import discovery as entrypoints

    assert entrypoints._uncommon([str(tmp_path)])
