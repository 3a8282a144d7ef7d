"""`limber pack new` and the warnings of `limber pack check`, as a pack author meets them."""

from __future__ import annotations

import json
import os
import tomllib

import pytest
from test_cli import assert_one_sentence_error

from limber import __version__ as LIMBER_VERSION
from limber.core.schema import json_schemas

SCAFFOLD = {
    "README.md",
    "pyproject.toml",
    "tests/test_hamstring_care_pack.py",
    "limber_hamstring_care/__init__.py",
    "limber_hamstring_care/content/pack.toml",
    "limber_hamstring_care/content/pack.schema.json",
    "limber_hamstring_care/content/stretch.schema.json",
    "limber_hamstring_care/content/routine.schema.json",
    "limber_hamstring_care/content/guidance.schema.json",
    "limber_hamstring_care/content/programme.schema.json",
    "limber_hamstring_care/content/stretches/knee-hug.toml",
    "limber_hamstring_care/content/routines/gentle-start.toml",
    "limber_hamstring_care/content/programmes/first-weeks.toml.example",
}


def files_under(folder):
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_pack_new_writes_a_pack_project_that_checks_valid(limber, tmp_path):
    project = tmp_path / "limber-hamstring-care"
    result = limber("pack", "new", str(project))
    assert result.returncode == 0, result.stderr
    assert "Made the pack 'hamstring-care'" in result.stdout
    assert files_under(project) == SCAFFOLD

    meta = tomllib.loads((project / "pyproject.toml").read_text())
    assert meta["build-system"]["build-backend"] == "hatchling.build"
    assert meta["project"]["name"] == "limber-hamstring-care"
    assert meta["project"]["version"] == "0.1.0"
    assert meta["project"]["dependencies"] == [f"limber-stretch>={LIMBER_VERSION}"]
    assert meta["project"]["entry-points"]["limber"] == {"hamstring-care": "limber_hamstring_care"}

    content = project / "limber_hamstring_care" / "content"
    assert tomllib.loads((content / "pack.toml").read_text())["name"] == "hamstring-care"
    for kind, schema in json_schemas().items():
        written = json.loads((content / f"{kind}.schema.json").read_text())
        assert written == json.loads(json.dumps(schema))
    for toml in content.rglob("*.toml"):  # the editor's schema line resolves from each file
        first = toml.read_text().splitlines()[0]
        assert first.startswith("#:schema ./") or first.startswith("#:schema ../")
        assert (toml.parent / first.removeprefix("#:schema ")).is_file(), toml
    stretch = tomllib.loads((content / "stretches" / "knee-hug.toml").read_text())
    assert stretch["cautions"] and stretch["sources"][0]["title"].startswith("EDIT:")
    test = (project / "tests" / "test_hamstring_care_pack.py").read_text()
    assert "from limber.testing import assert_pack_valid, build_plans" in test
    assert 'NAME = "hamstring-care"' in test
    assert "gentle-start" not in test  # no example id: the test outlives the example
    readme = (project / "README.md").read_text()
    assert "pip wheel" in readme
    assert "`limber install limber_hamstring_care-0.1.0-py3-none-any.whl`" in readme
    assert "`pip install limber_hamstring_care" not in readme

    # Fresh from the scaffold, every placeholder is an error at the place to edit.
    check = limber("pack", "check", str(project))
    assert check.returncode == 1, check.stdout
    places = [line.split(": ")[0:2] for line in check.stdout.splitlines()]
    assert [str(project / "pyproject.toml:8"), "project.description"] in places
    assert [f"{content}/pack.toml:6", "author"] in places
    assert [f"{content}/stretches/knee-hug.toml:4", "id"] in places
    assert [f"{content}/routines/gentle-start.toml:22", "sources[0].title"] in places
    assert all("EDIT:" in line or "example's id" in line for line in check.stdout.splitlines())
    assert check.stderr == "8 problem(s) in pack 'hamstring-care'.\n"

    fill_in(project)
    check = limber("pack", "check", str(project))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines() == [
        "Pack 'hamstring-care' is valid: 1 stretches, 1 routines, 0 guidance pages."
    ]

    # The commented example programme loads once renamed and filled in.
    example = content / "programmes" / "first-weeks.toml.example"
    example.rename(example.with_suffix(""))
    fill_in(project)
    check = limber("pack", "check", str(project))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines() == [
        "Pack 'hamstring-care' is valid: 1 stretches, 1 routines, 0 guidance pages, "
        "1 programme: First weeks."
    ]

    # The generated hook finds the content once installed, and the routine loads.
    init = (project / "limber_hamstring_care" / "__init__.py").read_text()
    limber.install("hamstring-care", init, content)
    listing = limber("--strict", "list")
    assert listing.returncode == 0, listing.stderr
    assert "hamstring-care/easy-start" in listing.stdout
    assert "hamstring-care/hamstring-hug" in listing.stdout


