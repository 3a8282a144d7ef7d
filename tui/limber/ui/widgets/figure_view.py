"""A stretch's figure, drawn in braille at whatever size the widget is given.

The drawing is :func:`limber.core.figure_draw.raster`'s (cached per figure, frame, size
and side): this widget only styles each cell by its role, the working limb in the accent
colour, and steps a movement through its keyframes at its tempo while asked to.
"""

from __future__ import annotations

import math

from textual.content import Content
from textual.geometry import Size
from textual.timer import Timer
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
                self.frame = 0
                self.refresh()
            return
        if self._timer is None:
            self._timer = self.set_interval(self.figure.tempo_seconds, self.step)

    def step(self) -> None:
        """Show the next keyframe (the timer's tick; tests call it directly)."""
        if self.figure is not None and self.figure.frames > 1:
            self.frame = (self.frame + 1) % self.figure.frames
            self.refresh()

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

    def render(self) -> Content:
        drawing = self.drawn()
        if drawing is None:
            return Content("")
        rows = [
            Content.assemble(*((text, STYLES[role]) for text, role in drawing.runs(row)))
            for row in range(len(drawing.lines))
        ]
        return Content("\n").join(rows)
