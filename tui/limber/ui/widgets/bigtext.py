"""Big figures for full screen: the countdown and the stretch's name, scaled to the room.

Textual's ``Digits`` is always three rows. Here each character is a 3×5 block glyph of
our own, drawn with half blocks (one cell holds two pixels, one above the other, so a
pixel is about square) and scaled by a whole number until the text fills the widget's
width, or its height (``fill_height``), whichever comes first.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widget import Widget

from limber.ui.widgets.repaint import repaint_changes

GLYPHS: dict[str, tuple[str, str, str, str, str]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": ("...", ".#.", "...", ".#.", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
    ".": ("...", "...", "...", "...", ".#."),
    ",": ("...", "...", "...", ".#.", "#.."),
    "'": (".#.", ".#.", "...", "...", "..."),
    "(": (".#.", "#..", "#..", "#..", ".#."),
    ")": (".#.", "..#", "..#", "..#", ".#."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
}
SUBSTITUTES = str.maketrans({"—": "-", "–": "-", "−": "-", "·": "-", "\u2019": "'"})
CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
GLYPH_ROWS = 5
_NOT_REVERSED = VisualStyle(reverse=False)
"""Added to the widget's style for the rows above and below the glyphs, as Textual does."""


def drawable(text: str) -> str | None:
    """``text`` in the glyphs' alphabet (upper case), or None when a character has none."""
    upper = text.upper().translate(SUBSTITUTES)
    return upper if all(c in GLYPHS for c in upper) else None


def text_width(text: str, scale: int) -> int:
    """Columns that ``text`` takes at ``scale``: 3 pixels a glyph and 1 between glyphs."""
    return max(len(text) * 4 - 1, 0) * scale


