"""The four-week core-and-hips programme, as a small table and the code that reads it.

How it progresses
-----------------
Every week has the same six steps, in the same order, all core-catalogue exercises:

1. ``core/pelvic-tilt``         reps      12 → 15         (source: 12–15 reps)
2. ``core/glute-bridge``        hold      30 → 60 s       (source: hold 30–60 s)
3. ``core/tabletop-leg-press``  30 s hold, 1 → 3 rounds   (source: 30 s, "repeat as desired")
4. ``core/hip-flexor-wall``     unchanged (its own dose: at least 30 s, each side)
5. ``core/piriformis-stretch``  unchanged (its own dose, each side)
6. ``core/back-flexion``        unchanged (its own dose)

Only the three strength items change, and only inside the dose their article gives:
the glute bridge starts at the short end of 30–60 s and reaches the long end in week 4;
the tabletop leg press is always the article's 30 s, done once more as the weeks go on
(the article says to repeat it as you like; three is this pack's ceiling); the pelvic
tilt moves from 12 to 15 repetitions, done once, because the article gives 12–15 with no
sets. The stretches keep the core catalogue's own doses every week.

:data:`PROGRESSION` is the whole plan: change a row there and the routines, their
descriptions and the guidance page all follow. :data:`SOURCE_LIMITS` holds the
articles' upper doses; :func:`routines` refuses a table that goes past them.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, NamedTuple


class Week(NamedTuple):
    """The doses that change from week to week."""

    bridge_seconds: int
    """``core/glute-bridge``: how long to hold the bridge."""
    press_rounds: int
    """``core/tabletop-leg-press``: how many 30-second holds."""
    tilt_reps: int
    """``core/pelvic-tilt``: how many tilts."""


PROGRESSION: tuple[Week, ...] = (
    Week(bridge_seconds=30, press_rounds=1, tilt_reps=12),  # week 1
    Week(bridge_seconds=40, press_rounds=2, tilt_reps=12),  # week 2
    Week(bridge_seconds=50, press_rounds=2, tilt_reps=15),  # week 3
    Week(bridge_seconds=60, press_rounds=3, tilt_reps=15),  # week 4
)
"""Week 1 first. Each row is never lighter than the one before it."""

PRESS_SECONDS = 30
"""The tabletop leg press hold, exactly as the article gives it."""

SOURCE_LIMITS: dict[str, tuple[int, int]] = {
    "glute-bridge": (30, 60),
    "tabletop-leg-press": (30, 30),
    "pelvic-tilt": (12, 15),
}
"""The articles' doses for the items that progress: seconds, seconds, reps."""

WEEKS = len(PROGRESSION)

EX_001 = {"title": "Exercises for runners' back pain (untitled article)"}
PREVENTION_000 = {"title": "Five stretches for back pain", "publisher": "Prevention US"}
BEST_STRETCH_004 = {"title": "The best stretch to relieve lower back pain after running"}
POSTRUN_003 = {"title": "Stop and Stretch! Postrun Relief For Your Lower Back"}

OWN_PROGRESSION = (
    "Limber's own suggestion: the four-week progression is the Limber developers', not an "
    "article's. No article gives a programme, a schedule or a progression; the articles "
    "give only the exercises and their doses."
)
"""Said in every week's description and on the guidance page."""

CAUTIONS = [
    "Exercises for runners' back pain (untitled article): if any of its exercises causes "
    "discomfort, stop at once and see a professional. Limber's own advice: do the same for "
    "every step here.",
    "The best stretch to relieve lower back pain after running says sciatica may bring "
    "sharp pain on one side of your body, along with numbness, weakness or tingling. "
    "Limber's own advice: if you have any of them, see a professional before you start.",
    "Stop and Stretch! Postrun Relief For Your Lower Back: in the hip-flexor stretch, keep "
    "your front knee from moving past your front ankle.",
]


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _check(table: tuple[Week, ...] = PROGRESSION) -> None:
    """Refuse a table that leaves the articles' doses or gets lighter from week to week."""
    bridge_low, bridge_high = SOURCE_LIMITS["glute-bridge"]
    tilt_low, tilt_high = SOURCE_LIMITS["pelvic-tilt"]
    press_low, press_high = SOURCE_LIMITS["tabletop-leg-press"]
    if not press_low <= PRESS_SECONDS <= press_high:
        raise ValueError(f"a {PRESS_SECONDS} s tabletop leg press is not the article's 30 s")
    for number, week in enumerate(table, start=1):
        if not bridge_low <= week.bridge_seconds <= bridge_high:
            raise ValueError(f"week {number}: glute bridge {week.bridge_seconds} s is not 30–60 s")
        if not tilt_low <= week.tilt_reps <= tilt_high:
            raise ValueError(f"week {number}: {week.tilt_reps} pelvic tilts is outside 12–15")
        if not 1 <= week.press_rounds <= 3:
            raise ValueError(f"week {number}: tabletop leg press rounds must be 1 to 3")
    for before, after in pairwise(table):
        if any(b > a for b, a in zip(before, after, strict=True)):
            raise ValueError("a week is lighter than the week before it")


