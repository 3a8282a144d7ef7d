"""A figure drawn in braille: the same picture for every terminal surface, cached.

Each cell of a terminal holds a braille character, a 2 × 4 grid of dots, so a box of
20 × 8 cells is 40 × 32 dots: enough to keep a knee apart from an elbow. Braille
(U+2800–U+28FF) is in every font Limber's terminals use (tmux, xterm.js, the Linux
console with a Unicode font). Bones are lines drawn dot by dot (Bresenham), thicker in a
big box; the head is a disc, or a ring once it is big enough to show one.

The drawing is fitted to the box by the bounding box of every keyframe (and the props),
so a movement does not jump as it steps. A mirrored drawing is the same dots flipped
left to right: the other side of a per-side stretch is exactly the drawn side mirrored.
Each cell also carries a role (``body``, ``working``, ``prop`` or empty), so a view
can colour the working limb in the accent colour.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import Literal

from msgspec import Struct

from limber.core.figure import LIMB_BONES, Figure, Pose

Role = Literal["", "body", "working", "prop"]
ROLES: tuple[Role, ...] = ("", "prop", "body", "working")
"""The roles by rank: a cell shared by two shows the higher one."""

_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bits by (row, column) inside a cell."""
_FLIP = [0] * 256
for _byte in range(256):
    for _row in range(4):
        if _byte & _BITS[_row][0]:
            _FLIP[_byte] |= _BITS[_row][1]
        if _byte & _BITS[_row][1]:
            _FLIP[_byte] |= _BITS[_row][0]

HEAD_SHARE = 0.15
"""The head's radius as a share of the trunk's length."""
MARGIN = 2.0
"""Canvas units kept free around the drawing."""
MIN_COLS, MIN_ROWS = 4, 2
"""The smallest box a figure is drawn in; anything smaller draws nothing."""


class Raster(Struct, frozen=True):
    """A figure drawn into ``cols`` × ``rows`` cells."""

    lines: tuple[str, ...]
    """One string per row, each exactly ``cols`` characters (spaces where nothing is)."""
    roles: tuple[str, ...]
    """Per row, one digit per cell: the index into :data:`ROLES` of what the cell shows."""

    def role_at(self, col: int, row: int) -> Role:
        """What cell (``col``, ``row``) shows: ``body``, ``working``, ``prop`` or ``""``."""
        return ROLES[int(self.roles[row][col])]

    def runs(self, row: int) -> list[tuple[str, Role]]:
        """Row ``row`` as ``(text, role)`` pieces, for a view to style each piece."""
        line, codes = self.lines[row], self.roles[row]
        out: list[tuple[str, Role]] = []
        start = 0
        for index in range(1, len(line) + 1):
            if index == len(line) or codes[index] != codes[start]:
                out.append((line[start:index], ROLES[int(codes[start])]))
                start = index
        return out

    def text(self) -> str:
        """The drawing as plain text, its trailing spaces kept off."""
        return "\n".join(line.rstrip() for line in self.lines)


def raster(figure: Figure, *, frame: int = 0, cols: int, rows: int, mirror: bool = False) -> Raster:
    """``figure``'s keyframe ``frame`` (modulo its frames) drawn into ``cols`` × ``rows``
    cells, mirrored left to right if ``mirror``. Cached per figure, frame, size and side."""
    cols, rows = max(0, cols), max(0, rows)
    return _raster(figure, frame % figure.frames, cols, rows, mirror)


@lru_cache(maxsize=512)
def _raster(figure: Figure, frame: int, cols: int, rows: int, mirror: bool) -> Raster:
    if cols < MIN_COLS or rows < MIN_ROWS:
        return Raster(lines=(" " * cols,) * rows, roles=("0" * cols,) * rows)
    grid = _Grid(cols, rows)
    _draw(grid, figure, frame)
    if mirror:
        grid.flip()
    return grid.encode()


