"""The warnings `limber pack check` gives: core rules, on content read from a folder."""

from __future__ import annotations

import itertools

from limber.core.catalogue import Catalogue
from limber.core.packs.content import read_pack_dir
from limber.core.packs.lint import lint_pack

_folders = itertools.count()
SOURCED = 'cautions = ["Stop if it hurts."]\n\n[[sources]]\ntitle = "A book"\n'


def routine(*steps: str) -> str:
    body = "".join(f'\n[[steps]]\nstretch = "reach"\n{step}\n' for step in steps)
    return f'id = "r"\nname = "R"\ndescription = "D."\n{SOURCED}{body}'


def warnings_for(make_pack, text: str) -> list[str]:
    folder = f"pack{next(_folders)}"  # a fresh folder each call; linted as the pack "p"
    root = make_pack(
        folder, stretches={"reach": {"sides": "each"}}, files={"routines/r.toml": text}
    )
    content = read_pack_dir(root)
    assert content.errors == []
    found = lint_pack(content, "p", Catalogue(), lambda f: (root / f).read_text())
    return [w.located() for w in found if w.file == "routines/r.toml"]


def test_one_side_without_the_other_is_a_warning(make_pack):
    assert warnings_for(make_pack, routine('sides = "left"')) == [
        "routines/r.toml:11: steps[0].sides: warning: `p/reach` gets 20 s on the left side "
        "and 0 s on the right; add a step for the right side, or a `note` saying why"
    ]


def test_sides_balanced_by_time_or_explained_by_a_note_are_not(make_pack):
    assert warnings_for(make_pack, routine('sides = "left"', 'sides = "right"')) == []
    assert warnings_for(make_pack, routine('sides = "left"\nnote = "Left is the tight one."')) == []
    # the longer side has the note: on purpose
    explained = routine('sides = "left"', 'sides = "right"\nseconds = 40\nnote = "Tight side."')
    assert warnings_for(make_pack, explained) == []


def test_a_longer_side_without_a_note_is_a_warning(make_pack):
    found = warnings_for(make_pack, routine('sides = "left"', 'sides = "right"\nseconds = 40'))
    assert len(found) == 1
    assert "steps[1].sides: warning: `p/reach` gets 40 s on the right side and 20 s" in found[0]
