"""The footer names its keys, and a screen tells which bound keys a text box would take,
without reading Unicode's name database (0.7 MiB of memory at start-up): Limber answers
from a table (``ui/textual_fixes.py``). The table's answers are Textual's own, and no key
bound in Limber or in the Textual widgets it uses is missing from it."""

from __future__ import annotations

import importlib
import pkgutil
import string
import unicodedata

import textual.app
import textual.keys
import textual.screen
from textual.binding import Binding
from textual.dom import DOMNode

import limber.ui
from apptools import footer_when, make_app, wait_for_packs
from limber.ui import textual_fixes


def _classes(base: type) -> set[type]:
    found = set()
    for cls in base.__subclasses__():
        found |= {cls, *_classes(cls)}
    return found


def _bound_keys() -> set[str]:
    """Every key bound by a class in Limber's app or a Textual widget it imports."""
    for module in pkgutil.walk_packages(limber.ui.__path__, "limber.ui."):
        importlib.import_module(module.name)
    keys: set[str] = set()
    for cls in _classes(DOMNode) | {DOMNode}:
        for binding in cls.__dict__.get("BINDINGS", []):
            names = binding.key if isinstance(binding, Binding) else binding[0]
            keys.update(name.strip() for name in names.split(","))
    return keys


def test_the_table_answers_as_textual_does():
    assert textual_fixes.KEYS_FROM_TABLE  # when a Textual upgrade makes this fail, look again
    for key in [*textual_fixes.NAMED_KEYS, *string.ascii_letters, *string.digits]:
        assert textual.app.format_key(key) == textual.keys.format_key(key), key
        assert textual.screen.key_to_character(key) == textual.keys.key_to_character(key), key


def test_every_key_bound_without_a_modifier_is_in_the_table():
    keys = _bound_keys()
    assert {"slash", "escape", "question_mark", "down"} <= keys  # the walk found the app's
    missing = sorted(
        key
        for key in keys
        if "+" not in key and len(key) > 1 and key not in textual_fixes.NAMED_KEYS
    )
    assert not missing, (
        f"{missing} are bound but not in NAMED_KEYS (ui/textual_fixes.py): add each with "
        "textual.keys.format_key's and key_to_character's answers"
    )


async def test_the_main_screen_names_its_keys_without_the_unicode_name_database(
    limber_home, monkeypatch
):
    asked: list[str] = []

    class Names:
        def __getattr__(self, name: str) -> object:
            asked.append(name)
            return getattr(unicodedata, name)

    monkeypatch.setattr(textual.keys, "unicodedata", Names())
    textual.keys.format_key.cache_clear()  # other tests' answers are not this app's
    textual.keys.key_to_character.cache_clear()
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        footer = await footer_when(app, pilot, lambda row: "? Help" in row)
        assert "/ Filter" in footer and "? Help" in footer, footer
        await pilot.press("slash")  # the filter, a text box: which bound keys it takes
        footer = await footer_when(app, pilot, lambda row: "esc" in row)
        assert "esc" in footer, footer
    assert asked == []