def _changes(number: int) -> str:
    """What week ``number`` does differently from the week before, in words."""
    week = PROGRESSION[number - 1]
    if number == 1:
        return (
            f"The starting doses: the glute bridge held {week.bridge_seconds} s, the tabletop "
            f"leg press done {_times(week.press_rounds)} for {PRESS_SECONDS} s, and "
            f"{week.tilt_reps} pelvic tilts."
        )
    before = PROGRESSION[number - 2]
    changed = []
    if week.tilt_reps != before.tilt_reps:
        changed.append(f"{week.tilt_reps} pelvic tilts (was {before.tilt_reps})")
    if week.bridge_seconds != before.bridge_seconds:
        changed.append(
            f"the glute bridge held {week.bridge_seconds} s (was {before.bridge_seconds} s)"
        )
    if week.press_rounds != before.press_rounds:
        changed.append(
            f"the tabletop leg press done {_times(week.press_rounds)} "
            f"(was {_times(before.press_rounds)})"
        )
    what = "; ".join(changed) if changed else "nothing"
    return f"Changed from week {number - 1}: {what}. Everything else is as before."


def routine(number: int) -> dict[str, Any]:
    """Week ``number`` (1-based) as a routine mapping, with the keys of a routine file."""
    week = PROGRESSION[number - 1]
    return {
        "id": f"week-{number}",
        "name": f"Runner's core & hips — week {number} of {WEEKS}",
        "description": (
            f"Week {number} of a {WEEKS}-week core-and-hip programme for runners. "
            f"{_changes(number)} The stretches keep the same doses every week, and no hold "
            "goes past what the articles give: 30–60 s for the glute bridge, 30 s for each "
            f"tabletop leg press, 12–15 pelvic tilts. {OWN_PROGRESSION}"
        ),
        "tags": ["strength", "programme"],
        "transition_seconds": 10,
        "cautions": CAUTIONS,
        "steps": [
            {"stretch": "core/pelvic-tilt", "reps": week.tilt_reps},
            {
                "stretch": "core/glute-bridge",
                "seconds": week.bridge_seconds,
                "note": f"Week {number}: hold {week.bridge_seconds} s, then lower slowly.",
            },
            {
                "stretch": "core/tabletop-leg-press",
                "seconds": PRESS_SECONDS,
                "rounds": week.press_rounds,
                "note": f"{PRESS_SECONDS} s each time, as the article gives it.",
            },
            {
                "stretch": "core/hip-flexor-wall",
                "note": "You need a wall, and a towel if the floor is hard.",
            },
            {"stretch": "core/piriformis-stretch"},
            {"stretch": "core/back-flexion"},
        ],
        "sources": [EX_001, PREVENTION_000, BEST_STRETCH_004, POSTRUN_003],
    }


def routines() -> list[dict[str, Any]]:
    """All the weeks, first to last, after checking the table against the articles."""
    _check()
    return [routine(number) for number in range(1, WEEKS + 1)]


def guidance() -> dict[str, Any]:
    """A page that explains the programme, generated from the same table."""
    weeks = [
        f"Week {number}: {w.tilt_reps} pelvic tilts, glute bridge {w.bridge_seconds} s, "
        f"tabletop leg press {PRESS_SECONDS} s {_times(w.press_rounds)}."
        for number, w in enumerate(PROGRESSION, start=1)
    ]
    return {
        "id": "about-the-programme",
        "title": "How the four-week programme builds",
        "category": "how-to",
        "summary": (
            "What changes from one week to the next in the runner-strength programme, and "
            "where each dose comes from. The stretches stay the same; three strength "
            f"exercises grow, always inside the doses their articles give. {OWN_PROGRESSION}"
        ),
        "points": [
            *weeks,
            "The glute bridge and tabletop leg press doses come from Exercises for runners' "
            "back pain (untitled article): hold a bridge 30–60 s; hold the leg press 30 s and "
            "repeat it as you like. The 12–15 pelvic tilts come from Five stretches for back "
            "pain (Prevention US).",
            "The hip-flexor stretch at a wall, the piriformis stretch and the back flexion "
            "stretch keep the core catalogue's doses in every week.",
            "Limber's own suggestion: spreading these doses over four weeks. The articles "
            "give no schedule for moving up a week; when to move on is your call.",
            "The best stretch to relieve lower back pain after running cites research in "
            "which 10–15 minutes of stretching a day, on three to five days a week, reduced "
            "back pain.",
            "Exercises for runners' back pain (untitled article) suggests that runners with "
            "back pain do exercises like these at home in place of their daily run.",
            *CAUTIONS[:2],
        ],
        "sources": [EX_001, PREVENTION_000, BEST_STRETCH_004, POSTRUN_003],
    }
