"""`limber pack new --from-routines`: the runner's routines become pack files."""

from __future__ import annotations

import tomllib

import msgspec
import pytest

from limber.commands import catalogue_cmds, pack_cmds
from limber.core.catalogue import Catalogue
from limber.core.model import Stretch
from limber.core.packs.content import qualify, read_pack_dir
from limber.core.paths import Paths

OWN_STRETCH = {
    "id": "wall-reach",
    "name": "Wall reach",
    "summary": "Reach up a wall.",
    "kind": "hold",
    "position": "standing",
    "targets": ["mid-back"],
    "sides": "each",
    "setup": "Face a wall.",
    "steps": ["Walk your hands up the wall."],
    "dose": {"seconds": [20, 30]},
    "cautions": ["Stop if it pinches."],
    "sources": [{"title": "My own notes"}],
}

SAVED = """\
id = "desk-break"
name = "Desk break"
description = "Saved by the routine builder."

[[steps]]
stretch = "core/childs-pose"

[[steps]]
stretch = "mine/wall-reach"
sides = "left"
note = "Left only today."
"""


def test_the_user_pack_name_is_the_one_limber_registers():
    userpack = pytest.importorskip("limber.core.packs.userpack")
    assert userpack.PACK == pack_cmds.USER_PACK


def test_own_stretches_are_copied_in_and_other_packs_stay_full_ids(
    tmp_path, monkeypatch, limber_home
):
    own = qualify(msgspec.convert(OWN_STRETCH, Stretch), "mine")
    installed = Catalogue()
    installed.add([own])
    monkeypatch.setattr(catalogue_cmds, "load", lambda **_: (installed, None))
    saved = Paths.from_env().routines_dir
    saved.mkdir(parents=True)
    (saved / "desk-break.toml").write_text(SAVED)

    mine = pack_cmds.user_routines(Paths.from_env())

    assert mine.routine_ids == ["desk-break"]
    routine = tomllib.loads(mine.routines["desk-break.toml"])
    assert [s["stretch"] for s in routine["steps"]] == ["core/childs-pose", "wall-reach"]
    assert routine["steps"][1]["note"] == "Left only today."
    copied = mine.stretches["wall-reach.toml"]
    assert copied.startswith("#:schema ../stretch.schema.json\n")
    data = tomllib.loads(copied)
    assert data["id"] == "wall-reach"
    assert data["dose"] == {"seconds": [20, 30]}
    assert "aliases" not in data and "tempo_seconds" not in data
    assert "\n[[sources]]\ntitle = " in copied

    # Written out, the copy and the routine read back as a valid pack.
    content = tmp_path / "content"
    (content / "stretches").mkdir(parents=True)
    (content / "routines").mkdir()
    (content / "pack.toml").write_text(
        'name = "x"\ntitle = "X"\ndescription = "X."\nauthor = "Me"\n'
    )
    (content / "stretches" / "wall-reach.toml").write_text(copied)
    (content / "routines" / "desk-break.toml").write_text(mine.routines["desk-break.toml"])
    pack = read_pack_dir(content)
    assert pack.errors == []
    assert pack.stretches[0] == msgspec.structs.replace(own, id="wall-reach")