class _Grid:
    """Braille cells, each with its dot bits and the highest rank of role among them
    (0: none). A dot is plotted straight into its cell, so encoding is one pass."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.width, self.height = cols * 2, rows * 4
        self.bits = bytearray(cols * rows)
        self.ranks = bytearray(cols * rows)

    def plot(self, x: int, y: int, rank: int) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            cell = (y >> 2) * self.cols + (x >> 1)
            self.bits[cell] |= _BITS[y & 3][x & 1]
            if self.ranks[cell] < rank:
                self.ranks[cell] = rank

    def flip(self) -> None:
        """Mirror left to right: the cells of each row reversed, and each cell's dots."""
        cols = self.cols
        for row in range(self.rows):
            span = slice(row * cols, (row + 1) * cols)
            self.bits[span] = bytes(_FLIP[b] for b in reversed(self.bits[span]))
            self.ranks[span] = self.ranks[span][::-1]

    def encode(self) -> Raster:
        cols = self.cols
        chars = "".join(map(_CELLS.__getitem__, self.bits))
        codes = "".join(map(_DIGITS.__getitem__, self.ranks))
        lines = tuple(chars[r * cols : (r + 1) * cols] for r in range(self.rows))
        roles = tuple(codes[r * cols : (r + 1) * cols] for r in range(self.rows))
        return Raster(lines=lines, roles=roles)


_DIGITS = "0123"
_CELLS = " " + "".join(chr(0x2800 + bits) for bits in range(1, 256))
"""Each cell's character by its dot bits: a space where no dot is set."""


def flip_line(line: str) -> str:
    """A braille line mirrored left to right: the cells reversed, each cell's dots too."""
    out = []
    for char in reversed(line):
        code = ord(char) - 0x2800
        out.append(chr(0x2800 + _FLIP[code]) if 0 <= code < 256 else char)
    return "".join(out)


def bounds(figure: Figure) -> tuple[float, float, float, float]:
    """``(left, bottom, right, top)`` on the canvas of every keyframe, head and prop."""
    xs: list[float] = []
    ys: list[float] = []
    for pose in figure.keyframes:
        for joint in pose.__struct_fields__:
            x, y = getattr(pose, joint)
            xs.append(x)
            ys.append(y)
        radius = head_radius(pose)
        xs += [pose.head[0] - radius, pose.head[0] + radius]
        ys += [pose.head[1] - radius, pose.head[1] + radius]
    for prop in figure.props:
        xs += [x for x, _ in prop.points]
        ys += [y for _, y in prop.points]
    return min(xs), min(ys), max(xs), max(ys)


def head_radius(pose: Pose) -> float:
    """The head's radius in canvas units: a share of the trunk's length."""
    (hx, hy), (bx, by), (nx, ny) = pose.hip, pose.back, pose.neck
    return HEAD_SHARE * (math.hypot(bx - hx, by - hy) + math.hypot(nx - bx, ny - by))


class Shapes(Struct, frozen=True):
    """One keyframe as lines and a head in canvas units (y up): what every surface draws,
    the terminal's braille, the SVG and the PDF alike."""

    lines: tuple[tuple[tuple[float, float], tuple[float, float], Role], ...]
    """``(start, end, role)`` of each prop line and bone, props first."""
    head: tuple[tuple[float, float], float, Role]
    """The head's centre, radius and role."""
    box: tuple[float, float, float, float]
    """``(left, bottom, right, top)`` around every keyframe, with a margin: the same for
    all of a figure's keyframes, so a movement does not jump."""


