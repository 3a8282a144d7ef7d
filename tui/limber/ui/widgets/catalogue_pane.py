"""The catalogue pane: programmes, routines and stretches grouped by pack, filtered as
you type (programmes by words only: ``area:``, ``pos:``, ``tag:`` and ``max:`` are about
stretches and routines)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from limber.core.catalogue import Catalogue, parse_query
from limber.core.model import Routine, Stretch
from limber.core.plan import PlanSettings, practice_timing
from limber.core.programme_model import Programme
from limber.core.text import clean_line
from limber.core.wording import mmss
from limber.ui.messages import ItemChosen, ItemHighlighted
from limber.ui.widgets.hanging import Hanging

FILTER_HELP = "Filter: words, area:hips, pos:seated, tag:post-run, max:10"
MAX_ROWS = 60
FIRST_TAG = "post-run"
"""Routines with this tag lead their pack's list: the runner back from a run comes for
them (DESIGN, "Who uses it"), and the list highlights the first routine at start."""
"""Rows drawn at once: typing narrows a big catalogue faster than scrolling through it."""


class FilterInput(Input):
    """The filter box: an Input whose typing redraws only itself.

    Textual's Input sets its virtual size to the text's width on every key, and a
    widget's virtual size lays the whole screen out again when it changes: about half the
    cost of a keystroke at 10,000 stretches. The filter's own size is fixed by the
    stylesheet (one row, the pane's width), so a repaint of the box is all a key needs;
    scrolling within it reads the virtual size directly.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One row has nothing to scroll: up and down are not the box's (the footer then
        shows down as the pane's, to the results)."""
        if action in ("scroll_up", "scroll_down"):
            return False
        return super().check_action(action, parameters)

    def watch_value(self, value: str) -> None:
        """Filter while the key is handled: the echo and the new rows reach the terminal
        in one frame (through ``Input.Changed`` they would take two, the rows waiting for
        the next)."""
        pane = self.parent
        if isinstance(pane, CataloguePane):
            pane.refilter(value)


class CatalogueList(OptionList):
    """The catalogue's rows: an OptionList whose new rows redraw only itself.

    OptionList sets its virtual size to its number of lines whenever the options change,
    and a change of virtual size lays the whole screen out again: the slowest part of a
    keystroke that changes the rows shown. The list's own size is fixed by the
    stylesheet (``height: 1fr`` in its pane), so a repaint is all new rows need. A
    scrollbar that appears or goes still lays the screen out (``show_vertical_scrollbar``
    is a layout reactive, set from the virtual size by ``_scroll_update``), and an
    auto-sized list still asks for layout in ``add_options``.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)


class CataloguePane(Vertical):
    """Lists what the loaded packs offer; tells the screen what is highlighted or chosen."""

    BORDER_TITLE = "Catalogue"
    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", id="clear-filter"),
        Binding("down", "to_results", "To the results", id="to-results"),
    ]

    def __init__(
        self,
        catalogue: Catalogue,
        plan_settings: PlanSettings,
        *,
        stretches_only: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalogue = catalogue
        self.plan_settings = plan_settings
        self.stretches_only = stretches_only
        self._seconds: dict[str, float] = {}
        """A routine's time by id (a stretch may have the same id: its own table)."""
        self._stretch_seconds: dict[str, float] = {}
        self._practice_seconds: dict[tuple[object, ...], float] = {}
        """A stretch's practice time by :func:`practice_timing`: a few sums for 10,000."""
        self._rows: dict[tuple[str, str, str], Hanging] = {}
        """The rows of the list shown, by their text (:meth:`_row`)."""

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder=FILTER_HELP, id="filter")
        yield CatalogueList(id="items")

    def on_mount(self) -> None:
        self.refilter("")

    def seconds(self, item: Stretch | Routine) -> float:
        """How long an item takes. The packs' items come with their times, worked out
        in the loading thread (:meth:`set_seconds`): ``max:`` asks for every item at
        once, on a key. Any other (a routine just saved) is added up when first asked
        for (:mod:`limber.core.durations`: no plan built)."""
        if isinstance(item, Routine):
            found = self._seconds.get(item.id)
            if found is None:
                from limber.core.durations import routine_seconds  # not before the first frame

                found = routine_seconds(item, self.catalogue.stretches, self.plan_settings)
                self._seconds[item.id] = found
            return found
        found = self._stretch_seconds.get(item.id)
        if found is None:
            timing = practice_timing(item)
            found = self._practice_seconds.get(timing)
            if found is None:
                from limber.core.durations import stretch_seconds  # not before the first frame

                found = self._practice_seconds[timing] = stretch_seconds(item, self.plan_settings)
            self._stretch_seconds[item.id] = found
        return found

    def _within(self, found: list[Stretch | Routine], limit: float) -> list[Stretch | Routine]:
        """The items of ``found`` that take at most ``limit`` seconds: a look-up each
        (10,000 on the key that completes ``max:``), :meth:`seconds` for any not known."""
        routines, stretches = self._seconds, self._stretch_seconds
        kept = []
        for item in found:
            seconds = (routines if type(item) is Routine else stretches).get(item.id)
            if (self.seconds(item) if seconds is None else seconds) <= limit:
                kept.append(item)
        return kept

    def set_seconds(self, routines: dict[str, float], stretches: dict[str, float]) -> None:
        """The times of the loaded routines and stretches, by id
        (:func:`limber.core.durations.item_seconds`, at this pane's plan settings)."""
        self._seconds.update(routines)
        self._stretch_seconds.update(stretches)

    def forget(self, item_id: str) -> None:
        """Drop a cached duration, for a routine that was just edited."""
        self._seconds.pop(item_id, None)

    def refilter(self, text: str) -> None:
        query = parse_query(text)
        shown, self._rows = self._rows, {}
        found = self.catalogue.search(
            query.words, target=query.target, position=query.position, tag=query.tag
        )
        options: list[Option] = []
        groups: dict[tuple[str, str], list[Stretch | Routine | Programme]] = {}
        matched = 0
        terms = (query.target, query.position, query.tag, query.max_seconds)
        if not self.stretches_only and all(term is None for term in terms):
            for programme in self.catalogue.search_programmes(query.words):
                matched += 1
                groups.setdefault((programme.pack, "programmes"), []).append(programme)
        if query.max_seconds is not None:
            found = self._within(found, query.max_seconds)
        for item in found:
            if self.stretches_only and isinstance(item, Routine):
                continue
            matched += 1
            if matched <= MAX_ROWS:
                kind = "routines" if isinstance(item, Routine) else "stretches"
                groups.setdefault((item.pack, kind), []).append(item)
        for (pack, kind), items in sorted(groups.items(), key=lambda g: (g[0][0] != "core", g[0])):
            if kind == "routines":
                items.sort(key=lambda item: FIRST_TAG not in item.tags)  # type: ignore[union-attr]
            header = Content.assemble((f"{pack} · {kind}", "bold $text-accent"))
            options.append(Option(header, id=f"header:{pack}:{kind}", disabled=True))
            # A stretch and a routine may share an id: the option id says which it is.
            options += [Option(self._row(item, shown), id=f"{kind}:{item.id}") for item in items]
        if matched > MAX_ROWS:
            more = f"… and {matched - MAX_ROWS:,} more: type to narrow the list"
            options.append(Option(Content.styled(more, "italic $text-muted"), disabled=True))
        items_list = self.query_one("#items", OptionList)
        # More items than the list draws: it scrolls unfiltered, so its bar stays.
        long = len(self.catalogue.stretches) + len(self.catalogue.routines) > MAX_ROWS
        items_list.set_class(long, "-long")
        items_list.set_options(options)
        if not options:
            waiting = not self.catalogue.stretches and not self.catalogue.routines
            text = "Loading packs…" if waiting else "Nothing matches."
            items_list.add_option(Option(Content.styled(text, "italic"), disabled=True))
        else:
            items_list.highlighted = 1
        self.border_subtitle = f"{matched:,} found"

    def _row(
        self, item: Stretch | Routine | Programme, shown: dict[tuple[str, str, str], Hanging]
    ) -> Hanging:
        """One row, the whole name wrapping under itself (never cut short). A row of the
        list ``shown`` before is used again where its text is the same, wrapped as it
        was: a key that narrows the list keeps most of its rows, and wrapping each again
        was half of a key's time at 10,000 stretches."""
        if isinstance(item, Programme):
            key = ("weeks", f"{len(item.weeks)} wk".rjust(5) + "  ", clean_line(item.title))
        elif isinstance(item, Routine):
            key = ("time", f"{mmss(self.seconds(item)):>5}  ", clean_line(item.name))
        else:
            key = ("dose", item.dose.describe(note=False), clean_line(item.name))
        row = self._rows.get(key)
        if row is None:
            row = shown.get(key)
        if row is None:
            kind, muted, name = key
            if kind == "dose":
                body = Content.assemble(name, "  ", Content.styled(muted, "$text-muted"))
                row = Hanging(Content(""), body, indent=2)
            else:
                row = Hanging(Content.styled(muted, "$text-muted"), Content(name))
        self._rows[key] = row
        return row

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#items", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#items")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and not event.option.disabled:
            self.post_message(ItemHighlighted(*item_of(event.option.id)))

    @on(OptionList.OptionSelected, "#items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.disabled:
            self.post_message(ItemChosen(*item_of(event.option.id)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_filter = isinstance(self.screen.focused, Input)
        if action == "to_results":  # only from the filter: the list moves with down itself
            return in_filter
        if action == "clear_filter":  # from the filter, or from a list it narrows
            return in_filter or bool(self.query_one("#filter", Input).value)
        return True

    def action_to_results(self) -> None:
        """Down from the filter goes into the results, as Enter does."""
        self.query_one("#items", OptionList).focus()

    def focus_filter(self) -> None:
        """Focus the filter now, not on the next turn as ``focus()`` does: keys already
        read behind "/" are routed by the time that turn comes."""
        self.screen.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#items", OptionList).focus()
        self.refresh_bindings()  # nothing left to clear: the footer stops offering it


def kept_by_focus(screen: Screen[Any], action: str) -> bool:
    """Whether the keys of ``screen``'s priority ``action`` (its "/" that opens this
    pane's filter, the main screen's keys that open screens) are the focused widget's,
    as they would be without priority: typed in a text box such as the filter, or bound
    by the widget or a container around it (a key the runner remapped onto the session's
    "This hurts", or onto the builder's sides, stays theirs)."""
    if isinstance(screen.focused, Input):
        return True
    chain = screen._binding_chain  # the focused widget first, the runner's keymap applied
    own = next((keys for node, keys in chain if node is screen), None)
    if own is None:
        return False
    mine = {key for key, bound in own.key_to_bindings.items() if bound[0].action == action}
    for node, keys in chain:
        if node is screen:
            return False
        if not mine.isdisjoint(keys.key_to_bindings):
            return True
    return False


def item_of(option_id: str) -> tuple[str, str]:
    """An option's ``(item id, kind)``, from its ``kind:id`` option id."""
    kind, _, item_id = option_id.partition(":")
    return item_id, kind
