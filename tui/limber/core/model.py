"""Stretch, Routine, Guidance and Pack: typed, immutable, validated as they are decoded.

These structs are the public shape of pack files. ``msgspec`` decodes the dicts that
``tomllib`` gives straight into them, rejects unknown keys (so typos are caught) and
exports the JSON Schema that pack authors point their editor at.

After loading, every ``id`` is namespaced ``pack/id``, so each item knows the pack it
came from (:attr:`Stretch.pack`).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

Slug = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=64,
        description="Lower-case letters, digits and dashes, e.g. `childs-pose`.",
    ),
]
Ref = Annotated[
    str,
    Meta(
        pattern=r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$",
        description="A stretch id: `id` in the same pack, or `pack/id` from another pack.",
    ),
]
Text = Annotated[str, Meta(min_length=1, max_length=2000)]
Line = Annotated[str, Meta(min_length=1, max_length=200)]
Amount = int | tuple[int, int]
"""A number, or a range ``[low, high]`` where the source gives one (``seconds = [20, 30]``).

Bounds are checked in ``__post_init__`` by :func:`_check_amounts`: msgspec (0.21, 0.22)
crashes on a union of a constrained ``int`` with an array, so the bounds cannot live in the type.
"""

Kind = Literal["hold", "flow", "reps", "isometric"]
Sides = Literal["none", "each"]
StepSides = Literal["none", "each", "left", "right"]
Position = Literal[
    "lying-on-back",
    "lying-on-front",
    "hands-and-knees",
    "kneeling",
    "half-kneeling",
    "seated",
    "standing",
]
Target = Literal[
    "lower-back",
    "mid-back",
    "upper-back",
    "spine",
    "neck",
    "shoulders",
    "core",
    "obliques",
    "glutes",
    "piriformis",
    "hips",
    "hip-flexors",
    "groin",
    "inner-thighs",
    "hamstrings",
    "quadriceps",
    "calves",
]

TARGETS: tuple[str, ...] = Target.__args__  # type: ignore[attr-defined]
POSITIONS: tuple[str, ...] = Position.__args__  # type: ignore[attr-defined]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


class _Item(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base for pack file structs: immutable, strict about keys."""


class _Identified(_Item, frozen=True):
    """An item with an id: bare in its file, ``pack/id`` once loaded."""

    id: Slug

    @property
    def pack(self) -> str:
        """The pack this item came from (the namespace of its id)."""
        return self.id.partition("/")[0] if "/" in self.id else ""

    @property
    def local_id(self) -> str:
        """The id as written in the pack's file, without the namespace."""
        return self.id.rpartition("/")[2]


class Source(_Item, frozen=True):
    """Where the facts in an item come from."""

    title: Line
    """The article's or book's title."""
    publisher: str = ""
    """The site, journal or organisation that published it."""
    url: str = ""
    """A link to it, if it is online."""


def _check_amounts(*amounts: int | tuple[int, int] | None) -> None:
    for amount in amounts:
        if amount is None:
            continue
        low, high = _low_high(amount)
        if not (1 <= low <= 3600 and 1 <= high <= 3600):
            raise ValueError(f"{_show(amount)} is out of range; use whole numbers from 1 to 3600")
        if low > high:
            raise ValueError(f"range {_show(amount)} runs backwards; write [low, high]")


def _show(amount: int | tuple[int, int]) -> str:
    return str(list(amount)) if isinstance(amount, tuple) else str(amount)


