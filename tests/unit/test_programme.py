"""Programmes in packs and as single files: validated, checked against the loaded
routines, dosed week by week, and their authors' rules worded as theirs."""

from __future__ import annotations

import textwrap

import pytest

from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError
from limber.core.packs.content import read_pack_dir
from limber.core.packs.lint import lint_pack
from limber.core.programme import (
    crossed_after_session,
    parse_programme,
    rule_owner,
    rules,
    week_routine,
)
from limber.core.programme_model import Author, GetInTouch
from limber.testing import load_pack

PROGRAMME = """\
id = "back-plan"
title = "Back plan"
summary = "Three weeks of gentle work."
review = "After 3 weeks, book a review with Jane."

[author]
name = "Jane Doe"
credentials = "MCSP"
role = "physio"
contact = "Clinic: 01234 567890"

[get_in_touch]
pain_after = {pain_after}
stopped_for_pain = true
advice = "Stop the programme and ring the clinic."

[[weeks]]
routines = ["{routine}"]
sessions = {sessions}

[[weeks]]
routines = ["core/post-run"]
sessions = 3
doses = [{{ step = 1, seconds = 45 }}]
"""


def programme_text(pain_after: int = 6, routine: str = "core/post-run", sessions: int = 2) -> str:
    return PROGRAMME.format(pain_after=pain_after, routine=routine, sessions=sessions)


@pytest.fixture(scope="module")
def core() -> Catalogue:
    pack = load_pack("core")
    return Catalogue(stretches=dict(pack.known_stretches), routines=dict(pack.known_routines))


def test_a_programme_file_reads_with_its_weeks_and_rules(core):
    programme = parse_programme(programme_text(), file="plan.toml", routines=core.routines)
    assert programme.id == "file/back-plan"
    assert [(w.routines, w.sessions) for w in programme.weeks] == [
        (("core/post-run",), 2),
        (("core/post-run",), 3),
    ]
    assert rule_owner(programme.author) == "Your physio's rule (Jane Doe, MCSP)"
    assert rules(programme.get_in_touch)["pain_after"] == (
        "get in touch if pain after is 6 or more"
    )


def test_a_bare_routine_id_is_found_among_the_loaded_routines(core):
    text = programme_text(routine="post-run")
    programme = parse_programme(text, file="plan.toml", routines=core.routines)
    assert programme.weeks[0].routines == ("core/post-run",)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            programme_text(pain_after=11),
            "plan.toml:13: get_in_touch.pain_after: expected `int` <= 10",
        ),
        (programme_text(sessions=0), "plan.toml:19: weeks[0].sessions: expected `int` >= 1"),
        (
            programme_text(routine="core/no-such"),
            "plan.toml:18: weeks[0].routines: no routine `core/no-such`",
        ),
        ('id = "a"\ntitle = = 2\n', "plan.toml:2:"),
    ],
    ids=["threshold-outside-0-10", "zero-sessions", "missing-routine", "not-toml"],
)
def test_each_bad_programme_is_one_sentence_with_file_line_and_key(core, text, where):
    with pytest.raises(ContentError) as caught:
        parse_programme(text, file="plan.toml", routines=core.routines)
    message = caught.value.located()
    assert message.startswith(where), message
    assert "\n" not in message


def test_a_week_changes_the_dose_of_one_step_and_leaves_the_routine_alone(core):
    programme = parse_programme(programme_text(), file="plan.toml", routines=core.routines)
    routine = core.routines["core/post-run"]
    week_two = week_routine(programme, 2, routine)
    assert week_two.steps[0].seconds == 45
    assert week_two.steps[1:] == routine.steps[1:]
    assert week_two.name == f"{routine.name} (week 2)"
    assert week_routine(programme, 1, routine) is routine


def test_only_the_authors_rules_are_checked():
    rules_given = GetInTouch(pain_after=6, pain_rise=2)
    assert crossed_after_session(rules_given, 4, 6, stopped=False) == ["pain_after", "pain_rise"]
    assert crossed_after_session(rules_given, 5, 5, stopped=True) == []
    assert crossed_after_session(GetInTouch(), 0, 10, stopped=True) == []
    assert crossed_after_session(GetInTouch(stopped_for_pain=True), None, None, True) == [
        "stopped_for_pain"
    ]


def test_an_author_without_a_role_is_named_as_the_author():
    owner = rule_owner(Author(name="The Limber developers", credentials="not clinicians"))
    assert owner == "The rule of this programme's author (The Limber developers, not clinicians)"


def test_a_pack_programme_loads_and_is_linted(make_pack):
    head, _, rest = textwrap.dedent(programme_text()).partition("[get_in_touch]")
    text = head + rest[rest.index("[[weeks]]") :]
    root = make_pack("demo", files={"programmes/plan.toml": text})
    content = read_pack_dir(root)
    assert content.errors == []
    (programme,) = content.programmes
    found = lint_pack(content, "demo", Catalogue(), lambda f: (root / f).read_text())
    messages = [w.located() for w in found if w.file == "programmes/plan.toml"]
    assert any(
        "get_in_touch: warning: this programme gives no `get_in_touch` rules" in m for m in messages
    )
    assert programme.id == "back-plan"
