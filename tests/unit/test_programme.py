"""Programmes in packs and as single files: validated, checked against the loaded
routines, dosed week by week, and their authors' rules worded as theirs."""

from __future__ import annotations

import textwrap

import pytest

from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError
from limber.core.packs.content import read_pack_dir
from limber.core.packs.lint import lint_pack
from limber.core.plan import PlanSettings, build_plan
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
        (programme_text(sessions=0), "plan.toml:19: week 1: sessions: expected `int` >= 1"),
        (
            programme_text(routine="core/no-such"),
            "plan.toml:18: week 1: routines: no routine `core/no-such`",
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


def _week_one(core, level: str = "") -> dict[str, set[str]]:
    """Each stretch of core/flare-up → the doses week 1 of a programme plays, with the
    runner's setting at "high"."""
    text = programme_text(routine="core/flare-up")
    if level:
        text = text.replace("sessions = 2\n", f'sessions = 2\ndose = "{level}"\n', 1)
    programme = parse_programme(text, file="plan.toml", routines=core.routines)
    return _played(core, programme, 1)


def _played(core, programme, week: int) -> dict[str, set[str]]:
    routine = week_routine(programme, week, core.routines["core/flare-up"], core.stretches)
    played: dict[str, set[str]] = {}
    for phase in build_plan(routine, core.stretches, PlanSettings(dose="high")).phases:
        if phase.work:
            played.setdefault(phase.stretch_id.removeprefix("core/"), set()).add(phase.dose_text)
    return played


FLARE_UP = {"childs-pose": (20, 30), "lower-back-twist": (20, 30), "knee-to-chest": (20, 30)}


def test_week_one_starts_at_the_low_end_whatever_the_runners_setting(core):
    played = _week_one(core)
    assert {stretch: played[stretch] for stretch in FLARE_UP} == {
        stretch: {"20 s"} for stretch in FLARE_UP
    }
    assert played["pelvic-tilt"] == {"12 reps"}
    assert played["cat-cow"] == {"5 s"}  # a flow keeps its own timing


@pytest.mark.parametrize(
    ("level", "seconds", "reps"),
    [("low", "20 s", "12 reps"), ("middle", "25 s", "14 reps"), ("high", "30 s", "15 reps")],
)
def test_a_week_sets_its_dose_level(core, level, seconds, reps):
    played = _week_one(core, level)
    assert {stretch: played[stretch] for stretch in FLARE_UP} == {s: {seconds} for s in FLARE_UP}
    assert played["pelvic-tilt"] == {reps}


def test_a_later_week_without_a_level_keeps_the_runners_setting(core):
    text = (
        programme_text(routine="core/flare-up")
        .replace('routines = ["core/post-run"]', 'routines = ["core/flare-up"]')
        .replace("step = 1, seconds = 45", "step = 5, reps = 10")
    )
    programme = parse_programme(text, file="plan.toml", routines=core.routines)
    routine = week_routine(programme, 2, core.routines["core/flare-up"], core.stretches)
    assert routine.steps[0].seconds is None  # the range stays for the runner's setting
    assert routine.steps[4].reps == 10


def test_a_dose_level_that_does_not_exist_is_one_sentence_with_its_week(core):
    text = programme_text().replace("sessions = 3\n", 'sessions = 3\ndose = "medium"\n', 1)
    with pytest.raises(ContentError) as caught:
        parse_programme(text, file="plan.toml", routines=core.routines)
    message = caught.value.located()
    assert message == (
        "plan.toml:24: week 2: dose: `medium` is not one of the allowed values: "
        "`low`, `middle`, `high`"
    )


def test_a_misspelt_week_key_and_routine_get_a_did_you_mean(core):
    text = programme_text().replace("sessions = 3", "sesions = 3")
    with pytest.raises(ContentError) as caught:
        parse_programme(text, file="plan.toml", routines=core.routines)
    assert caught.value.located() == (
        "plan.toml:23: week 2: sesions: unknown key `sesions`; did you mean `sessions`?"
    )
    with pytest.raises(ContentError) as caught:
        parse_programme(
            programme_text(routine="core/post-rnu"), file="plan.toml", routines=core.routines
        )
    assert caught.value.located().endswith("did you mean `core/post-run`?")


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


NOTED = """\
id = "noted"
title = "Noted plan"
summary = "Two weeks."
review = "After 2 weeks, book a review."

[author]
name = "Jane Doe"
contact = "01234 567890"

[get_in_touch]
pain_after = 6

[[weeks]]
routines = ["daily"]
sessions = 3
note = "{first}"

[[weeks]]
routines = ["daily"]
sessions = 3
dose = "high"
note = "Now 30 s holds, 3 sessions a week."
"""


def _note_warnings(make_pack, first: str) -> list[str]:
    root = make_pack(
        "demo",
        stretches={"hug": {"seconds": "[20, 30]"}},
        routines={"daily": "hug"},
        files={"programmes/noted.toml": NOTED.format(first=first)},
    )
    content = read_pack_dir(root)
    assert content.errors == []
    found = lint_pack(content, "demo", Catalogue(), lambda f: (root / f).read_text())
    return [w.located() for w in found if ".note" in w.key or w.key.endswith("note")]


def test_pack_check_warns_when_a_weeks_note_names_a_number_its_doses_are_not(make_pack):
    warnings = _note_warnings(make_pack, "Start gently: 8 press-ups, 30 s holds.")
    assert warnings == [
        "programmes/noted.toml:16: week 1: note: warning: the note names 8, but no dose "
        "this week is 8 (its doses: 20 s)",
        "programmes/noted.toml:16: week 1: note: warning: the note names 30 s, but no dose "
        "this week is 30 s (its doses: 20 s)",
    ]


def test_a_note_that_agrees_with_its_doses_is_left_alone(make_pack):
    assert _note_warnings(make_pack, "Start gently: 20 s holds, 3 times a week for 10 min.") == []


def _flare_up_week(core, doses: str) -> str:
    return programme_text(routine="core/flare-up").replace(
        "sessions = 2\n", f"sessions = 2\ndoses = [{doses}]\n", 1
    )


def test_a_week_may_dose_a_stretch_by_name_in_every_step_that_does_it(core):
    text = _flare_up_week(core, '{ stretch = "childs-pose", seconds = 40 }')
    programme = parse_programme(text, file="plan.toml", routines=core.routines)
    assert programme.weeks[0].doses[0].stretch == "core/childs-pose"
    played = _played(core, programme, 1)
    assert played["childs-pose"] == {"40 s"}
    assert played["knee-to-chest"] == {"20 s"}  # the rest at week 1's low end


@pytest.mark.parametrize(
    ("doses", "said"),
    [
        (
            '{ stretch = "childs-pos", seconds = 40 }',
            "plan.toml:20: week 1: doses[0].stretch: `core/flare-up` has no step with the "
            "stretch `childs-pos`; did you mean `core/childs-pose`?",
        ),
        (
            '{ step = 1, stretch = "childs-pose", seconds = 40 }',
            "plan.toml:20: week 1: doses[0]: say which step changes: give `step` or "
            "`stretch`, not both",
        ),
        (
            "{ seconds = 40 }",
            "plan.toml:20: week 1: doses[0]: say which step changes: give `step` or "
            "`stretch`, not both",
        ),
    ],
    ids=["misspelt", "both", "neither"],
)
def test_a_dose_change_names_one_step_or_one_stretch_of_its_routine(core, doses, said):
    with pytest.raises(ContentError) as caught:
        parse_programme(_flare_up_week(core, doses), file="plan.toml", routines=core.routines)
    assert caught.value.located() == said
