"""Work-arounds for bugs in the pinned Textual that Limber meets, each named by its
Textual issue and each applied only while the bug is there (a Textual that fixed it is
left as it is).

Textual issue 6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method, so
its 1,024 entries hold the ``StylesCache`` objects themselves, and with them each
widget's rendered lines, long after the widget is gone: each session's footer keys, each
screen closed, kept theirs until 1,024 newer entries pushed them out, and the tests'
processes carried thousands of dead widgets' lines through every garbage collection.
The colours are all the method uses, so the cache is keyed on them alone.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from textual._styles_cache import StylesCache
from textual.color import Color


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


APPLIED = keep_no_dead_widgets()
"""Whether the work-around is in place (a test checks that it is, with this Textual)."""
