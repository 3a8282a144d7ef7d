"""The filter's search: every word somewhere in an item, ``area:`` and ``pos:`` as part
of a target or position name, for routines through the stretches they use."""

from __future__ import annotations

from typing import Any

import msgspec

from limber.core.catalogue import Catalogue, parse_query
from limber.core.model import Routine, Stretch
from limber.core.packs.content import qualify


def _stretch(sid: str, **fields: Any) -> Stretch:
    data: dict[str, Any] = {
        "id": sid,
        "name": sid.replace("-", " "),
        "summary": "A stretch.",
        "kind": "hold",
        "position": "lying-on-back",
        "targets": ["lower-back"],
        "sides": "none",
        "setup": "Lie down.",
        "steps": ["Hold it."],
        "dose": {"seconds": 30},
        **fields,
    }
    return qualify(msgspec.convert(data, Stretch), "p")  # type: ignore[return-value]


ROUTINE = {
    "id": "hips-first",
    "name": "Open up",
    "description": "Evening.",
    "steps": [{"stretch": "pigeon"}, {"stretch": "hug"}],
    "tags": ["post-run"],
}


def _catalogue() -> Catalogue:
    catalogue = Catalogue()
    catalogue.add(
        [
            _stretch("hug"),
            _stretch("pigeon", targets=["hips", "glutes"], position="hands-and-knees"),
            _stretch("seated-twist", targets=["mid-back"], position="seated"),
            qualify(msgspec.convert(ROUTINE, Routine), "p"),
        ]
    )
    return catalogue


def _ids(catalogue: Catalogue, text: str) -> list[str]:
    query = parse_query(text)
    found = catalogue.search(
        query.words, target=query.target, position=query.position, tag=query.tag
    )
    return [item.id for item in found]


def test_every_word_must_be_there_in_any_order():
    catalogue = _catalogue()
    assert _ids(catalogue, "twist seated") == ["p/seated-twist"]
    assert _ids(catalogue, "seated hug") == []
    assert _ids(catalogue, "open evening") == ["p/hips-first"]


def test_area_and_pos_match_part_of_a_name_and_reach_routines_through_their_stretches():
    catalogue = _catalogue()
    assert _ids(catalogue, "area:hip") == ["p/hips-first", "p/pigeon"]
    assert _ids(catalogue, "area:back") == ["p/hips-first", "p/hug", "p/seated-twist"]
    assert _ids(catalogue, "pos:knees") == ["p/hips-first", "p/pigeon"]
    assert _ids(catalogue, "area:back pos:seat") == ["p/seated-twist"]
    assert _ids(catalogue, "area:back pos:seat hug") == []


def test_a_stretch_added_later_is_searched_too():
    catalogue = _catalogue()
    assert _ids(catalogue, "area:hips") == ["p/hips-first", "p/pigeon"]
    catalogue.add([_stretch("lunge", targets=["hips"])])
    assert _ids(catalogue, "area:hips") == ["p/hips-first", "p/pigeon", "p/lunge"]
    assert _ids(catalogue, "tag:post-run area:hip") == ["p/hips-first"]
