"""Repainting only the cells that changed: a text that ticks each second (the countdown,
the time through the plan) redraws a digit or two, not its whole box.

Textual repaints a whole widget when it is told its content changed, and writes every
cell of it to the terminal. A widget here keeps the lines it drew; when its content
changes and its size does not, it compares the new lines with the kept ones and marks
only the cells that differ as dirty (one region per row, from the first cell that
differs to the last).
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual, VisualType
from textual.widget import Widget
from textual.widgets import Static


class TickingStatic(Static):
    """A Static whose :meth:`update` without a layout pass repaints only what changed."""

    def __init__(self, content: VisualType = "", **kwargs: object) -> None:
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
        # Its text is ours, never markup, so it has no links: Textual would work out
        # their style (walking the widget's ancestors for its background) at each draw.
        self.set_reactive(Widget.auto_links, False)
        self._kept: tuple[tuple[int, Size], list[Strip], object] | None = None
        """The lines drawn for (the visual's id, size), and that visual (so its id
        stays its own while kept)."""
        self._holding = False

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        kept = self._kept
        if layout or kept is None or kept[0][1] != self.size or self.text_selection is not None:
            super().update(content, layout=layout)
            return
        self._holding = True  # Static.update refreshes the whole widget: not yet
        try:
            super().update(content, layout=False)
        finally:
            self._holding = False
        repaint_changes(self, kept[1], self._lines())

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._holding:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def notify_style_update(self) -> None:
        self._kept = None
        super().notify_style_update()

    def _lines(self) -> list[Strip]:
        """The widget's lines for its content at its size (drawn once, then kept)."""
        visual = self.visual
        key = (id(visual), self.size)
        if self._kept is None or self._kept[0] != key:
            width, height = self.size
            strips = Visual.to_strips(self, visual, width, height, self.visual_style)
            self._kept = (key, strips, visual)
        return self._kept[1]

    def render_line(self, y: int) -> Strip:
        if self.text_selection is not None:  # a mouse selection styles what it covers
            return super().render_line(y)
        lines = self._lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


def repaint_changes(widget: Widget, old: list[Strip], new: list[Strip]) -> None:
    """Refresh the cells of ``widget`` that differ between two drawings of it (all of it
    when they cannot be compared cell by cell; nothing when none differs)."""
    regions = changed_regions(old, new)
    if regions is None:
        widget.refresh()
    elif regions:
        widget.refresh(*regions)


def changed_regions(old: list[Strip], new: list[Strip]) -> list[Region] | None:
    """The cells that differ between two drawings of the same size, as one region per
    row from the first to the last cell that differs; None when they cannot be compared
    cell by cell (a different height, or a character wider than one cell)."""
    if len(old) != len(new):
        return None
    regions: list[Region] = []
    for row, (before, after) in enumerate(zip(old, new, strict=True)):
        if before == after:
            continue
        span = _differing_span(before, after)
        if span is None:
            return None
        if span[1] > span[0]:
            regions.append(Region(span[0], row, span[1] - span[0], 1))
    return regions


def _differing_span(before: Strip, after: Strip) -> tuple[int, int] | None:
    """The first cell that differs and the one after the last (None: not comparable)."""
    old_text, new_text = before.text, after.text
    if not len(old_text) == len(new_text) == before.cell_length == after.cell_length:
        return None
    if _runs(before) == _runs(after):  # the same styles in the same places: compare text
        first = _common(old_text, new_text)
        last = len(old_text) - _common(old_text[::-1], new_text[::-1])
        return first, max(first, last)
    old_cells = [(char, segment.style) for segment in before for char in segment.text]
    new_cells = [(char, segment.style) for segment in after for char in segment.text]
    differs = [x for x, (a, b) in enumerate(zip(old_cells, new_cells, strict=True)) if a != b]
    return (differs[0], differs[-1] + 1) if differs else (0, 0)


def _common(one: str, other: str) -> int:
    """How many characters the two texts share at their start."""
    for index, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return index
    return min(len(one), len(other))


def _runs(strip: Strip) -> list[tuple[int, object]]:
    """Where each style of ``strip`` starts and ends, as (length, style) per segment."""
    return [(len(segment.text), segment.style) for segment in strip]
