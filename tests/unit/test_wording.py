"""One wording for counts, durations, sides and steps, whichever view shows them."""

from limber.core.model import Dose, RoutineStep, Stretch
from limber.core.wording import (
    about_minutes,
    minutes,
    mmss,
    padded_mmss,
    plural,
    sides_text,
    step_line,
    stretch_sides,
)


def test_plural_never_says_one_stretches():
    assert [plural(n, "stretch", "stretches") for n in (0, 1, 2)] == [
        "0 stretches",
        "1 stretch",
        "2 stretches",
    ]
    assert plural(1, "step") == "1 step"


def test_minutes_agree_with_the_clock_shown_beside_them():
    # 89.996 s shows as 1:30, so it is "about 2 minutes", never "about 1 minute".
    assert mmss(89.996) == "1:30"
    assert about_minutes(89.996) == "about 2 minutes"
    assert about_minutes(89.4) == "about 1 minute"
    assert about_minutes(3) == "about 1 minute"
    assert minutes(150) == "3 min"
    assert minutes(149) == "2 min"
    assert padded_mmss(65) == "01:05"


def test_sides_read_the_same_everywhere():
    assert [sides_text(s) for s in ("each", "left", "right", "none", None)] == [
        "each side",
        "left side",
        "right side",
        "",
        "",
    ]
    assert stretch_sides("none") == "no sides"


def test_step_line_has_dose_rounds_and_sides():
    stretch = Stretch(
        id="p/cat",
        name="Cat-cow",
        summary="s",
        kind="stretch",
        position="kneeling",
        targets=("lower-back",),
        sides="each",
        dose=Dose(seconds=(20, 30), note="slowly"),
        setup="x",
        steps=("y",),
    )
    step = RoutineStep(stretch="p/cat", rounds=2)
    assert step_line(step, stretch).text() == "Cat-cow — 20–30 s × 2, each side"
    assert step_line(step, stretch, note=True).dose == "20–30 s (slowly) × 2"
