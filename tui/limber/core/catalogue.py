"""All loaded packs merged into one catalogue, with lookup and search.

Ids are namespaced ``pack/id``. Lookups also accept a bare id when only one pack has
it, and a name, case-insensitively, so ``limber run post-run`` and
``limber run "Post-run lower-back relief"`` both work.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import msgspec

from limber.core.errors import LimberError
from limber.core.model import Guidance, Routine, Stretch
from limber.core.programme_model import Programme
from limber.core.text import untrusted_line

Item = Stretch | Routine | Guidance


def _haystack(item: Stretch | Routine) -> str:
    if isinstance(item, Stretch):
        words = [item.id, item.name, *item.aliases, item.summary, *item.targets, *item.tags]
        words += [item.position, item.kind]
    else:
        words = [item.id, item.name, item.description, *item.tags]
    return " ".join(words).casefold()


class Catalogue(msgspec.Struct):
    """Everything the loaded packs provide, keyed by namespaced id."""

    stretches: dict[str, Stretch] = {}
    routines: dict[str, Routine] = {}
    guidance: dict[str, Guidance] = {}
    programmes: dict[str, Programme] = {}
    files: dict[str, str] = {}
    """Namespaced id → the file (or code label) it was defined in."""
    _hay: dict[str, str] = {}
    _search_list: list[tuple[str, Stretch | Routine]] | None = None
    _bodies: dict[str, tuple[str, str]] | None = None

    def _entries(self) -> list[tuple[str, Stretch | Routine]]:
        """(lower-case words, item) for routines then stretches, built once per change
        (with each item's :meth:`_body`, so no keystroke waits for them). The words are
        worked out here, not as items are added: a command that never searches (``list``,
        ``packs``) never pays for them."""
        if self._search_list is None:
            hay = self._hay
            for table in (self.routines, self.stretches):
                for key, item in table.items():
                    if key not in hay:
                        hay[key] = _haystack(item)
            self._search_list = [
                (hay[key], item)
                for table in (self.routines, self.stretches)
                for key, item in table.items()
            ]
            for _, item in self._search_list:
                self._body(item)
        return self._search_list

    def _body(self, item: Stretch | Routine) -> tuple[str, str]:
        """(targets, positions) of an item's stretches, one a line, built once per change:
        ``area:`` and ``pos:`` test one string per item on every keystroke."""
        if self._bodies is None:
            self._bodies = {}
        body = self._bodies.get(item.id)
        if body is None:
            stretches = (
                [item]
                if isinstance(item, Stretch)
                else [self.stretches[s.stretch] for s in item.steps if s.stretch in self.stretches]
            )
            body = (
                "\n".join(t for s in stretches for t in s.targets),
                "\n".join(s.position for s in stretches),
            )
            self._bodies[item.id] = body
        return body

    def add(self, items: Iterable[Item | Programme], files: dict[str, str] | None = None) -> None:
        self._search_list = None
        self._bodies = None
        for item in items:
            if isinstance(item, Stretch):
                self.stretches[item.id] = item
                self._hay.pop(item.id, None)
            elif isinstance(item, Routine):
                self.routines[item.id] = item
                self._hay.pop(item.id, None)
            elif isinstance(item, Programme):
                self.programmes[item.id] = item
            else:
                self.guidance[item.id] = item
        if files:
            self.files.update(files)

    def _pick(self, ref: str, table: dict[str, Item]) -> Item | None:
        if ref in table:
            return table[ref]
        folded = ref.casefold()
        matches = [
            item
            for key, item in table.items()
            if key.rpartition("/")[2] == ref
            or getattr(item, "name", "").casefold() == folded
            or getattr(item, "title", "").casefold() == folded
        ]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(sorted(m.id for m in matches))
            raise LimberError(f"'{ref}' is ambiguous: it could be {names}; use the full id.")
        return None

    def _missing(self, ref: str, what: str, tables: Iterable[dict[str, Item]]) -> LimberError:
        choices: list[str] = []
        for table in tables:
            choices += list(table)
            choices += [k.rpartition("/")[2] for k in table]
        # No id is longer than 64 + a pack name: a longer ref is echoed cut short and
        # not compared (difflib on a huge string would take minutes).
        close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.6) if len(ref) < 200 else []
        hint = f" Did you mean '{close[0]}'?" if close else " `limber list` shows them all."
        return LimberError(f"There is no {what} called '{untrusted_line(ref, 80)}'.{hint}")

    def routine(self, ref: str) -> Routine:
        """The routine ``ref`` names (id, bare id or name), or a LimberError saying so."""
        found = self._pick(ref, self.routines)  # type: ignore[arg-type]
        if found is None:
            raise self._missing(ref, "routine", [self.routines])  # type: ignore[list-item]
        assert isinstance(found, Routine)
        return found

    def item(self, ref: str) -> Item:
        """A routine, stretch or guidance page by id or name."""
        for table in (self.routines, self.stretches, self.guidance):
            found = self._pick(ref, table)  # type: ignore[arg-type]
            if found is not None:
                return found
        tables = [self.routines, self.stretches, self.guidance]
        raise self._missing(ref, "routine, stretch or guidance page", tables)  # type: ignore[arg-type]

    def search(
        self,
        text: str = "",
        *,
        target: str | None = None,
        position: str | None = None,
        tag: str | None = None,
    ) -> list[Stretch | Routine]:
        """Routines then stretches whose words contain every word of ``text``.

        ``target`` and ``position`` match part of a name (``back`` finds ``lower-back``)
        and apply to stretches, and to routines through the stretches they use; ``tag``
        must match exactly and applies to both. Runs on every keystroke in the filter,
        so the common case (words only) is one pass over precomputed lower-case text.
        """
        # Longest word first: it rules out the most, so later words check fewer items.
        words = sorted(set(text.casefold().split()), key=len, reverse=True)
        entries = self._entries()
        found: list[Stretch | Routine]
        if not words:
            found = [item for _, item in entries]
        else:
            first, rest = words[0], words[1:]
            found = [item for hay, item in entries if first in hay]
            hay_of = self._hay
            for word in rest:  # a pass per word: no generator made for each item
                found = [item for item in found if word in hay_of[item.id]]
        if tag:
            found = [item for item in found if tag in item.tags]
        if target or position:
            bodies = self._bodies or {}  # built with the entries, above
            if target:  # one string per item: a list comprehension, no call for each
                found = [item for item in found if target in bodies[item.id][0]]
            if position:
                found = [item for item in found if position in bodies[item.id][1]]
        return found

    def search_programmes(self, text: str = "") -> list[Programme]:
        """Programmes whose id, title, summary or author contain every word of ``text``
        (a handful per pack: no precomputed index needed)."""
        words = text.casefold().split()
        found = []
        for programme in self.programmes.values():
            hay = " ".join((programme.id, programme.title, programme.summary))
            hay = f"{hay} {programme.author.name}".casefold()
            if all(word in hay for word in words):
                found.append(programme)
        return found


class Query(msgspec.Struct, frozen=True):
    """A filter as typed: free words plus ``area:``, ``pos:``, ``tag:`` and ``max:`` terms.

    ``max:10`` is ten minutes; ``max:90s`` ninety seconds. Unknown ``key:`` terms are
    treated as words, so a typo narrows the list rather than being silently ignored.
    """

    words: str = ""
    target: str | None = None
    position: str | None = None
    tag: str | None = None
    max_seconds: float | None = None


_QUERY_KEYS = {
    "area": "target",
    "target": "target",
    "pos": "position",
    "position": "position",
    "tag": "tag",
}


def parse_query(text: str) -> Query:
    words: list[str] = []
    fields: dict[str, str | float] = {}
    for token in text.split():
        key, sep, value = token.partition(":")
        key = key.casefold()
        if sep and value and key in _QUERY_KEYS:
            fields[_QUERY_KEYS[key]] = value.casefold()
        elif sep and value and key == "max":
            seconds = _duration(value)
            if seconds is None:
                words.append(token)
            else:
                fields["max_seconds"] = seconds
        else:
            words.append(token)
    return Query(words=" ".join(words), **fields)  # type: ignore[arg-type]


def _duration(value: str) -> float | None:
    unit = 60.0
    if value[-1:] in ("s", "m"):
        unit = 1.0 if value[-1] == "s" else 60.0
        value = value[:-1]
    try:
        number = float(value)
    except ValueError:
        return None
    return number * unit if number > 0 else None
