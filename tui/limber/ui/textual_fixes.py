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

Also a cost: to show a key in the footer, and to tell which bound keys a text box would
take, Textual asks the standard library's Unicode name database what character a key's
name stands for ("slash", "escape", "down"). Each look-up reads pages of that database
into memory, 0.7 MiB for the main screen's eleven (measured with
``/proc/PID/smaps``), for answers that never change. The keys Limber's screens and
Textual's widgets bind are answered from a table here; any other key (one a runner
remaps to) is still Textual's to answer.
"""

from __future__ import annotations

from functools import lru_cache

import textual.app
import textual.screen
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


NAMED_KEYS: dict[str, tuple[str, str | None]] = {
    # key name: (as the footer shows it, the character it types: None for none)
    "backspace": ("⌫", "\b"),
    "delete": ("del", "\x7f"),
    "down": ("↓", None),
    "end": ("end", None),
    "enter": ("⏎", None),
    "equals_sign": ("=", "="),
    "escape": ("esc", "\x1b"),
    "home": ("home", None),
    "left": ("←", None),
    "minus": ("-", None),
    "pagedown": ("pgdn", None),
    "pageup": ("pgup", None),
    "plus": ("+", None),
    "question_mark": ("?", "?"),
    "right": ("→", None),
    "slash": ("/", None),
    "space": ("space", " "),
    "tab": ("tab", "\t"),
    "up": ("↑", None),
}
"""Textual's own answers (``textual.keys.format_key`` and ``key_to_character``) for every
key bound without a modifier in Limber and the Textual widgets it uses; a test checks
both, and that no bound key is missing."""


def name_keys_from_a_table() -> bool:
    """Answer the footer's and the key filter's questions about :data:`NAMED_KEYS` (and
    single letters and digits) without Unicode's name database. True if applied."""
    # Read and replaced where Textual's app and screen look them up (their own imports).
    try:
        original_shown = getattr(textual.app, "format_key")  # noqa: B009
        original_character = getattr(textual.screen, "key_to_character")  # noqa: B009
    except AttributeError:
        return False  # no longer where this table's answers are asked for
    if not hasattr(original_shown, "cache_info") or not hasattr(original_character, "cache_info"):
        return False  # no longer the functions this table was taken from

    def format_key(key: str) -> str:
        if len(key) == 1 and key.isascii() and key.isalnum():
            return key  # no character is named by one letter or digit: shown as it is
        known = NAMED_KEYS.get(key)
        return original_shown(key) if known is None else known[0]

    def key_to_character(key: str) -> str | None:
        known = NAMED_KEYS.get(key)
        return original_character(key) if known is None else known[1]

    setattr(textual.app, "format_key", format_key)  # noqa: B010
    setattr(textual.screen, "key_to_character", key_to_character)  # noqa: B010
    return True


APPLIED = keep_no_dead_widgets()
"""Whether the work-around is in place (a test checks that it is, with this Textual)."""
LAID_OUT_ONCE = lay_out_once()
"""Whether a widget that cannot scroll is laid out once per change (a test checks it)."""
KEYS_FROM_TABLE = name_keys_from_a_table()
"""Whether bound keys are named from :data:`NAMED_KEYS` (a test checks it)."""
