"""The cyclic garbage collector around the app's start-up, in one place: paused while
the app starts, frozen and turned back on once the first screen is up, and what loads
later (the catalogue) frozen too.

Start-up makes tens of thousands of long-lived objects (modules, classes, CSS rules,
widgets) and next to no garbage, yet the collector would walk them over and over: about
a tenth of the time to the first frame. Textual pauses it while scrolling for the same
reason. What start-up made lives as long as the app, so it is frozen: later collections
skip it. (``launch.open_app`` pauses; ``ui/startup.py`` and the main screen resume and
freeze, once the first frame is on the terminal and once the packs are in; a command
loading the packs pauses and freezes around the load.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_for_start_up() -> Iterator[None]:
    """The collector off while the app starts (it is turned back on by
    :func:`resume_after_start_up`, or, whatever happens, when the app has closed)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def resume_after_start_up() -> None:
    """Once the first screen is up: freeze what start-up made, then collect again."""
    gc.freeze()
    gc.enable()


def freeze_long_lived() -> None:
    """What has been made so far lives as long as the app (the catalogue, once loaded):
    later collections skip it (a full one walking 10,000 stretches held a filter key up
    for 50 ms)."""
    gc.freeze()


@contextmanager
def paused_while_loading() -> Iterator[None]:
    """The collector off while a command loads the packs: loading makes an object or more
    per stretch and no cycle worth collecting (at 10,000 stretches, collections passing
    over them would be a tenth of the load). What it made lives as long as the command,
    so it is then frozen: later collections, and the one Python makes at exit, skip it.
    If the collector was already off (the app's start-up), it is left as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
