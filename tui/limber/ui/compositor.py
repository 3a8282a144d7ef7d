"""A compositor that renders only the widgets whose cells an update sends (Limber's full
screens have it; the dialogs over them keep Textual's).

Textual's compositor answers a partial update (a running session's second: the
countdown, the dose line, the bar and the time through the plan) by rendering every
line of every widget whose clip meets the box around all the changes: on the main
screen that is the header, the footer, the screen, the panes, the session pane and
every container down to the countdown, each for all its rows. Only the cells inside
the changed spans are then sent to the terminal, and each of those comes from the
front-most widget there.

:class:`FrontCompositor` works from the other end: it lists the pieces of lines (chops)
the update will send, goes through the widgets front to back, and renders a widget only
for the rows where it is the first to cover one of those pieces, stopping once every
piece has its widget. A full update (the first frame, a resize) is the same with every
piece of every line wanted: a widget wholly behind others is not rendered. What it sends
is what Textual's would send, byte for byte (a test runs both on every frame of a
session and compares); it renders less to get there, and keeps less: Textual keeps each
divided line's pieces in the line's cache, which on a still main screen held over half
of the strips alive (1,125 strips then, 493 now, in a test app at 100×30). A render
asked to simplify its segments (the snapshot tests' SVGs) is Textual's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import cast

from rich.segment import Segment
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip


class FrontCompositor(Compositor):
    """Textual's compositor, with updates that render only what they send."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        spans = list(self._regions_to_spans(update_regions))
        chops = self._front_chops(spans)
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        return ChopsUpdate(chops, spans, chop_ends)

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        """Every line's pieces, each from the front-most widget there."""
        if simplify:  # an SVG the snapshot tests take: Textual's own
            return super().render_full_update(simplify=simplify)
        self._dirty_regions.clear()
        width, height = self.size
        chops = self._front_chops([(y, 0, width) for y in range(height)])
        # Every piece of every line is filled: the screen itself is behind all the rest.
        lines = cast("list[Iterable[Strip]]", [chop.values() for chop in chops])
        return LayoutUpdate(lines, self.size.region)

    def _front_chops(self, spans: list[tuple[int, int, int]]) -> list[dict[int, Strip | None]]:
        """Each line's chops, filled where a span will send them, each from the front-most
        widget that covers it (as Textual's: the first widget to fill a chop wins)."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        # The chops ChopsUpdate sends for each span: those it does not skip as
        # ``x > x2 or end <= x1`` (so a chop starting at a span's end counts, as there).
        wanted: dict[int, set[int]] = {}
        for y, x1, x2 in spans:
            cut_set = cuts[y]
            want = wanted.setdefault(y, set())
            want.update(x for x, end in pairwise(cut_set) if not (x > x2 or end <= x1))
        wanted = {y: want for y, want in wanted.items() if want}

        for widget, (region, clip) in self.visible_widgets.items():
            if not wanted:
                break
            shown = region.intersection(clip)
            if not shown:
                continue
            first_cut, last_cut = shown.column_span
            rows = [
                y
                for y in shown.line_range
                if (row := wanted.get(y)) and any(first_cut <= x < last_cut for x in row)
            ]
            if not rows:
                continue
            top = rows[0]
            strips = widget.render_lines(
                Region(shown.x - region.x, top - region.y, shown.width, rows[-1] - top + 1)
            )
            for y in rows:
                line = chops[y]
                want = wanted[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                for cut, piece in _pieces(strips[y - top], final_cuts, shown.x, line):
                    line[cut] = piece
                    want.discard(cut)
                if not want:
                    del wanted[y]
        return chops


def _pieces(
    strip: Strip, final_cuts: list[int], x: int, line: dict[int, Strip | None]
) -> list[tuple[int, Strip]]:
    """The pieces of ``strip`` (placed at ``x``) between ``final_cuts`` that ``line`` has
    no piece for yet, each with the cut it starts at. As ``Strip.divide`` cuts, but a
    piece another widget covers is not made, and none is kept in the strip's cache: a
    divided line's pieces held there were over half the strips alive on a still screen."""
    relative = [cut - x for cut in final_cuts[1:]]
    length = strip.cell_length
    relative = [cut for cut in relative if cut <= length]
    if relative == [length]:
        return [(final_cuts[0], strip)] if line.get(final_cuts[0]) is None else []
    pieces: list[tuple[int, Strip]] = []
    start = 0
    # One piece fewer than cuts: the last cut is the widget's right edge.
    for cut, segments, end in zip(
        final_cuts, Segment.divide(strip, relative), relative, strict=False
    ):
        if line.get(cut) is None:
            pieces.append((cut, Strip(segments, end - start)))
        start = end
    return pieces
