"""`limber list --json` encodes each stretch as it is, with its pack, file and dose
wording spliced in: the very text the dict-per-item listing printed."""

from __future__ import annotations

import json

import msgspec

import limber.corepack
from limber.commands.catalogue_cmds import item_json, stretch_json
from limber.core.jsonout import encode
from limber.core.packs.host import PackHost


def test_each_core_stretch_lists_as_the_dict_listing_did():
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    catalogue, _report = host.collect()
    stretches = list(catalogue.stretches.values())
    doses: dict = {}
    spliced = encode([stretch_json(s, catalogue, doses) for s in stretches])
    assert spliced == encode([item_json(s, catalogue) for s in stretches])
    assert len(doses) < len(stretches)  # each dose worded once
    assert json.loads(spliced)[0]["dose"]["text"]


def test_a_name_that_looks_like_a_dose_key_is_left_alone():
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    catalogue, _report = host.collect()
    stretch = catalogue.stretches["core/childs-pose"]
    dose_text = msgspec.json.encode(stretch.dose).decode()
    odd = msgspec.structs.replace(stretch, name=f'"dose":{dose_text} \x9b')
    spliced = encode([stretch_json(odd, catalogue, {})])
    assert spliced == encode([item_json(odd, catalogue)])
    assert json.loads(spliced)[0]["name"] == f'"dose":{dose_text} \x9b'
