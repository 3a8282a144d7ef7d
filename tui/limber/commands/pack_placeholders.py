"""What ``limber pack new`` left for the author to replace, found by ``limber pack check``.

A pack that still says ``EDIT:`` (in ``pack.toml``, a source, ``pyproject.toml``) or
still uses the example's ids loads, but it is not the author's pack yet: the check makes
each an error, at the file, line and key to edit.
"""

from __future__ import annotations

import re
from pathlib import Path

from limber.commands.pack_template import EXAMPLE_ROUTINE, EXAMPLE_STRETCH, PLACEHOLDER
from limber.core.errors import ContentError
from limber.core.files import read_small_text
from limber.core.packs.content import ITEM_TYPES

EXAMPLE_IDS = {"stretches": EXAMPLE_STRETCH, "routines": EXAMPLE_ROUTINE}
"""Content folder → the id the scaffold's example file there uses."""

_HEADER = re.compile(r"^\s*(\[\[?)\s*([\w.-]+)\s*\]\]?")
_ASSIGN = re.compile(r"^\s*([\w-]+)\s*=\s*(.*)$")


def placeholders(project: Path, content_dir: Path) -> list[ContentError]:
    """An error for each placeholder left in the project's files, in file order."""
    files = [project / "pyproject.toml", content_dir / "pack.toml"]
    for folder in ITEM_TYPES:
        files += sorted((content_dir / folder).glob("*.toml"))
    found: list[ContentError] = []
    for path in files:
        try:
            text = read_small_text(path)
        except ContentError:
            continue  # the loader reports a file it cannot read
        folder = path.parent.name if path.parent.parent == content_dir else ""
        found += _in_file(text, str(path), EXAMPLE_IDS.get(folder))
    return found


def _in_file(text: str, file: str, example_id: str | None) -> list[ContentError]:
    found = []
    table = ""
    counts: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                table = f"{name}[{counts[name]}]"
            else:
                table = name
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        key = f"{table}.{assign.group(1)}" if table else assign.group(1)
        value = assign.group(2)
        if PLACEHOLDER in value.partition(" #")[0]:
            message = (
                f'still the placeholder from `limber pack new`: replace the "{PLACEHOLDER}" text'
            )
            found.append(ContentError(message, file=file, key=key, line=number))
        elif key == "id" and example_id and value.startswith(f'"{example_id}"'):
            message = (
                f"`{example_id}` is the example's id from `limber pack new`; "
                "give it an id of your own (and change the steps that name it)"
            )
            found.append(ContentError(message, file=file, key=key, line=number))
    return found
