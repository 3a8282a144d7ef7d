"""The safety notice: shown at first run until read, and always reachable with ``s``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from limber.core.catalogue import Catalogue
from limber.core.model import Guidance
from limber.ui.render import guidance_page

SAFETY_PAGES = ("core/safety-notice", "core/when-to-stop")

FALLBACK = Content(
    "Limber guides stretches described in published articles. It is not medical advice "
    "and cannot diagnose anything. Limber's own advice: stop if a stretch hurts, and see a "
    "professional."
)


class SafetyScreen(ModalScreen[bool]):
    """Dismissed with True once the runner has read it."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [Binding("enter,escape,space", "read", "I have read this", id="safety-read")]

    def __init__(self, catalogue: Catalogue, *, stopped: bool = False) -> None:
        super().__init__()
        self.stopped = stopped
        self.pages = safety_pages(catalogue)
        if stopped:
            self.pages.reverse()  # when to stop first

    def compose(self) -> ComposeResult:
        body = (
            Content("\n\n").join(guidance_page(p) for p in self.pages) if self.pages else FALLBACK
        )
        with Vertical(id="safety-dialog", classes="dialog"):
            title = "You stopped because it hurts" if self.stopped else "Before you start"
            yield Static(Content.styled(title, "bold $warning"))
            with VerticalScroll(id="safety-body"):
                yield Static(body)
            yield Static(
                Content.styled(
                    "Press Enter to continue. Reopen this any time with s.", "bold $success"
                ),
                id="safety-hint",
            )

    def action_read(self) -> None:
        self.dismiss(True)


def safety_pages(catalogue: Catalogue) -> list[Guidance]:
    return [catalogue.guidance[p] for p in SAFETY_PAGES if p in catalogue.guidance]