@lru_cache(maxsize=256)
def shapes(figure: Figure, frame: int = 0, mirror: bool = False) -> Shapes:
    """Keyframe ``frame`` (modulo the frames) as lines and a head, mirrored left to right
    (x → 100 − x) if ``mirror``."""
    pose = figure.keyframes[frame % figure.frames]
    left, bottom, right, top = bounds(figure)
    box = (left - MARGIN, bottom - MARGIN, right + MARGIN, top + MARGIN)

    def place(point: tuple[float, float]) -> tuple[float, float]:
        return (100 - point[0], point[1]) if mirror else point

    lines: list[tuple[tuple[float, float], tuple[float, float], Role]] = []
    for prop in figure.props:
        lines += [(place(p), place(q), "prop") for p, q in itertools.pairwise(prop.points)]
    working = set(figure.working)
    radius = head_radius(pose)
    for limb, bones in LIMB_BONES.items():
        role: Role = "working" if limb in working else "body"
        for joint, to in bones:
            end = _short_of(pose.neck, pose.head, radius) if to == "head" else getattr(pose, to)
            lines.append((place(getattr(pose, joint)), place(end), role))
    head_role: Role = "working" if "head" in working else "body"
    if mirror:
        box = (100 - box[2], box[1], 100 - box[0], box[3])
    return Shapes(lines=tuple(lines), head=(place(pose.head), radius, head_role), box=box)


def _draw(grid: _Grid, figure: Figure, frame: int) -> None:
    drawn = shapes(figure, frame)
    left, bottom, right, top = drawn.box
    scale = min(
        (grid.width - 1) / max(right - left, 1e-6), (grid.height - 1) / max(top - bottom, 1e-6)
    )
    off_x = (grid.width - 1 - (right - left) * scale) / 2
    off_y = (grid.height - 1 - (top - bottom) * scale) / 2

    def at(point: tuple[float, float]) -> tuple[int, int]:
        x = off_x + (point[0] - left) * scale
        y = grid.height - 1 - (off_y + (point[1] - bottom) * scale)
        return round(x), round(y)

    brush = max(0, round(min(grid.width, grid.height) / 120))
    for start, end, role in drawn.lines:
        _line(grid, at(start), at(end), 0 if role == "prop" else brush, ROLES.index(role))
    centre, radius, role = drawn.head
    _head(grid, at(centre), radius * scale, brush, ROLES.index(role))


def _short_of(
    start: tuple[float, float], end: tuple[float, float], by: float
) -> tuple[float, float]:
    """The point ``by`` short of ``end`` on the way from ``start``: the neck stops at
    the head's edge, not its centre."""
    length = math.hypot(end[0] - start[0], end[1] - start[1])
    if length <= by:
        return start
    share = (length - by) / length
    return start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share


def _line(grid: _Grid, start: tuple[int, int], end: tuple[int, int], brush: int, rank: int) -> None:
    """Bresenham's line from ``start`` to ``end``, each dot widened by ``brush``."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    error = dx + dy
    while True:
        _dab(grid, x0, y0, brush, rank)
        if x0 == x1 and y0 == y1:
            return
        double = 2 * error
        if double >= dy:
            error += dy
            x0 += sx
        if double <= dx:
            error += dx
            y0 += sy


def _dab(grid: _Grid, x: int, y: int, brush: int, rank: int) -> None:
    if not brush:
        grid.plot(x, y, rank)
        return
    for ox, oy in _disc(brush):
        grid.plot(x + ox, y + oy, rank)


@lru_cache(maxsize=8)
def _disc(brush: int) -> tuple[tuple[int, int], ...]:
    """The dots a brush of radius ``brush`` covers around its centre."""
    span = range(-brush, brush + 1)
    return tuple((ox, oy) for oy in span for ox in span if ox * ox + oy * oy <= brush * brush)


def _head(grid: _Grid, centre: tuple[int, int], radius: float, brush: int, rank: int) -> None:
    """A filled disc while small (so it reads as a head), a ring once there is room."""
    cx, cy = centre
    reach = math.ceil(radius) + 1
    ring = radius >= 4
    for oy in range(-reach, reach + 1):
        for ox in range(-reach, reach + 1):
            distance = math.hypot(ox, oy)
            inside = distance <= radius + 0.3
            if inside and (not ring or distance >= radius - 0.8 - brush):
                grid.plot(cx + ox, cy + oy, rank)
