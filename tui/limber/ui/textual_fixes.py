"""Work-arounds for bugs in the pinned Textual that Limber meets, each named by its
Textual issue and each applied only while the bug is there (a Textual that fixed it is
left as it is).

Textual issue 6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a method, so
its 1,024 entries hold the ``StylesCache`` objects themselves, and with them each
widget's rendered lines, long after the widget is gone: each session's footer keys, each
screen closed, kept theirs until 1,024 newer entries pushed them out, and the tests'
processes carried thousands of dead widgets' lines through every garbage collection.
The colours are all the method uses, so the cache is keyed on them alone.

Not a bug but a cost, with no Textual issue yet: each ``Strip`` (a line, or a piece of
one) makes its six result caches when it is made, though most strips never use one.
About 1,100 strips are alive at a returning runner's first paint, so these caches were
about 1 MiB of it, and making them about 7 % of a running session's CPU. Each cache is
made the first time it is asked for, as Textual's own ``Content`` already does with its
divide cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.cache import FIFOCache
from textual.color import Color
from textual.strip import Strip


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


STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""The caches ``Strip.__init__`` makes in Textual 8.2.8, and their sizes."""
_STRIP_INIT_NAMES = frozenset(
    {"list", "FIFOCache", "_segments", "_cell_length", "_render_cache", "_link_ids"}
    | {"_cell_count", *STRIP_CACHES}
)
"""The names that ``__init__`` uses: one that uses others is another Textual's, left as
it is (the replacement below sets the same attributes, the caches apart)."""


def make_strip_caches_on_use() -> bool:
    """Give ``Strip`` an ``__init__`` that makes no caches, and make each cache on first
    use. True if applied; False where ``Strip.__init__`` is not the one this replaces."""
    if frozenset(Strip.__init__.__code__.co_names) != _STRIP_INIT_NAMES:
        return False

    def __init__(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
        self._segments = list(segments)
        self._cell_length = cell_length
        self._render_cache = None
        self._link_ids = None
        self._cell_count = None

    for name, size in STRIP_CACHES.items():
        slot = Strip.__dict__[name]  # the slot's own descriptor: where the cache is kept

        def cache(strip: Strip, slot: Any = slot, size: int = size) -> FIFOCache[Any, Any]:
            try:
                return slot.__get__(strip, Strip)  # type: ignore[no-any-return]
            except AttributeError:
                made = FIFOCache[Any, Any](size)
                slot.__set__(strip, made)
                return made

        setattr(Strip, name, property(cache))
    Strip.__init__ = __init__  # type: ignore[method-assign]
    return True


APPLIED = keep_no_dead_widgets()
"""Whether the work-around is in place (a test checks that it is, with this Textual)."""
STRIP_CACHES_ON_USE = make_strip_caches_on_use()
"""Whether strips make their caches on first use (a test checks it, with this Textual)."""