def text_rows(lines: int, scale: int) -> int:
    return lines * -(-GLYPH_ROWS * scale // 2) + (lines - 1)


def wrap(text: str, width: int, scale: int) -> list[str]:
    """Words on as few lines as fit ``width`` at ``scale`` (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", scale) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def draw_line(text: str, scale: int) -> list[str]:
    """One line of ``text`` (already drawable) as rows of half-block cells: each glyph's
    cells side by side, a blank column of ``scale`` cells between two glyphs (the same
    cells as :func:`draw_pixels` makes of the whole line, glyph by glyph)."""
    if not text:
        return draw_pixels(text, scale)
    gap = " " * scale
    return [gap.join(row) for row in zip(*(_glyph_cells(c, scale) for c in text), strict=True)]


@lru_cache(maxsize=1024)  # the alphabet at a dozen scales
def _glyph_cells(char: str, scale: int) -> tuple[str, ...]:
    return tuple(draw_pixels(char, scale))


def draw_pixels(text: str, scale: int) -> list[str]:
    """``text`` drawn pixel by pixel: its glyphs' rows joined with a blank pixel between,
    each pixel ``scale`` wide and high, two pixel rows to a row of half-block cells."""
    pixels: list[str] = []
    for row in range(GLYPH_ROWS):
        line = ".".join(GLYPHS[c][row] for c in text)
        scaled = "".join(p * scale for p in line)
        pixels += [scaled] * scale
    if len(pixels) % 2:
        pixels.append("." * len(pixels[0]))
    return [
        "".join(CELLS[top == "#", bottom == "#"] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[::2], pixels[1::2], strict=True)
    ]


def fit(text: str, width: int, height: int | None, most: int) -> tuple[int, list[str]]:
    """The largest scale (1 to ``most``) at which ``text`` fits, and its lines. Above 1
    only even scales: a pixel is then whole cells, with no half-block seams."""
    for scale in range(most - most % 2, 1, -2):
        lines = wrap(text, width, scale)
        fits = all(text_width(line, scale) <= width for line in lines)
        if fits and (height is None or text_rows(len(lines), scale) <= height):
            return scale, lines
    return 1, wrap(text, width, 1)


class BigText(Widget):
    """A line of text in big block glyphs, as large as the widget's room allows.

    Text with a character the glyphs lack shows as plain bold text: never half a word.
    The countdown changes a digit or two a second: a new text that keeps the widget's
    height repaints only the cells that differ (1:23 → 1:22: the last glyph's columns).
    """

    DEFAULT_CSS = """
    BigText { height: auto; width: 100%; content-align: center middle; text-align: center; }
    """

    def __init__(self, *, most: int = 12, fill_height: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.most = most
        """The largest scale: the name stays smaller than the countdown."""
        self.fill_height = fill_height
        self.text = ""
        self._strips: tuple[tuple[str, Size], list[Strip]] | None = None
        """The lines drawn for (text, size): kept, so a repaint draws them once."""

    def update(self, text: str) -> None:
        if text == self.text:
            return
        drawn = self._strips
        self.text = text
        if not self.fill_height:  # its height follows the text: leave it to a layout pass
            if self.styles.display != "none":  # hidden, it takes no room to lay out
                self.refresh(layout=True)
            return
        if drawn is None or drawn[0][1] != self.size or self.text_selection is not None:
            self.refresh()
            return
        repaint_changes(self, drawn[1], self._drawn())

    def notify_style_update(self) -> None:
        self._strips = None
        super().notify_style_update()

    def _drawn(self) -> list[Strip]:
        """The widget's lines for its text at its size (drawn once, then kept)."""
        key = (self.text, self.size)
        if self._strips is None or self._strips[0] != key:
            width, height = self.size
            strips = self._blocks(width, height)
            if strips is None:
                strips = Visual.to_strips(self, self.render(), width, height, self.visual_style)
            self._strips = (key, strips)
        return self._strips[1]

    def _blocks(self, width: int, height: int) -> list[Strip] | None:
        """The glyphs' lines as strips, made directly: the same cells, styles and
        segments as Textual draws from :meth:`render` (a test compares the two), without
        laying out a text each second. None where this does not apply (text the glyphs
        lack, lines wider than the widget, alignments other than centred, padding)."""
        styles = self.styles
        if (
            drawable(self.text) is None
            or self.content_size != self.size
            or styles.text_align != "center"
            or styles.content_align_horizontal != "center"
        ):
            return None
        lines = self._lines(width)
        if any(len(line) > width for line in lines) or (height and len(lines) > height):
            return None
        base = self.visual_style
        padded = (base + _NOT_REVERSED).rich_style  # Textual's style for added space
        text_style = base.rich_style
        around = RichStyle(bgcolor=text_style.bgcolor)
        strips: list[Strip] = []
        for y, line in enumerate(lines):
            left = (width - len(line)) // 2
            right = width - len(line) - left
            segments = [Segment(" " * left, around)] if left else []
            segments.append(Segment(line, text_style + RichStyle.from_meta({"offset": (0, y)})))
            if right:
                segments.append(Segment(" " * right, around))
            strips.append(Strip(segments, width))
        spare = max(height - len(strips), 0)
        vertical = styles.content_align_vertical
        top = 0 if vertical == "top" else spare if vertical == "bottom" else spare // 2
        blank = Strip([Segment(" " * width, padded)], width)
        return [blank] * top + strips + [blank] * (spare - top)

    def render_line(self, y: int) -> Strip:
        if self.text_selection is not None:  # a mouse selection styles what it covers
            return super().render_line(y)
        strips = self._drawn()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _lines(self, width: int) -> list[str]:
        text = drawable(self.text)
        if text is None:
            return [self.text]
        height = self.size.height if self.fill_height else None
        scale, lines = fit(text, max(width, 1), height, self.most)
        drawn: list[str] = []
        for number, line in enumerate(lines):
            drawn += ([""] if number else []) + draw_line(line, scale)
        return drawn

    def rows(self, width: int) -> int:
        """Rows the text takes at ``width`` (when its height is not fixed)."""
        return len(self._lines(width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return self.rows(width)

    def render(self) -> Content:
        if drawable(self.text) is None:
            return Content.styled(self.text, "bold")
        return Content("\n".join(self._lines(self.content_size.width)))
