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

from limber.core.figure import Figure
from limber.core.packs.requires import RANGE_PATTERN as REQUIRES_PATTERN

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


class _Item(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base for pack file structs: immutable, strict about keys."""


class _Identified(_Item, frozen=True):
    """An item with an id: bare in its file, ``pack/id`` once loaded."""

    id: Slug
    """The item's id, unique in its pack; routines and other packs name it by this."""

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

    @property
    def label(self) -> str:
        """``title — publisher``: how a list of sources names it."""
        return f"{self.title} — {self.publisher}" if self.publisher else self.title


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
    """The position's name, such as "Cat"."""
    cue: Text
    """What to do in this position, said while the runner is in it."""


class Stretch(_Identified, frozen=True):
    """One stretch or exercise, as a pack file ``stretches/*.toml`` describes it."""

    name: Line
    """The stretch's name as runners know it, such as "Child's pose"."""
    summary: Text
    """One or two sentences: what it does and why."""
    kind: Kind
    """``hold`` a position, ``flow`` between positions, ``reps``, or an ``isometric`` hold."""
    position: Position
    """Where the body starts."""
    targets: Annotated[tuple[Target, ...], Meta(min_length=1)]
    """The body areas it works, at least one."""
    sides: Sides
    """``each`` when it is done on the left and then the right."""
    setup: Text
    """How to get into the starting position."""
    steps: Annotated[tuple[Text, ...], Meta(min_length=1)]
    """What to do, in order, in the pack author's own words."""
    dose: Dose
    """How much: a table with one of `seconds`, `breaths` or `reps`."""
    aliases: tuple[Line, ...] = ()
    """Other names it goes by."""
    way_out_steps: Annotated[int, Meta(ge=0, le=3)] = 0
    """How many of the last steps lead out of the pose (and to the other side): a session
    shows them as the hold ends, not during it. At most all steps but the first."""
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
    """Where its facts come from: one `[[sources]]` table per article, book or guideline."""
    tags: tuple[Slug, ...] = ()
    """Words to filter by, such as `gentle`."""
    figure: Figure | None = None
    """A side view of the pose: the `[figure]` table at the end of the file (see
    CONTRIBUTING, "Figures")."""

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
    """The stretch to do."""
    seconds: Amount | None = None
    """Hold this long instead of the stretch's own dose."""
    breaths: Amount | None = None
    """This many breaths instead of the stretch's own dose."""
    reps: Amount | None = None
    """This many repetitions instead of the stretch's own dose."""
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
    """The routine's name, shown in the catalogue."""
    description: Text
    """Who it is for and what it does, in a sentence or two."""
    steps: Annotated[tuple[RoutineStep, ...], Meta(min_length=1, max_length=200)]
    """The stretches in order: one `[[steps]]` table each."""
    tags: tuple[Slug, ...] = ()
    """Such as ``post-run``, ``flare-up``, ``daily-mobility``, ``strength``."""
    transition_seconds: Annotated[int, Meta(ge=0, le=300)] = 10
    """Rest between steps, to move into the next position."""
    cautions: tuple[Text, ...] = ()
    """When to hold back or stop."""
    sources: tuple[Source, ...] = ()
    """Where the routine comes from: one `[[sources]]` table each."""


class Guidance(_Identified, frozen=True):
    """Advice around the stretches: how long to hold, how often, when to stop."""

    title: Line
    """The page's title."""
    category: Literal["safety", "how-to", "self-care", "running"]
    """Which group of pages it belongs to."""
    summary: Text
    """One or two sentences: what the page says."""
    points: Annotated[tuple[Text, ...], Meta(min_length=1)]
    """The advice, one point per string."""
    sources: tuple[Source, ...] = ()
    """Where the advice comes from: one `[[sources]]` table each."""


class PackInfo(_Item, frozen=True):
    """``pack.toml``: who made the pack and what it is."""

    name: Slug
    """The pack's namespace; equal to its entry-point name in ``pyproject.toml``."""
    title: Line
    """The pack's title, shown on the packs screen."""
    description: Text
    """Who these routines are for and what they do."""
    author: Line
    """Who made the pack: a person or a clinic."""
    credentials: str = ""
    """The author's qualifications, such as "Chartered physiotherapist (HCPC)"."""
    version: str = ""
    """Left empty, the installed distribution's version is used."""
    license: str = ""
    """The licence of the pack's text, such as "CC-BY-4.0"."""
    homepage: str = ""
    """Where runners can read more about the pack or its author."""
    requires_limber: Annotated[str, Meta(pattern=REQUIRES_PATTERN)] = msgspec.field(
        default="", name="requires-limber"
    )
    """The Limber this pack needs, as a range such as ">=0.1"; checked when it loads."""
