"""Textual's stylesheet parsed once, not at every start: the parsed rules kept between runs.

At every start Textual parses each widget's ``DEFAULT_CSS`` and Limber's TCSS from text:
about a twentieth of the CPU time to the first frame, for rules that are the same each
time. The app (``create_app(keep_css=True)``, as ``launch.run_app`` opens it) hands the
rules parsed last time to its stylesheet as it is made (:func:`load`), and keeps what it
has parsed once a frame is on the terminal and when it ends (:func:`save`), in the cache
folder.

Nothing shown can differ: Textual looks rules up by the CSS text itself and where it was
read from, so an edited TCSS or a widget's changed ``DEFAULT_CSS`` misses and is parsed as
before; and the whole file is used only under the Python, the Textual and the CSS
variables (the theme's colours) it was written with. A theme other than the default, set
in config.toml, clears Textual's parse cache when the app applies it, and is parsed as
before. The file is pickled Textual objects, written by this user's Limber in this user's
cache folder and read only from there (as Python's own ``__pycache__`` is); any file that
does not read back is ignored and replaced.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import TYPE_CHECKING

import textual
import textual.css.model
import textual.css.parse
import textual.css.styles

from limber.core.files import atomic_write_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from textual.css.stylesheet import Stylesheet

FILE_NAME = "textual-css.pickle"
"""In ``Paths.cache_dir``, beside the parsed packs."""
MAX_BYTES = 2 * 1024 * 1024
"""A larger file is not read: Limber's own is about 70 KB."""

PROTOCOL = pickle.HIGHEST_PROTOCOL
Keys = frozenset[object]


PARSER = (textual, textual.css.model, textual.css.parse, textual.css.styles)
"""Textual's modules that parse CSS and define what it is parsed into."""


def _stamp(stylesheet: Stylesheet) -> tuple[object, ...]:
    """What the parsed rules depend on besides their own text and where it was read:
    the Python, Textual's parser (its files as installed: ``textual.__version__`` would
    load importlib.metadata, 2 MiB), and the CSS variables."""
    files = []
    for module in PARSER:
        found = os.stat(module.__file__ or "")
        files.append((module.__file__, found.st_mtime_ns, found.st_size))
    return (sys.version, files, sorted(stylesheet._variables.items()))


def load(stylesheet: Stylesheet, path: Path) -> Keys:
    """Put the rules kept in ``path`` into the stylesheet's parse cache, if they were
    parsed under the same stamp. Returns the keys put in (none if the file is missing,
    damaged or stale)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return frozenset()
        stamp, entries = pickle.loads(data)  # Limber's own file (module doc)
        if stamp != _stamp(stylesheet):
            return frozenset()
        cache = stylesheet._parse_cache
        for key, rules in entries:
            cache.set(key, pickle.loads(rules))  # one at a time: less memory at its peak
        return frozenset(key for key, _ in entries)
    except Exception:  # missing, unreadable or from elsewhere: parse as before
        return frozenset()


def save(stylesheet: Stylesheet, path: Path, kept: Keys) -> Keys:
    """Keep the stylesheet's parsed rules in ``path`` if it has parsed any not ``kept``
    (those loaded or saved before). Returns the keys now in the file. A cache: a file
    that cannot be written is left as it is."""
    cache = stylesheet._parse_cache
    keys = frozenset(cache.keys())
    if keys <= kept:
        return kept
    try:
        entries = [(key, pickle.dumps(cache[key], protocol=PROTOCOL)) for key in keys]
        data = pickle.dumps((_stamp(stylesheet), entries), protocol=PROTOCOL)
        atomic_write_bytes(path, data, durable=False)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return kept
    return keys
