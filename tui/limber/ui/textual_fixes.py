"""Work-arounds for bugs in the pinned Textual that Limber meets, each named by its
Textual issue and each applied only while the bug is there (a Textual that fixed it is
left as it is).

Textual issue 6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method, so
its 1,024 entries hold the ``StylesCache`` objects themselves, and with them each
widget's rendered lines, long after the widget is gone: each session's footer keys, each
screen closed, kept theirs until 1,024 newer entries pushed them out, and the tests'
processes carried thousands of dead widgets' lines through every garbage collection.
The colours are all the method uses, so the cache is keyed on them alone.

Not a bug, a cost: after laying the screen out, Textual gives each widget its new size
and sets its ``virtual_size``, a reactive that asks for the whole screen to be laid out
again. For a widget that cannot scroll (it hides its overflow both ways) that second
pass finds what the first found: at each phase of a session it doubled the layout work.
Such a widget's ``virtual_size`` is now set without asking for it.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.geometry import Size
from textual.widget import Widget


def keep_no_dead_widgets() -> bool:
    """Key ``StylesCache.get_inner_outer``'s cache on its colours, not on the cache
    object. True if it was applied; False where Textual no longer caches per object."""
    method = StylesCache.__dict__.get("get_inner_outer")
    wrapped = getattr(method, "__wrapped__", None)
    if not hasattr(method, "cache_info") or wrapped is None:
        return False  # a classmethod or staticmethod now, or no cache: fixed upstream

    @lru_cache(1024)
    def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
        result: tuple[Style, Style] = wrapped(StylesCache, base_background, background)
        return result

    StylesCache.get_inner_outer = staticmethod(inner_outer)  # type: ignore[assignment,method-assign]
    return True


def lay_out_once() -> bool:
    """Set a widget's ``virtual_size`` without a second layout pass where it cannot
    scroll. True if it was applied; False where Textual's method is not the one read."""
    original = Widget._size_updated
    expected = ("self", "size", "virtual_size", "container_size", "layout")
    if original.__code__.co_varnames[:5] != expected:
        return False

    def size_updated(
        self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        styles = self.styles
        if layout and styles.overflow_x == "hidden" and styles.overflow_y == "hidden":
            layout = False
        return original(self, size, virtual_size, container_size, layout)

    Widget._size_updated = size_updated  # type: ignore[method-assign]
    return True


APPLIED = keep_no_dead_widgets()
"""Whether the work-around is in place (a test checks that it is, with this Textual)."""
LAID_OUT_ONCE = lay_out_once()
"""Whether a widget that cannot scroll is laid out once per change (a test checks it)."""
