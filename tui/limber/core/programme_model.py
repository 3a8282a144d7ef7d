"""A physio's programme, as a pack's ``programmes/*.toml`` (or one emailed file) holds it:
weeks of routines, a review point, and the author's own rules for getting in touch.

Kept beside :mod:`limber.core.model` (whose base structs it uses), so each stays small.
"""

from __future__ import annotations

from typing import Annotated

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


class Author(_Item, frozen=True):
    """Who wrote a programme: whose rules the app applies, and how to reach them.
    ``role = "physio"`` makes "Your physio's rule (Jane Doe, MCSP)"; ``contact`` is free
    text (a phone number, an email) that Limber shows and never calls."""

    name: Line
    credentials: str = ""
    role: str = ""
    contact: str = ""


class GetInTouch(_Item, frozen=True):
    """The author's own rules for when the runner should get in touch (pain after at or
    above ``pain_after``; ...). Each is optional; Limber checks only the ones given."""

    pain_after: Annotated[int, Meta(ge=0, le=10)] | None = None
    pain_rise: Annotated[int, Meta(ge=1, le=10)] | None = None
    """Pain after a session this much higher than before it, or more."""
    stopped_for_pain: bool = False
    missed_in_a_row: Annotated[int, Meta(ge=1, le=60)] | None = None
    """This many prescribed sessions missed in a row (sessions a week spread evenly)."""
    advice: str = ""
    """What to do then, in the author's words: when to stop, whom to call."""


class DoseChange(_Item, frozen=True):
    """A week's change to step ``step`` (from 1) of ``routine`` (left out when the week
    names one routine): a new dose, more rounds, a note."""

    step: Annotated[int, Meta(ge=1, le=200)]
    routine: Annotated[str, Meta(pattern=r"^(([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*)?$")] = ""
    seconds: Amount | None = None
    breaths: Amount | None = None
    reps: Amount | None = None
    rounds: Annotated[int, Meta(ge=1, le=20)] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        given = [x for x in (self.seconds, self.breaths, self.reps) if x is not None]
        if len(given) > 1:
            raise ValueError("give at most one of `seconds`, `breaths` or `reps`")
        if not given and self.rounds is None and not self.note:
            raise ValueError("say what changes: `seconds`, `breaths`, `reps`, `rounds` or `note`")
        _check_amounts(*given)


class ProgrammeWeek(_Item, frozen=True):
    """One week of a programme: its routines, done in turn one per session, ``sessions``
    sessions, and what changes."""

    routines: Annotated[tuple[Ref, ...], Meta(min_length=1, max_length=20)]
    sessions: Annotated[int, Meta(ge=1, le=21)]
    doses: tuple[DoseChange, ...] = ()
    note: str = ""


class Programme(_Identified, frozen=True):
    """Weeks of routines, as a clinician prescribes them (``programmes/*.toml``), with a
    review point ("After 3 weeks, book a review with your physio")."""

    title: Line
    summary: Text
    author: Author
    weeks: Annotated[tuple[ProgrammeWeek, ...], Meta(min_length=1, max_length=52)]
    review: Text
    get_in_touch: GetInTouch = GetInTouch()
    cautions: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()
