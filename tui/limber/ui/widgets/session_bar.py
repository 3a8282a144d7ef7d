"""The session's progress bar: one line, drawn here, redrawn only where a cell changes.

It looks like Textual's ProgressBar without its ETA (a bar of 32 cells in steps of half a
cell, then the whole percent), but a ProgressBar is four widgets (the bar, its bar, the
percentage, the ETA) that the screen renders on every frame of a session, and it wakes
once a second for an ETA this one does not show. This is one widget with no timer: a
tick that moves the bar by less than half a cell changes nothing, and one that does
repaints the cells that differ.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.widget import Widget

from limber.ui.widgets.repaint import repaint_changes

BAR_CELLS = 32
"""The bar's width in cells (Textual's ProgressBar's)."""
PERCENT_CELLS = 5
"""The percentage's width, right-aligned: "  22%", " 100%"."""
BAR, HALF_LEFT, HALF_RIGHT = "━", "╺", "╸"


def bar_cells(steps: int) -> list[tuple[str, bool]]:
    """The bar with ``steps`` half cells done, as runs of (text, done): a half-done cell
    shows "╸" after the done part, and the part to do starts with "╺" after a whole one."""
    if steps <= 0:
        return [(BAR * BAR_CELLS, False)]  # as Textual draws an empty bar: no "╺"
    whole, half = divmod(steps, 2)
    runs = [(BAR * whole + (HALF_RIGHT if half else ""), True)]
    left = BAR_CELLS - whole - half
    if left > 0:
        runs.append(((BAR if half else HALF_LEFT) + BAR * (left - 1), False))
    return [run for run in runs if run[0]]


class SessionBar(Widget):
    """How far through the plan the session is: a bar and the percent beside it."""

    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}
    DEFAULT_CSS = """
    SessionBar { width: 100%; height: 1; }
    SessionBar > .bar--bar { color: $primary; background: $surface; }
    SessionBar > .bar--complete { color: $success; background: $surface; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.shown: tuple[int, int] = (0, 0)
        """What the bar shows: half cells done (0 to 64) and the whole percent."""
        self._kept: tuple[tuple[tuple[int, int], int], Strip] | None = None

    def show(self, progress: float, total: float) -> None:
        """Set the bar to ``progress`` of ``total``; repaint only the cells that change."""
        fraction = min(max(progress / total, 0.0), 1.0) if total else 1.0
        shown = (int(fraction * BAR_CELLS * 2), round(fraction * 100))
        if shown == self.shown:
            return
        before = self._kept
        self.shown = shown
        if before is None or before[0][1] != self.size.width:
            self.refresh()
            return
        repaint_changes(self, [before[1]], [self._line()])

    def notify_style_update(self) -> None:
        self._kept = None
        super().notify_style_update()

    def _line(self) -> Strip:
        """The line for what the bar shows at the widget's width (drawn once, then kept)."""
        width = self.size.width
        key = (self.shown, width)
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, self._draw(width))
        return self._kept[1]

    def _draw(self, width: int) -> Strip:
        steps, percent = self.shown
        base = self.visual_style.rich_style
        done = steps >= BAR_CELLS * 2
        colours = self.get_component_rich_style("bar--complete" if done else "bar--bar")
        blank = RichStyle(bgcolor=base.bgcolor)
        segments: list[Segment] = []
        for text, is_done in bar_cells(steps):
            colour = colours.color if is_done else colours.bgcolor
            segments.append(Segment(text, base + RichStyle(color=colour)))
        label = f"{percent}%"
        segments.append(Segment(" " * (PERCENT_CELLS - len(label)), blank))
        segments.append(Segment(label, base))
        used = BAR_CELLS + PERCENT_CELLS
        left = max(width - used, 0) // 2
        line = Strip([Segment(" " * left, blank), *segments], left + used)
        return line.extend_cell_length(width, blank).crop(0, width)

    def render_line(self, y: int) -> Strip:
        if y == 0:
            return self._line()
        return Strip.blank(self.size.width, self.visual_style.rich_style)