def _low_high(amount: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(amount, tuple):
        return amount
    return (amount, amount)


class Dose(_Item, frozen=True):
    """How much: seconds held, breaths, or repetitions. Exactly one of the three.

    For a flow, ``seconds`` is the time in each position and ``total_seconds`` how long
    to keep alternating.
    """

    seconds: Amount | None = None
    """Hold time in seconds (per side, per position for a flow)."""
    breaths: Amount | None = None
    """Hold for this many slow breaths."""
    reps: Amount | None = None
    """Repetitions."""
    total_seconds: Amount | None = None
    """For a flow: how long to keep alternating between its positions."""
    note: str = ""
    """What the source adds, such as "or longer if it feels good"."""

    def __post_init__(self) -> None:
        given = [x for x in (self.seconds, self.breaths, self.reps) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of `seconds`, `breaths` or `reps`")
        _check_amounts(*given, self.total_seconds)

    @property
    def unit(self) -> Literal["seconds", "breaths", "reps"]:
        if self.seconds is not None:
            return "seconds"
        if self.breaths is not None:
            return "breaths"
        return "reps"

    @property
    def amount(self) -> tuple[int, int]:
        """The ``(low, high)`` range of whichever unit this dose uses."""
        value = self.seconds if self.seconds is not None else self.breaths
        if value is None:
            value = self.reps
        assert value is not None
        return _low_high(value)

    def describe(self, *, note: bool = True) -> str:
        """Human wording: ``20–30 s``, ``5 breaths``, ``12–15 reps``, with the note."""
        low, high = self.amount
        number = f"{low}" if low == high else f"{low}–{high}"
        unit = {"seconds": "s", "breaths": "breaths", "reps": "reps"}[self.unit]
        if unit == "breaths" and high == 1:
            unit = "breath"
        text = f"{number} {unit}"
        if self.total_seconds is not None:
            tlow, thigh = _low_high(self.total_seconds)
            total = f"{tlow}" if tlow == thigh else f"{tlow}–{thigh}"
            text = f"{text} each, for {total} s"
        if note and self.note:
            text = f"{text} ({self.note})"
        return text


class FlowPosition(_Item, frozen=True):
    """One of the positions a flow moves between (cat, then cow)."""

    name: Line
    cue: Text
    """What to do in this position, said while the runner is in it."""


class Stretch(_Identified, frozen=True):
    """One stretch or exercise, as a pack file ``stretches/*.toml`` describes it."""

    name: Line
    summary: Text
    """One or two sentences: what it does and why."""
    kind: Kind
    """``hold`` a position, ``flow`` between positions, ``reps``, or an ``isometric`` hold."""
    position: Position
    """Where the body starts."""
    targets: Annotated[tuple[Target, ...], Meta(min_length=1)]
    sides: Sides
    """``each`` when it is done on the left and then the right."""
    setup: Text
    """How to get into the starting position."""
    steps: Annotated[tuple[Text, ...], Meta(min_length=1)]
    """What to do, in order, in the pack author's own words."""
    dose: Dose
    aliases: tuple[Line, ...] = ()
    """Other names it goes by."""
    flow: tuple[FlowPosition, ...] = ()
    """For ``kind = "flow"``: the positions to alternate between, in order."""
    tempo_seconds: Annotated[float, Meta(gt=0, le=60)] | None = None
    """For reps: seconds each repetition takes, if the source says."""
    easier: tuple[Text, ...] = ()
    """Easier variations or props (a pillow under the belly...)."""
    harder: tuple[Text, ...] = ()
    """Harder variations, to progress."""
    cautions: tuple[Text, ...] = ()
    """When to hold back or stop."""
    sources: tuple[Source, ...] = ()
    tags: tuple[Slug, ...] = ()

    def __post_init__(self) -> None:
        if self.kind == "flow" and len(self.flow) < 2:
            raise ValueError('a stretch of kind "flow" needs at least two [[flow]] positions')
        if self.kind != "flow" and self.flow:
            raise ValueError('[[flow]] positions only belong to a stretch of kind "flow"')
        if self.kind == "reps" and self.dose.unit != "reps":
            raise ValueError('a stretch of kind "reps" needs `dose.reps`')


class RoutineStep(_Item, frozen=True):
    """One step of a routine: a stretch, optionally with its dose or sides changed."""

    stretch: Ref
    seconds: Amount | None = None
    """Hold this long instead of the stretch's own dose."""
    breaths: Amount | None = None
    reps: Amount | None = None
    sides: StepSides | None = None
    """``left`` or ``right`` to do one side only; ``each`` or ``none`` to override."""
    rounds: Annotated[int, Meta(ge=1, le=20)] = 1
    """Do the step this many times through."""
    note: str = ""
    """Shown with the step, such as "gently, no bouncing"."""

    def __post_init__(self) -> None:
        given = [x for x in (self.seconds, self.breaths, self.reps) if x is not None]
        if len(given) > 1:
            raise ValueError("give at most one of `seconds`, `breaths` or `reps`")
        _check_amounts(*given)

    def dose_for(self, stretch: Stretch) -> Dose:
        """The stretch's dose with this step's override applied."""
        if self.seconds is None and self.breaths is None and self.reps is None:
            return stretch.dose
        return Dose(
            seconds=self.seconds,
            breaths=self.breaths,
            reps=self.reps,
            total_seconds=stretch.dose.total_seconds,
        )


class Routine(_Identified, frozen=True):
    """An ordered set of stretches, as a pack file ``routines/*.toml`` describes it."""

    name: Line
    description: Text
    steps: Annotated[tuple[RoutineStep, ...], Meta(min_length=1, max_length=200)]
    tags: tuple[Slug, ...] = ()
    """Such as ``post-run``, ``flare-up``, ``daily-mobility``, ``strength``."""
    transition_seconds: Annotated[int, Meta(ge=0, le=300)] = 10
    """Rest between steps, to move into the next position."""
    cautions: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()


class Guidance(_Identified, frozen=True):
    """Advice around the stretches: how long to hold, how often, when to stop."""

    title: Line
    category: Literal["safety", "how-to", "self-care", "running"]
    summary: Text
    points: Annotated[tuple[Text, ...], Meta(min_length=1)]
    sources: tuple[Source, ...] = ()


class PackInfo(_Item, frozen=True):
    """``pack.toml``: who made the pack and what it is."""

    name: Slug
    """The pack's namespace; equal to its entry-point name in ``pyproject.toml``."""
    title: Line
    description: Text
    author: Line
    credentials: str = ""
    """The author's qualifications, such as "Chartered physiotherapist (HCPC)"."""
    version: str = ""
    """Left empty, the installed distribution's version is used."""
    license: str = ""
    homepage: str = ""


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
    advice: str = ""  # what to do then, in the author's words: when to stop, whom to call


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


ITEM_TYPES: dict[str, type[Stretch] | type[Routine] | type[Guidance] | type[Programme]] = {
    "stretches": Stretch,
    "routines": Routine,
    "guidance": Guidance,
    "programmes": Programme,
}
"""Content folder name → the struct each of its files holds."""


def json_schemas() -> dict[str, dict[str, object]]:
    """JSON Schema for each kind of pack file, keyed ``pack``, ``stretch``, ``routine``..."""
    kinds = {"pack": PackInfo, "stretch": Stretch, "routine": Routine, "guidance": Guidance}
    kinds["programme"] = Programme
    out: dict[str, dict[str, object]] = {}
    for name, cls in kinds.items():
        schema = msgspec.json.schema(cls)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Limber {name} file"
        out[name] = schema
    return out
