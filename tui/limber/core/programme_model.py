"""A physio's programme, as a pack's ``programmes/*.toml`` (or one emailed file) holds it:
weeks of routines, a review point, and the author's own rules for getting in touch.

Kept beside :mod:`limber.core.model` (whose base structs it uses), so each stays small.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from msgspec import Meta

from limber.core.model import (
    Amount,
    Line,
    Ref,
    Source,
    Text,
    _check_amounts,
    _Identified,
    _Item,
)

RoutineRef = Annotated[
    str,
    Meta(
        pattern=r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$",
        description="A routine id: `id` in the same pack, or `pack/id` from another pack.",
    ),
]

DoseLevel = Literal["low", "middle", "high"]
"""Where in each range (``seconds = [20, 30]``) a week's doses sit."""


def week_key(key: str | None) -> str | None:
    """A key path as a physio counts weeks: ``weeks[2].sessions`` → ``week 3: sessions``."""
    if key is None:
        return None
    found = re.match(r"^weeks\[(\d+)\]\.?", key)
    if found is None:
        return key
    rest = key[found.end() :]
    week = f"week {int(found.group(1)) + 1}"
    return f"{week}: {rest}" if rest else week


class Author(_Item, frozen=True):
    """Who wrote a programme: whose rules the app applies, and how to reach them.
    ``role = "physio"`` makes "Your physio's rule (Jane Doe, MCSP)"; ``contact`` is free
    text (a phone number, an email) that Limber shows and never calls."""

    name: Line
    """Your name, as the runner knows you."""
    credentials: str = ""
    """Your qualification, such as "MCSP" or "Chartered physiotherapist (HCPC)"."""
    role: str = ""
    """What the runner calls you, such as "physio" (the app says "Your physio's rule")."""
    contact: str = ""
    """How the runner reaches you: a phone number or an email, shown and never called."""


class GetInTouch(_Item, frozen=True):
    """The author's own rules for when the runner should get in touch (pain after at or
    above ``pain_after``; ...). Each is optional; Limber checks only the ones given."""

    pain_after: Annotated[int, Meta(ge=0, le=10)] | None = None
    """Pain after a session at this level or above (0 to 10)."""
    pain_rise: Annotated[int, Meta(ge=1, le=10)] | None = None
    """Pain after a session this much higher than before it, or more."""
    stopped_for_pain: bool = False
    """True: stopping a session because it hurts is a reason to get in touch."""
    missed_in_a_row: Annotated[int, Meta(ge=1, le=60)] | None = None
    """This many prescribed sessions missed in a row (sessions a week spread evenly)."""
    advice: str = ""
    """What to do then, in the author's words: when to stop, whom to call."""


class DoseChange(_Item, frozen=True):
    """A week's change to step ``step`` (from 1), or to every step of ``stretch``, of
    ``routine`` (left out when the week names one routine): a new dose, more rounds, a
    note."""

    step: Annotated[int, Meta(ge=1, le=200)] | None = None
    """Which step of the routine changes, counted from 1 (or give `stretch`)."""
    stretch: Ref = ""
    """Which stretch changes, in every step of the routine that does it (or give `step`)."""
    routine: Annotated[str, Meta(pattern=r"^(([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*)?$")] = ""
    """The routine whose step changes; needed only when the week names several."""
    seconds: Amount | None = None
    """Hold this long this week."""
    breaths: Amount | None = None
    """This many slow breaths this week."""
    reps: Amount | None = None
    """This many repetitions this week."""
    rounds: Annotated[int, Meta(ge=1, le=20)] | None = None
    """Do the step this many times through this week."""
    note: str = ""
    """A word for the runner with the step this week, such as "slower on the way down"."""

    def __post_init__(self) -> None:
        given = [x for x in (self.seconds, self.breaths, self.reps) if x is not None]
        if len(given) > 1:
            raise ValueError("give at most one of `seconds`, `breaths` or `reps`")
        if not given and self.rounds is None and not self.note:
            raise ValueError("say what changes: `seconds`, `breaths`, `reps`, `rounds` or `note`")
        if (self.step is None) == (not self.stretch):
            raise ValueError("say which step changes: give `step` or `stretch`, not both")
        _check_amounts(*given)


class ProgrammeWeek(_Item, frozen=True):
    """One week of a programme: its routines, done in turn one per session, ``sessions``
    sessions, and what changes."""

    routines: Annotated[tuple[RoutineRef, ...], Meta(min_length=1, max_length=20)]
    """The week's routines, done in turn, one per session."""
    sessions: Annotated[int, Meta(ge=1, le=21)]
    """How many sessions the runner does this week."""
    dose: DoseLevel | None = None
    """Where each range sits this week: "low", "middle" or "high" (`[20, 30]` gives 20,
    25 or 30). Left out, week 1 uses the low end and later weeks the runner's setting."""
    doses: tuple[DoseChange, ...] = ()
    """Changes to single steps this week, such as `{ step = 2, seconds = 40 }`."""
    note: str = ""
    """A word for the runner about the week, such as "Start gently"."""


class Programme(_Identified, frozen=True):
    """Weeks of routines, as a clinician prescribes them (``programmes/*.toml``), with a
    review point ("After 3 weeks, book a review with your physio")."""

    title: Line
    """The programme's name, as the runner sees it in the catalogue."""
    summary: Text
    """One or two sentences on what the programme is for."""
    author: Author
    """Who wrote the programme, whose rules the app applies."""
    weeks: Annotated[tuple[ProgrammeWeek, ...], Meta(min_length=1, max_length=52)]
    """The weeks in order, each a `[[weeks]]` table; the first is week 1."""
    review: Text
    """When to come back for a review, such as "After 3 weeks, book a review"."""
    get_in_touch: GetInTouch = GetInTouch()
    """Your own rules for when the runner should get in touch with you."""
    cautions: tuple[Text, ...] = ()
    """When to hold back or stop, in your words."""
    sources: tuple[Source, ...] = ()
    """The articles, books or guidelines the programme draws on."""
