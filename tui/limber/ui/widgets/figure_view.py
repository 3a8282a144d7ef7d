"""A stretch's figure, drawn in braille at whatever size the widget is given.

The drawing is :func:`limber.core.figure_draw.raster`'s (cached per figure, frame, size
and side): this widget only styles each cell by its role, the working limb in the accent
colour, and steps a movement through its keyframes at its tempo while asked to.

A running session pays for the animation once a frame, so a frame is cheap: each
keyframe's styled lines (Textual ``Strip``s) are made once per size, side and theme and
kept, and a step repaints only the rows that differ from the last keyframe's, with no
layout pass (the widget's size comes from its container, never from what it shows).
"""

from __future__ import annotations

import math

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.timer import Timer
from textual.visual import Visual
from textual.widget import Widget

from limber.core.figure import Figure
from limber.core.figure_draw import Raster, raster, shapes

STYLES = {"": "", "body": "", "working": "bold $accent", "prop": "$text-muted"}
"""How each role of a cell is drawn."""


class FigureView(Widget):
    """Draws a :class:`Figure` to fill its box, re-drawn (from the cache) on resize.

    ``show`` sets the figure and side; ``play(True)`` steps a movement through its
    keyframes at its tempo, ``play(False)`` stops on the still pose. A held pose (one
    keyframe) never has a timer.
    """

    DEFAULT_CSS = """
    FigureView { width: 1fr; height: 1fr; min-width: 20; min-height: 8; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.figure: Figure | None = None
        self.mirror = False
        self.frame = 0
        """The keyframe shown: 0 is the still pose."""
        self._timer: Timer | None = None
        self._strips: dict[tuple[object, ...], list[Strip]] = {}
        """Each keyframe's styled lines by (frame, side, size), for the figure shown:
        emptied when the figure, the size or the styles (a new theme) change."""
        self.display = False  # nothing to draw, no room taken, until show() gets a figure

    @property
    def animating(self) -> bool:
        """Whether a timer is stepping the keyframes."""
        return self._timer is not None

    def show(self, figure: Figure | None, *, mirror: bool = False) -> None:
        """Draw ``figure`` (None: nothing), mirrored for the other side if ``mirror``."""
        self.display = figure is not None
        if figure is self.figure and mirror == self.mirror:
            return
        running = self.animating
        self.play(False)
        self.figure, self.mirror, self.frame = figure, mirror, 0
        self._strips.clear()
        if running:
            self.play(True)
        self.refresh()

    def play(self, running: bool) -> None:
        """Step a movement through its keyframes while ``running``; else show the still
        pose. Does nothing for a held pose or no figure."""
        if not running or self.figure is None or self.figure.frames < 2:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if self.frame:
                self._show_frame(0)
            return
        if self._timer is None:
            self._timer = self.set_interval(self.figure.tempo_seconds, self.step)

    def step(self) -> None:
        """Show the next keyframe (the timer's tick; tests call it directly)."""
        if self.figure is not None and self.figure.frames > 1:
            self._show_frame((self.frame + 1) % self.figure.frames)

    def _show_frame(self, frame: int) -> None:
        """Show keyframe ``frame``, repainting only the cells that differ from the one
        shown: the rows a movement moves (a pelvic tilt's hips, not its head or floor)."""
        before = self.drawn()
        self.frame = frame
        after = self.drawn()
        if before is None or after is None or len(before.lines) != len(after.lines):
            self.refresh()
            return
        changed = [
            _changed_span(row, old, new, old_roles, new_roles)
            for row, (old, new, old_roles, new_roles) in enumerate(
                zip(before.lines, after.lines, before.roles, after.roles, strict=True)
            )
        ]
        regions = [span for span in changed if span is not None]
        if regions:
            self.refresh(*regions)

    def drawn(self) -> Raster | None:
        """The drawing at the widget's current size, or None with no figure."""
        if self.figure is None:
            return None
        width, height = self.content_size
        return raster(self.figure, frame=self.frame, cols=width, rows=height, mirror=self.mirror)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """With ``height: auto``: the rows the figure needs at ``width`` (its dots are
        about square: a cell is 2 dots wide and 4 tall), no fewer than 4."""
        if self.figure is None:
            return 0
        left, bottom, right, top = shapes(self.figure).box
        return max(4, math.ceil(width * 2 * (top - bottom) / (right - left) / 4))

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Row ``y`` of the keyframe shown, styled once and kept: a step to a keyframe
        already seen at this size costs no drawing and no styling."""
        width, height = self.size
        if self.text_selection is not None:  # a mouse selection styles what it covers
            return super().render_line(y)
        key = (self.frame, self.mirror, width, height)
        strips = self._strips.get(key)
        if strips is None:
            if self._strips and next(iter(self._strips))[2:4] != (width, height):
                self._strips.clear()  # resized: only the current size is kept
            strips = Visual.to_strips(self, self.render(), width, height, self.visual_style)
            self._strips[key] = strips
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def render(self) -> Content:
        drawing = self.drawn()
        if drawing is None:
            return Content("")
        rows = [
            Content.assemble(*((text, STYLES[role]) for text, role in drawing.runs(row)))
            for row in range(len(drawing.lines))
        ]
        return Content("\n").join(rows)


def _changed_span(row: int, old: str, new: str, old_roles: str, new_roles: str) -> Region | None:
    """The cells of ``row`` that differ between two drawings of the same size, from the
    first to the last that differs (None when the row is the same)."""
    if old == new and old_roles == new_roles:
        return None
    differs = [
        col
        for col, cells in enumerate(zip(old, new, old_roles, new_roles, strict=True))
        if cells[0] != cells[1] or cells[2] != cells[3]
    ]
    return Region(differs[0], row, differs[-1] - differs[0] + 1, 1)
