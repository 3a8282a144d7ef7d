"""`limber list --json` keeps routine plans between runs: what it prints from them is
what it printed building them, and a plan whose stretch changed is built again."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

import limber.corepack
from limber.commands.catalogue_cmds import item_json
from limber.core.catalogue import Catalogue
from limber.core.jsonout import encode
from limber.core.packs.host import PackHost
from limber.core.plancache import PlanCache


def _core() -> Catalogue:
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    catalogue, _report = host.collect()
    return catalogue


def _listing(catalogue: Catalogue, plans: PlanCache | None) -> bytes:
    return encode([item_json(r, catalogue, plans) for r in catalogue.routines.values()])


def test_kept_plans_print_as_built_ones(tmp_path: Path):
    catalogue = _core()
    built = _listing(catalogue, None)
    first = PlanCache(tmp_path / "plans.msgpack")
    assert _listing(catalogue, first) == built
    first.save()
    kept = PlanCache(tmp_path / "plans.msgpack")
    assert len(kept._old) == len(catalogue.routines)  # read back, not built again
    assert _listing(catalogue, kept) == built


def test_a_changed_stretch_builds_its_plan_again(tmp_path: Path):
    catalogue = _core()
    first = PlanCache(tmp_path / "plans.msgpack")
    _listing(catalogue, first)
    first.save()
    routine = next(iter(catalogue.routines.values()))
    sid = routine.steps[0].stretch
    stretch = catalogue.stretches[sid]
    changed = msgspec.structs.replace(stretch, name="Renamed", setup="A new set-up.")
    catalogue.stretches[sid] = changed
    kept = PlanCache(tmp_path / "plans.msgpack")
    printed = msgspec.json.decode(encode(item_json(routine, catalogue, kept)))
    assert printed["plan"]["phases"][0]["stretch_name"] == "Renamed"
    assert printed == msgspec.json.decode(encode(item_json(routine, catalogue)))


def test_a_damaged_cache_is_ignored(tmp_path: Path):
    catalogue = _core()
    (tmp_path / "plans.msgpack").write_bytes(b"\x93not msgpack at all")
    plans = PlanCache(tmp_path / "plans.msgpack")
    assert _listing(catalogue, plans) == _listing(catalogue, None)
    plans.save()
    assert len(PlanCache(tmp_path / "plans.msgpack")._old) == len(catalogue.routines)


# -- the whole listing -------------------------------------------------------------------


def _list_json(catalogue: Catalogue, capfd) -> bytes:
    from limber.commands import catalogue_cmds

    catalogue_cmds.print_listing(catalogue)
    return capfd.readouterr().out.encode()


def _kept_listing() -> Path:
    return Path(os.environ["LIMBER_HOME"]) / "cache" / "listing.json"


def test_a_kept_listing_prints_as_the_built_one(capfd, monkeypatch):
    from limber.commands import catalogue_cmds

    catalogue = _core()
    built = _list_json(catalogue, capfd)
    assert _kept_listing().is_file() and built.endswith(b"}\n")

    def unbuilt(*_args, **_kwargs):
        raise AssertionError("the listing was built again")

    monkeypatch.setattr(catalogue_cmds, "item_json", unbuilt)
    assert _list_json(catalogue, capfd) == built


def test_a_changed_stretch_or_file_lists_anew(capfd):
    catalogue = _core()
    _list_json(catalogue, capfd)
    sid, stretch = next(iter(catalogue.stretches.items()))
    catalogue.stretches[sid] = msgspec.structs.replace(stretch, name="Renamed")
    assert b'"name": "Renamed"' in _list_json(catalogue, capfd)
    catalogue.files[sid] = "stretches/moved.toml"
    assert b'"file": "stretches/moved.toml"' in _list_json(catalogue, capfd)


def test_a_listing_cut_short_is_built_again(capfd):
    catalogue = _core()
    built = _list_json(catalogue, capfd)
    kept = _kept_listing()
    kept.write_bytes(kept.read_bytes()[:-100])
    assert _list_json(catalogue, capfd) == built


def test_a_kept_listing_prints_to_a_stream_without_a_descriptor(capsys):
    from limber.commands import catalogue_cmds

    catalogue = _core()
    catalogue_cmds.print_listing(catalogue)
    built = capsys.readouterr().out
    assert _kept_listing().is_file()
    catalogue_cmds.print_listing(catalogue)
    assert capsys.readouterr().out == built and built.endswith("}\n")


def _sent(listing, tmp_path: Path, **kwargs) -> bytes | None:
    out = tmp_path / "out"
    with open(out, "wb") as handle:
        if not listing.send(handle.fileno(), **kwargs):
            return None
    return out.read_bytes()


def test_a_listing_is_found_by_its_files_only_after_a_clean_load(tmp_path: Path):
    from limber.core.plancache import Listing

    items, files, code = list(_core().stretches.values()), {"a": "b.toml"}, [__file__]
    path, files_a, files_b = tmp_path / "listing.json", "a" * 40, "b" * 40
    first = Listing(path, files_a)
    first.made_from(items, files, code)
    first.save(b"{}\n", clean=False)  # a load that said something on stderr
    assert _sent(Listing(path, files_a), tmp_path) is None
    first.save(b"{}\n", clean=True)
    assert _sent(Listing(path, files_a), tmp_path) == b"{}\n"
    # The same items read from touched files: found by its items, and from then on by
    # these files too, if this load was clean.
    other = Listing(path, files_b)
    assert _sent(other, tmp_path) is None
    other.made_from(items, files, code)
    assert _sent(other, tmp_path, clean=False) == b"{}\n"
    assert _sent(Listing(path, files_b), tmp_path) is None
    assert _sent(other, tmp_path, clean=True) == b"{}\n"
    assert _sent(Listing(path, files_b), tmp_path) == b"{}\n"
    assert _sent(Listing(path, files_a), tmp_path) is None
    assert _sent(Listing(path, None), tmp_path) is None  # no digest: never by files