def fill_in(project):
    """Do what the scaffold asks: replace each "EDIT:" text and the example's ids."""
    for path in [project / "pyproject.toml", *project.rglob("content/**/*.toml")]:
        text = path.read_text()
        text = text.replace('"EDIT: ', '"Written by the author: ')
        text = text.replace('"knee-hug"', '"hamstring-hug"').replace(
            '"gentle-start"', '"easy-start"'
        )
        path.write_text(text)


def test_pack_new_takes_the_name_from_the_folder_or_from_name(limber, tmp_path):
    assert limber("pack", "new", str(tmp_path / "calf_care")).returncode == 0
    assert (tmp_path / "calf_care" / "limber_calf_care" / "__init__.py").is_file()
    named = limber("pack", "new", str(tmp_path / "anything"), "--name", "hip-flow")
    assert named.returncode == 0, named.stderr
    meta = tomllib.loads((tmp_path / "anything" / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"]["limber"] == {"hip-flow": "limber_hip_flow"}


@pytest.mark.parametrize(
    ("folder", "name", "fragment"),
    [
        ("ok", "Hip Flow", "'Hip Flow' cannot be a pack name"),
        ("ok", "core", "belongs to Limber's own catalogue"),
        ("ok", "mine", "belongs to your own routines"),
        ("limber-", None, "does not give a pack name; choose one with --name"),
    ],
)
def test_pack_new_refuses_a_name_that_is_not_a_slug(limber, tmp_path, folder, name, fragment):
    args = ["--name", name] if name else []
    result = limber("pack", "new", str(tmp_path / folder), *args)
    assert_one_sentence_error(result, fragment)
    assert not (tmp_path / folder).exists()


def test_pack_new_refuses_a_folder_that_is_not_empty(limber, tmp_path):
    project = tmp_path / "limber-notes"
    project.mkdir()
    (project / "notes.txt").write_text("my notes")
    result = limber("pack", "new", str(project))
    assert_one_sentence_error(
        result, f"{project} already exists and is not empty; choose a new folder."
    )
    assert files_under(project) == {"notes.txt"}

    empty = tmp_path / "limber-empty"
    empty.mkdir()
    assert limber("pack", "new", str(empty)).returncode == 0


# -- warnings ---------------------------------------------------------------------------

LOPSIDED = """\
id = "lopsided"
name = "Lopsided"
description = "Left only."
cautions = ["Stop if it hurts."]

[[sources]]
title = "A book"

[[steps]]
stretch = "reach"
sides = "left"
"""

BALANCED = """\
id = "balanced"
name = "Balanced"
description = "Left then right, and a note where one side is on purpose."
cautions = ["Stop if it hurts."]

[[sources]]
title = "A book"

[[steps]]
stretch = "reach"
sides = "left"

[[steps]]
stretch = "core/childs-pose"

[[steps]]
stretch = "reach"
sides = "right"

[[steps]]
stretch = "core/single-knee-to-chest"
sides = "right"
note = "Only the right side: the left was done in the warm-up."
"""

HURRIED = """\
id = "hurried"
name = "Hurried"
description = "A long note on a short hold."
cautions = ["Stop if it hurts."]

[[sources]]
title = "A book"

[[steps]]
stretch = "reach"

[[steps]]
stretch = "reach"
seconds = 3
note = "Keep your shoulders down and away from your ears while you breathe out slowly."
"""

WORDY = """\
id = "wordy"
name = "Wordy"
summary = "Too many words for a short hold."
kind = "hold"
position = "standing"
targets = ["hamstrings"]
sides = "none"
setup = "Stand tall."
steps = [
    "Lean forward from your hips while you keep your back long and your knees soft and easy.",
    "Let your arms hang down towards the floor and breathe out slowly through your mouth.",
]
cautions = ["Stop if it hurts."]

[dose]
seconds = [4, 30]

[[sources]]
title = "A book"
"""


@pytest.fixture
def warned_pack(make_pack):
    """A pack that loads, with one of each warning."""
    return make_pack(
        "warned",
        stretches={"reach": {"sides": "each"}, "childs-pose": {}},
        files={
            "routines/lopsided.toml": LOPSIDED,
            "routines/balanced.toml": BALANCED,
            "routines/hurried.toml": HURRIED,
            "routines/reach.toml": LOPSIDED.replace('"lopsided"', '"reach"').replace(
                'sides = "left"', 'sides = "each"'
            ),
            "stretches/wordy.toml": WORDY,
        },
    )


def warnings_of(result):
    return [line for line in result.stdout.splitlines() if ": warning: " in line]


def test_pack_check_warns_and_still_passes(limber, warned_pack):
    result = limber("pack", "check", str(warned_pack))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    warnings = warnings_of(result)
    summary = result.stdout.splitlines()[-1]
    assert summary == (
        f"Pack 'warned' is valid: 3 stretches, 4 routines, 0 guidance pages; "
        f"{len(warnings)} warning(s) above."
    )
    root = warned_pack
    expected = [
        # one side of a sided stretch, with no note
        f"{root}/routines/lopsided.toml:11: steps[0].sides: warning: `warned/reach` gets 20 s "
        "on the left side and 0 s on the right; add a step for the right side, or a `note` "
        "saying why",
        # a hold too short for its words: the stretch's own, and a routine's shorter one
        # (the hold keeps as many steps as fit, always one: here one is still too long)
        f"{root}/stretches/wordy.toml:9: steps: warning: the 15 words of movement shown during "
        "the 4 s hold (the caution aside) take about 5 s to read; shorten the steps (the hold "
        "shows the first sentence of as many as fit, the last one always), or hold longer",
        f"{root}/routines/hurried.toml:12: steps[1]: warning: the 16 words of movement shown "
        "during the 3 s hold (the caution aside) take about 6 s to read; shorten the note, or "
        "hold longer",
        # no cautions, no sources
        f"{root}/stretches/reach.toml:1: cautions: warning: this stretch has no `cautions`; "
        "say when to hold back or stop",
        f"{root}/stretches/reach.toml:1: sources: warning: this stretch has no `sources`; name "
        "the article, book or guideline it comes from in a [[sources]] table",
        # the same id twice: across kinds in the pack, and as another pack's id
        f"{root}/routines/reach.toml:1: id: warning: the id `reach` is also used by "
        "stretches/reach.toml; `limber show warned/reach` can show only one of them",
        f"{root}/stretches/childs-pose.toml:1: id: warning: the id `childs-pose` is also used "
        "by core/childs-pose; runners will need the full id `warned/childs-pose`",
    ]
    for line in expected:
        assert line in warnings, "\n".join(warnings)
    assert not any("balanced.toml" in w and "sides" in w for w in warnings)
    assert not any("routines/reach.toml" in w and "sides" in w for w in warnings)


def test_pack_check_prints_errors_first_then_warnings_and_fails(limber, make_pack):
    root = make_pack("mixed", routines={"r": "no-such-stretch"})
    result = limber("pack", "check", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{root}/routines/r.toml: steps[0].stretch: no stretch `mixed/no-such-stretch` is loaded"
    )
    assert all(": warning: " in line for line in lines[1:])
    count = len(lines) - 1
    assert count >= 2  # the routine and the stretch have no cautions or sources
    assert result.stderr.strip() == f"1 problem(s) in pack 'mixed'. Also {count} warning(s)."


# -- from your own routines -------------------------------------------------------------

MY_ROUTINE = """\
id = "{id}"
name = "{name}"
description = "Saved by the routine builder."

[[steps]]
stretch = "core/childs-pose"
seconds = 40

[[steps]]
stretch = "{second}"
"""


def test_pack_new_from_routines_takes_your_saved_routines(limber, limber_home, tmp_path):
    saved = limber_home / "routines"
    saved.mkdir()
    (saved / "evening.toml").write_text(
        MY_ROUTINE.format(id="evening", name="Evening", second="core/cat-cow")
    )
    (saved / "short.toml").write_text(
        MY_ROUTINE.format(id="short", name="Short", second="knee-to-chest")
    )
    (saved / "broken.toml").write_text("id = \n")
    project = tmp_path / "limber-evenings"

    result = limber("pack", "new", str(project), "--from-routines")
    assert result.returncode == 0, result.stderr
    assert "Added 2 of your routines: evening, short." in result.stdout
    assert "left out" in result.stderr and "broken.toml" in result.stderr

    content = project / "limber_evenings" / "content"
    assert sorted(p.name for p in (content / "routines").iterdir()) == [
        "evening.toml",
        "short.toml",
    ]
    assert not list((content / "stretches").iterdir())  # no example, and nothing to copy
    evening = (content / "routines" / "evening.toml").read_text()
    assert evening.startswith("#:schema ../routine.schema.json\n")
    assert "\n[[steps]]\nstretch = " in evening  # written as a person would write it
    steps = tomllib.loads(evening)["steps"]
    assert [s["stretch"] for s in steps] == ["core/childs-pose", "core/cat-cow"]
    assert steps[0]["seconds"] == 40
    short = tomllib.loads((content / "routines" / "short.toml").read_text())
    assert short["steps"][1]["stretch"] == "core/knee-to-chest"  # a bare id made full
    test = (project / "tests" / "test_evenings_pack.py").read_text()
    assert 'NAME = "evenings"' in test and "evenings/" not in test

    fill_in(project)
    check = limber("pack", "check", str(project))
    assert check.returncode == 0, check.stdout
    assert "Pack 'evenings' is valid: 0 stretches, 2 routines" in check.stdout
    assert any("evening.toml:1: sources: warning:" in w for w in warnings_of(check))


def test_pack_new_from_routines_with_none_saved_says_so(limber, tmp_path):
    project = tmp_path / "limber-evenings"
    result = limber("pack", "new", str(project), "--from-routines")
    assert_one_sentence_error(result, "You have no saved routines in", "--from-routines")
    assert not project.exists()


CODE_PACK = """\
from pathlib import Path
from limber import hookimpl

@hookimpl
def limber_content_dir():
    return Path(__file__).parent / "content"

@hookimpl
def limber_build(pack):
    pack.add_routine({"id": "week-1", "name": "Week 1", "description": "d",
                      "steps": [{"stretch": "hug", "rounds": 0}]})
"""


def test_pack_check_runs_an_installed_code_packs_build(limber, make_pack):
    """A code pack's generated routines are checked too, not only its files."""
    root = make_pack("prog")
    (root.parent / "limber_made_prog" / "__init__.py").write_text(
        CODE_PACK.replace("Path(__file__).parent", "Path(__file__).parent.parent")
    )
    result = limber("pack", "check", str(root.parent))
    assert result.returncode == 1, result.stdout
    assert "<code: routine week-1>: steps[0].rounds" in result.stdout


def test_packs_disable_and_enable_turn_one_pack_off_and_on(limber, make_pack, data_pack_source):
    limber.install("coach", data_pack_source, make_pack("coach", routines={"easy": "hug"}))

    def status():
        return {p["name"]: p for p in json.loads(limber("packs", "--json").stdout)}["coach"]

    assert status()["status"] == "loaded"
    off = limber("packs", "disable", "coach")
    assert off.returncode == 0, off.stderr
    assert status()["status"] == "off"
    assert "limber packs enable coach" in status()["error"]
    assert "coach/easy" not in limber("list").stdout
    assert limber("packs", "disable", "coach").stdout.startswith("Pack 'coach' was already off")
    assert limber("packs", "enable", "coach").returncode == 0
    assert status()["status"] == "loaded"
    assert_one_sentence_error(limber("packs", "disable", "nobody"), "No installed pack")
    assert_one_sentence_error(limber("packs", "disable", "core"), "cannot be turned off")


def test_paths_prints_where_each_file_lives(limber, limber_home):
    result = limber("paths")
    assert result.returncode == 0, result.stderr
    rows = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert rows["config"].strip() == str(limber_home / "config.toml")
    assert rows["history"].strip() == str(limber_home / "history.sqlite3")
    assert not (limber_home / "config.toml").exists()  # printing creates nothing


def test_pack_check_names_the_line_of_a_programme_week_with_a_missing_routine(limber, make_pack):
    """A physio's programme naming a routine no pack has: file, line and key."""
    programme = (
        'id = "plan"\ntitle = "Plan"\nsummary = "S."\nreview = "After 2 weeks, see me."\n'
        '\n[author]\nname = "Jane Doe"\ncontact = "01234"\n\n[get_in_touch]\npain_after = 6\n'
        '\n[[weeks]]\nroutines = ["r"]\nsessions = 3\n\n[[weeks]]\nroutines = ["core/nope"]\n'
        "sessions = 2\n"
    )
    root = make_pack("physio", routines={"r": "hug"}, files={"programmes/plan.toml": programme})
    result = limber("pack", "check", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{root}/programmes/plan.toml:18: week 2: routines: no routine `core/nope` in this "
        "pack or any installed pack"
    )


PLAN = (
    'id = "plan"\ntitle = "Back plan"\nsummary = "S."\nreview = "After 2 weeks, see me."\n'
    '\n[author]\nname = "Jane Doe"\ncontact = "01234"\n\n[get_in_touch]\npain_after = 6\n'
    '\n[[weeks]]\nroutines = ["r"]\nsessions = 3\n'
)


def test_a_toml_programme_is_named_by_pack_check_packs_and_install(
    limber, make_pack, data_pack_source
):
    """A physio's programme file is counted by name wherever the pack is summed up, and
    never taken for something the pack's code built."""
    root = make_pack("physio", routines={"r": "hug"}, files={"programmes/plan.toml": PLAN})
    checked = limber("pack", "check", str(root.parent))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].startswith(
        "Pack 'physio' is valid: 1 stretches, 1 routines, 0 guidance pages, "
        "1 programme: Back plan; "
    )
    assert "limber_build" not in checked.stdout
    limber.install("physio", data_pack_source, root)
    listed = [line for line in limber("packs").stdout.splitlines() if line.startswith("physio")]
    assert "1 routines, 1 stretches, 1 programme: Back plan" in listed[0]
    record = {p["name"]: p for p in json.loads(limber("packs", "--json").stdout)}["physio"]
    assert record["programmes"] == [{"id": "physio/plan", "title": "Back plan"}]
    assert record["guidance"] == 0
    said = limber.python(
        "from limber.commands.install_cmd import _say_loaded", "_say_loaded(['physio'])"
    )
    assert "Pack 'physio' 1.2.3 loaded: 1 routines, 1 stretches, 1 programme." in said.stdout
    assert "physio/plan" in said.stdout and "Back plan (programme)" in said.stdout


DENSE = (
    "Physiotherapeutic intervention necessitates individualised assessment of "
    "musculoskeletal dysfunction preceding implementation of rehabilitation."
)
LONG = (
    "Stretch gently after every run, while your muscles are still warm, and hold each "
    "stretch for ten to thirty seconds, breathing slowly all the while you hold it."
)
HARD = f"""\
id = "hard"
title = "Hard"
category = "how-to"
summary = "{DENSE}"
points = ["{LONG}"]

[[sources]]
title = "A book"
"""


def test_pack_check_warns_of_text_hard_to_read_at_a_glance(limber, make_pack, tmp_path):
    """Reading ease under 60 and a sentence over 25 words, each at its key; without
    textstat, only the sentence, and a note saying the ease was not checked."""
    root = make_pack("wordy", files={"guidance/hard.toml": HARD})
    result = limber("pack", "check", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    hard = [w for w in warnings_of(result) if "hard to read" in w]
    assert hard == [
        f"{root}/guidance/hard.toml:4: summary: warning: hard to read at a glance: reading "
        "ease -126.8 (at least 60): use shorter sentences and words",
        f"{root}/guidance/hard.toml:5: points: warning: hard to read at a glance: a sentence "
        'of 28 words (at most 25): "Stretch gently after every run, while …"',
    ]
    assert "textstat is not installed" not in result.stdout

    blocked = tmp_path / "no-textstat"
    (blocked / "textstat").mkdir(parents=True)
    (blocked / "textstat" / "__init__.py").write_text("raise ImportError('not here')\n")
    path = f"{blocked}{os.pathsep}{limber.site}"
    result = limber("pack", "check", str(root), env={"PYTHONPATH": path})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        "note: textstat is not installed, so reading ease was not checked (sentence length "
        "was); `pip install textstat==0.7.4` adds it."
    )
    assert [w for w in warnings_of(result) if "hard to read" in w] == hard[1:]
