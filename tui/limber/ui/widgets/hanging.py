"""A catalogue row that wraps under its name: the whole name shows, however narrow the list.

``4:20  Post-run lower-back`` then ``      relief``: the first line holds the prefix (a
routine's time), later lines start where the name started, so the times stay a column
of their own. Textual's ``Content`` wraps every line from the left edge.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """``prefix`` then ``body``, the body's later lines indented by the prefix's width
    (or by ``indent``)."""

    def __init__(self, prefix: Content, body: Content, indent: int | None = None) -> None:
        self.prefix = prefix
        self.body = body
        self.indent = prefix.cell_length if indent is None else indent
        self._cache: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return f"{self.prefix.plain}{self.body.plain}"

    def _wrapped(self, width: int) -> Content:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        first = self.body.wrap(max(width - self.prefix.cell_length, 8))[:1] or [Content("")]
        start = len(first[0].plain)
        start += len(self.body.plain[start:]) - len(self.body.plain[start:].lstrip())
        rest = self.body[start:]
        lines = first + (rest.wrap(max(width - self.indent, 8)) if rest.plain else [])
        pad = Content(" " * self.indent)
        joined = Content("\n").join(
            (self.prefix if number == 0 else pad) + line.rstrip()
            for number, line in enumerate(lines)
        )
        self._cache = (width, joined)
        return joined

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.prefix.cell_length + self.body.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._wrapped(width).plain.split("\n"))
