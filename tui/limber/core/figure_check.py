"""A figure's table checked on its own: types, ranges, and what no type can say.

Its stretch is read first, without it; a figure that fails here is reported with its
file, key and line, and left out, so the stretch still loads (:mod:`limber.core.packs.content`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from limber.core.errors import ContentError
from limber.core.figure import BONE_SHARE, JOINTS, LIMB_BONES, TOO_DEEP, Figure, Pose, bone_kind
from limber.core.validate import decode, line_of


def decode_figure(
    data: Any, *, file: str, text: str = "", sides: str = "none", cleaned: bool = True
) -> Figure:
    """A stretch's ``figure`` table → :class:`Figure`; only ever raises ContentError.

    Besides its types and ranges: a coordinate must be a number (not NaN); no bone may be
    longer than a person's; a leg cannot pass through the trunk; a stretch done on each
    side names the side its drawing shows. An oversized table (10,000 keyframes) is
    refused before it is read any further, so it costs no more than a good one.
    """
    if data == TOO_DEEP:
        raise ContentError("nested too deeply to read (tables or arrays)", file=file, key="figure")
    if not isinstance(data, Mapping):
        raise ContentError(
            f"expected a table of keys, got {type(data).__name__}",
            file=file,
            key="figure",
            line=line_of(text, "figure"),
        )
    if too_big := _oversized(data, "figure", 0):
        message, key = too_big
        raise ContentError(message, file=file, key=key, line=line_of(text, key))
    try:
        figure = decode(Figure, data, file=file, cleaned=cleaned)
    except ContentError as exc:
        key = f"figure.{exc.key}" if exc.key else "figure"
        raise ContentError(exc.message, file=file, key=key, line=line_of(text, key)) from None
    if problem := figure_problem(figure, sides):
        message, key = problem
        raise ContentError(message, file=file, key=key, line=line_of(text, key))
    return figure


MOST_ITEMS = 16
"""The longest list a figure holds (a prop's 12 points, 8 keyframes), with room to spare."""
DEEPEST = 4
"""A figure's deepest value: figure → keyframes → keyframe → joint → coordinate."""


def _oversized(data: Any, path: str, depth: int) -> tuple[str, str] | None:
    """``(message, key)`` of the first list longer than a figure holds, or nesting deeper
    than it goes; None if neither. Looks at no more than a good figure's size."""
    if isinstance(data, list | tuple):
        if len(data) > MOST_ITEMS:
            return (
                f"{len(data)} items, far more than a figure holds "
                "(at most 8 keyframes, 4 props, 12 points to a prop)",
                path,
            )
        items: Any = ((f"{path}[{index}]", item) for index, item in enumerate(data))
    elif isinstance(data, Mapping):
        if len(data) > 2 * MOST_ITEMS:
            return f"{len(data)} keys, far more than a figure holds", path
        items = ((f"{path}.{key}", value) for key, value in data.items())
    else:
        return None
    if depth > DEEPEST:
        return "nested too deeply to read (tables or arrays)", path
    for key, value in items:
        if found := _oversized(value, key, depth + 1):
            return found
    return None


def figure_problem(figure: Figure, sides: str) -> tuple[str, str] | None:
    """``(message, key path)`` of the first thing the drawing gets wrong, or None."""
    if sides == "each" and figure.side == "none":
        return (
            'the stretch is done on each side: say which side the drawing shows, "left" or "right"',
            "figure.side",
        )
    if sides != "each" and figure.side != "none":
        return ("the stretch has no sides, so the drawing has none either", "figure.side")
    for index, pose in enumerate(figure.keyframes):
        where = f"figure.keyframes[{index}]"
        for joint in JOINTS:
            x, y = getattr(pose, joint)
            if not (math.isfinite(x) and math.isfinite(y)):
                return ("a coordinate is not a number", f"{where}.{joint}")
        trunk = trunk_length(pose)
        if trunk < 5:
            return (
                "the trunk (hip to back to neck) is shorter than 5 on the canvas",
                f"{where}.neck",
            )
        for bones in LIMB_BONES.values():
            for a, b in bones:
                length = _length(pose, a, b)
                most = BONE_SHARE[bone_kind(a, b)]
                if length > most * trunk:
                    name = f"{a.replace('_', ' ')} to {b.replace('_', ' ')}"
                    return (
                        f"{name} is {length / trunk:.2f} times the trunk's length, longer "
                        f"than a person's ({most}): the limb cannot be drawn like that",
                        f"{where}.{b}",
                    )
        if crossing := _leg_through_trunk(pose):
            return (
                f"the {crossing.replace('_', ' ')} passes through the trunk",
                f"{where}.{crossing}",
            )
    return None


def trunk_length(pose: Pose) -> float:
    """Hip to back to neck: the length every other bone is measured against."""
    return _length(pose, "hip", "back") + _length(pose, "back", "neck")


def _leg_through_trunk(pose: Pose) -> str | None:
    """The leg joint whose bone (below the knee) crosses the trunk between its ends."""
    trunk = ((pose.hip, pose.back), (pose.back, pose.neck))
    for side in ("left", "right"):
        chain = [f"{side}_knee", f"{side}_ankle", f"{side}_toe"]
        for a, b in itertools.pairwise(chain):
            if any(_cross(getattr(pose, a), getattr(pose, b), p, q) for p, q in trunk):
                return b
    return None


def _cross(
    p1: tuple[float, float],
    p2: tuple[float, float],
    q1: tuple[float, float],
    q2: tuple[float, float],
) -> bool:
    """Whether segments p1–p2 and q1–q2 cross properly (not merely touch)."""

    def turn(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = turn(q1, q2, p1), turn(q1, q2, p2)
    d3, d4 = turn(p1, p2, q1), turn(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def _length(pose: Pose, a: str, b: str) -> float:
    (x1, y1), (x2, y2) = getattr(pose, a), getattr(pose, b)
    return math.hypot(x2 - x1, y2 - y1)
