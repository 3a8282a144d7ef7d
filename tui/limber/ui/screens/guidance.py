"""Guidance from the articles, one page at a time: holds, breathing, how often, self-care."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from limber.core.catalogue import Catalogue
from limber.core.text import clean_line
from limber.ui.compositor import FrontCompositor
from limber.ui.render import guidance_page

ORDER = {"safety": 0, "how-to": 1, "running": 2, "self-care": 3}


class GuidanceScreen(Screen[None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("escape,g,q", "app.pop_screen", "Back", id="close-guidance")]

    def __init__(self, catalogue: Catalogue, *, start: str = "") -> None:
        super().__init__()
        self._compositor = FrontCompositor()  # renders only what it sends, keeps no pieces
        self.pages = sorted(catalogue.guidance.values(), key=lambda g: (ORDER[g.category], g.id))
        self.start = start
        """The page to open on (an id such as ``core/safety-notice``); the first if empty."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(
                *[Option(Content(clean_line(p.title)), id=p.id) for p in self.pages],
                id="guidance-list",
            )
            with VerticalScroll(id="guidance-page"):
                yield Static(id="guidance-body")
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one("#guidance-list", OptionList)
        listing.border_title = "Guidance"
        ids = [p.id for p in self.pages]
        if self.start in ids:
            listing.highlighted = ids.index(self.start)
        if not self.pages:
            self.query_one("#guidance-body", Static).update("No guidance pages are loaded.")

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        page = next(p for p in self.pages if p.id == event.option.id)
        self.query_one("#guidance-body", Static).update(guidance_page(page))
