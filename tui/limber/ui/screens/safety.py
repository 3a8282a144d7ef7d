"""The safety notice: shown at first run until read to the end, and always reachable
with ``s``. It fits one screen at 80×24 and says whose rule each line is; ``g`` opens the
full wording with every source on the guidance page. The same dialog shows when-to-stop
(and self-care) after "this hurts", and Limber's own pointer to them after a pain rating
of 7–10 or a rise of 2 or more."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

from limber.core.catalogue import Catalogue
from limber.core.packs.coreguidance import core_guidance
from limber.core.painrule import WHEN_TO_STOP
from limber.core.settings import load_state, save_state
from limber.ui.render import guidance_page

if TYPE_CHECKING:
    from pathlib import Path

    from limber.ui.context import ScreenState

SAFETY_PAGES = ("core/before-you-start",)
"""The notice: what Limber is, when to stop, the warning signs, each with its owner."""
FULL_WORDING = ("core/safety-notice", WHEN_TO_STOP)
"""The same rules in full, every attribution spelt out: ``g`` from the notice."""

FALLBACK = Content(
    "Limber guides stretches described in published articles. It is not medical advice "
    "and cannot diagnose anything. Limber's own advice: stop if a stretch hurts, and see a "
    "professional."
)
SHORT = 25
"""Below this many rows (80×24 included) the dialog gives up its margins, so the notice
fits one screen and longer pages show more."""
DONE_HINT = "Press Enter to continue, or g for the full wording. Reopen this with s."
MORE_HINT = "Read to the end: Enter or space scrolls down (it continues once you are there)."


class SafetyScreen(ModalScreen[bool]):
    """Dismissed with True once the runner has read it, False if closed with Escape.

    With ``must_read`` (the first-run notice), Enter, space and Escape scroll down until
    the end of the text has been on screen, and only then close it: the stop rule and
    the warning signs cannot be skipped unseen, at any terminal size.
    """

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("enter,space", "read", "I have read this", id="safety-read"),
        Binding("escape", "close", "Close", id="safety-close"),
        Binding("g", "full_wording", "The full wording and sources", id="safety-full"),
    ]

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        stopped: bool = False,
        pages: tuple[str, ...] = SAFETY_PAGES,
        title: str = "",
        intro: str = "",
        hint: str = DONE_HINT,
        must_read: bool = False,
    ) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.stopped = stopped
        self.pages = [catalogue.guidance[p] for p in pages if p in catalogue.guidance]
        self.title_text = title or (
            "You stopped because it hurts" if stopped else "Before you start"
        )
        self.intro = intro
        self.hint = hint
        self.must_read = must_read

    def compose(self) -> ComposeResult:
        # One page under the dialog's own title, such as the notice, needs no title of its own.
        alone = len(self.pages) == 1 and self.pages[0].title == self.title_text
        body = (
            Content("\n\n").join(guidance_page(p, titled=not alone) for p in self.pages)
            if self.pages
            else FALLBACK
        )
        if self.intro:
            intro = Content.styled(self.intro, "bold")
            body = Content.assemble(intro, "\n\n", body) if self.pages else intro
        with Vertical(id="safety-dialog", classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold $warning"))
            with VerticalScroll(id="safety-body"):
                yield Static(body)
            # Its text from the start (not only once laid out), so the first layout
            # makes room for all of it.
            yield Static(self._hint(done=not self.must_read), id="safety-hint")

    def on_mount(self) -> None:
        body = self.query_one("#safety-body", VerticalScroll)
        self.watch(body, "scroll_y", lambda _: self._show_hint(), init=False)
        self.call_after_refresh(self._show_hint)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    @property
    def at_end(self) -> bool:
        """The end of the text is on screen (or all of it fits)."""
        body = self.query_one("#safety-body", VerticalScroll)
        return body.scroll_y >= body.max_scroll_y

    def _hint(self, *, done: bool) -> Content:
        if done:
            return Content.styled(self.hint, "bold $success")
        return Content.styled(MORE_HINT, "bold $warning")

    def _show_hint(self) -> None:
        done = not self.must_read or self.at_end
        self.query_one("#safety-hint", Static).update(self._hint(done=done))

    def action_read(self) -> None:
        if self.must_read and not self.at_end:
            body = self.query_one("#safety-body", VerticalScroll)
            body.scroll_page_down(animate=False)
            self.call_after_refresh(self._show_hint)
            return
        self.dismiss(True)

    def action_full_wording(self) -> None:
        """The guidance page with every rule and its source in full; Escape comes back."""
        from limber.ui.screens.guidance import GuidanceScreen  # off the first-run path

        self.app.push_screen(GuidanceScreen(self.catalogue, start=FULL_WORDING[0]))

    def action_close(self) -> None:
        if self.must_read:
            self.action_read()
        else:
            self.dismiss(False)


def first_run_notice(state: ScreenState) -> SafetyScreen:
    """The notice a first run opens with, before the main screen: the core's own pages
    (the notice and its full wording, three small files), unless the packs were handed
    in already loaded."""
    if state.loaded:
        return SafetyScreen(state.catalogue, must_read=True)
    return SafetyScreen(core_guidance((*SAFETY_PAGES, *FULL_WORDING)), must_read=True)


def remember_notice_read(state_file: Path) -> str | None:
    """Note in state.toml that the notice was read; one sentence if that failed."""
    state = load_state(state_file)
    state.safety_notice_read = True
    try:
        save_state(state_file, state)
    except OSError as error:
        return f"Could not remember that you read the notice: {error.strerror}."
    return None
