"""A stretch's figure: a side view of the pose as data a physio writes and reviews.

A figure is a skeleton of named joints on a 100 × 100 canvas (x from left to right, y
up from the floor), one keyframe for a held pose and more for a movement, the props it
uses (floor, chair, wall) as lines, which limbs are working, and a one-line alt text.
It is the ``[figure]`` table of a stretch's TOML file; drawing it is
:mod:`limber.core.figure_draw`'s job, apart from the data.

A figure is checked apart from its stretch (:mod:`limber.core.figure_check`): a broken
figure is reported and left out, and the stretch still loads without it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from msgspec import Meta, Struct

Coord = Annotated[
    float,
    Meta(ge=0, le=100, description="A coordinate from 0 to 100 on the figure's canvas."),
]
Point = Annotated[
    tuple[Coord, Coord],
    Meta(
        description=(
            "A point `[x, y]`: x from 0 (left) to 100 (right), y from 0 (the floor) up to 100."
        )
    ),
]
Limb = Literal["head", "trunk", "left-arm", "right-arm", "left-leg", "right-leg"]
PropKind = Literal["floor", "chair", "wall"]
FigureSide = Literal["none", "left", "right"]

MAX_KEYFRAMES = 8
"""A movement's positions: cat-cow has two; eight is far beyond any pose a pack draws."""
MIN_TEMPO = 0.5
"""The fastest a movement steps: two keyframes a second."""
TOO_DEEP = "\x00figure nested too deeply"
"""What :func:`limber.core.files.read_toml` puts in place of a figure nested too deeply
to read, so the stretch still loads and the figure alone is reported."""

LIMB_BONES: dict[str, tuple[tuple[str, str], ...]] = {
    "head": (("neck", "head"),),
    "trunk": (("hip", "back"), ("back", "neck")),
    "left-arm": (("neck", "left_elbow"), ("left_elbow", "left_hand")),
    "right-arm": (("neck", "right_elbow"), ("right_elbow", "right_hand")),
    "left-leg": (("hip", "left_knee"), ("left_knee", "left_ankle"), ("left_ankle", "left_toe")),
    "right-leg": (
        ("hip", "right_knee"),
        ("right_knee", "right_ankle"),
        ("right_ankle", "right_toe"),
    ),
}
"""Each limb's bones, joint to joint: what is drawn, and what is coloured as working."""

BONE_SHARE: dict[str, float] = {
    "hip-back": 0.75,
    "back-neck": 0.75,
    "neck-head": 0.6,
    "neck-elbow": 0.9,
    "elbow-hand": 0.9,
    "hip-knee": 1.2,
    "knee-ankle": 1.2,
    "ankle-toe": 0.45,
}
"""The longest each kind of bone can be drawn, as a share of the trunk (hip to back to
neck): longer, and the limb cannot be a person's. Seen from the side or from above, a
bone pointing at the viewer looks shorter than it is, down to nothing, so there is no
shortest."""


class _Part(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base for the figure's tables: immutable, strict about keys."""


class Pose(_Part, frozen=True):
    """One keyframe: where each joint is, seen from the side."""

    head: Point
    """The centre of the head."""
    neck: Point
    """The top of the trunk, between the shoulders: the arms hang from here."""
    back: Point
    """The middle of the spine: with it the trunk can round (cat) or arch (cow)."""
    hip: Point
    """The bottom of the trunk: the legs hang from here."""
    left_elbow: Point
    """The left elbow."""
    left_hand: Point
    """The left hand."""
    right_elbow: Point
    """The right elbow."""
    right_hand: Point
    """The right hand."""
    left_knee: Point
    """The left knee."""
    left_ankle: Point
    """The left ankle (the heel)."""
    left_toe: Point
    """The tip of the left foot."""
    right_knee: Point
    """The right knee."""
    right_ankle: Point
    """The right ankle (the heel)."""
    right_toe: Point
    """The tip of the right foot."""


JOINTS: tuple[str, ...] = Pose.__struct_fields__
"""Every joint a keyframe names, in the order of the file format."""


class Prop(_Part, frozen=True):
    """Something the stretch uses, drawn as a line through its points."""

    kind: PropKind
    """`floor`, `chair` or `wall`: what the line is."""
    points: Annotated[tuple[Point, ...], Meta(min_length=2, max_length=12)]
    """The line's points in order, from 2 to 12, such as `[[0, 0], [100, 0]]` for the floor."""


class Figure(_Part, frozen=True):
    """A side view of the stretch's pose, as the ``[figure]`` table of its file."""

    alt: Annotated[str, Meta(min_length=1, max_length=160, pattern=r"^[^\n]*$")]
    """One line that says what the drawing shows, for screen readers, a pipe and the SVG's
    title, such as "Lying on your back, right knee pulled to the chest"."""
    working: Annotated[tuple[Limb, ...], Meta(min_length=1, max_length=6)]
    """The limbs the stretch works, drawn in the accent colour: `head`, `trunk`,
    `left-arm`, `right-arm`, `left-leg`, `right-leg`."""
    keyframes: Annotated[tuple[Pose, ...], Meta(min_length=1, max_length=MAX_KEYFRAMES)]
    """The pose: one `[[figure.keyframes]]` table for a held pose, two or more (up to 8)
    for a movement, in the order they are done."""
    view: Literal["side", "front", "above"] = "side"
    """What the canvas shows: `side`, a side view with y up from the floor; `front`, the
    runner facing you (their left on your right), y up from the floor; or `above`, looking
    down on someone lying on the floor (for twists), y toward the head."""
    side: FigureSide = "none"
    """For a stretch done on each side: the side this drawing shows (`left` or `right`);
    the other side is drawn mirrored. `none` for a stretch without sides."""
    props: Annotated[tuple[Prop, ...], Meta(max_length=4)] = ()
    """The floor, chair or wall the stretch uses: one `[[figure.props]]` table each."""
    tempo_seconds: Annotated[float, Meta(ge=MIN_TEMPO, le=10)] = 1.5
    """For a movement: seconds in each keyframe before the next, from 0.5 to 10."""
    note: str = ""
    """How the drawing reads the stretch's steps where they leave a position open: Limber's
    own (or the pack author's) reading."""

    @property
    def frames(self) -> int:
        """How many keyframes: 1 for a held pose."""
        return len(self.keyframes)

    def mirror_for(self, side: str) -> bool:
        """Whether the drawing is mirrored for ``side`` (``left``, ``right`` or empty)."""
        return self.side != "none" and side in ("left", "right") and side != self.side

    def alt_for(self, side: str = "") -> str:
        """The alt text for ``side``: mirrored, its lefts and rights swap."""
        return mirrored_alt(self.alt) if self.mirror_for(side) else self.alt


_LEFT_RIGHT = re.compile(r"\b(left|right|Left|Right|LEFT|RIGHT)\b")
_SWAP = {"left": "right", "right": "left", "Left": "Right", "Right": "Left"}


def mirrored_alt(alt: str) -> str:
    """``alt`` for the mirrored drawing: every "left" reads "right" and back."""
    return _LEFT_RIGHT.sub(lambda m: _SWAP.get(m[0], m[0].swapcase()), alt)


def bone_kind(a: str, b: str) -> str:
    """``left_knee``, ``left_ankle`` → ``knee-ankle``: the kind of bone, either side."""
    return f"{a.rpartition('_')[2]}-{b.rpartition('_')[2]}"
