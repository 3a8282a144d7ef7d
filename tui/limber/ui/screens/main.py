"""The main screen: catalogue, session and history side by side. It owns start-up.

Start-up, in this order (CONTRIBUTING, "Keeping start-up fast"): the first frame, on
the terminal (ui/startup.py); then (:mod:`limber.ui.flows.loading`) the history opens in
a thread (if there is one), the packs load (if not handed in) and the garbage collector
paused for start-up runs again; then the pack notices, and ``limber run ROUTINE``'s
session. On a first run this screen opens only once the safety notice, the first screen
on its own, has been read.

What spans several screens is in its flows (:mod:`limber.ui.flows`): loading after the
first frame, opening the other screens, the pain ratings around a session, and the
programme followed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize, ScreenResume, ScreenSuspend
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input

from limber.core.catalogue import Catalogue
from limber.core.model import Guidance, Routine, Stretch
from limber.core.plan import single_stretch_routine
from limber.ui.compositor import FrontCompositor
from limber.ui.context import ScreenState, Services
from limber.ui.flows.loading import LoadingFlow
from limber.ui.flows.opening import OpeningFlow
from limber.ui.flows.pain import PainFlow
from limber.ui.flows.programme import ProgrammeFlow
from limber.ui.messages import (
    FollowProgramme,
    ItemChosen,
    ItemHighlighted,
    ItHurts,
    PackNoticed,
    SessionClosed,
    SessionFinished,
    SessionRequested,
    ShowItem,
    ShowSteps,
    StartRoutine,
)
from limber.ui.startup import after_next_write
from limber.ui.widgets.catalogue_pane import CataloguePane, kept_by_focus
from limber.ui.widgets.footer import CalmFooter
from limber.ui.widgets.history_pane import HistoryPane
from limber.ui.widgets.pack_notice import PackNoticeLine
from limber.ui.widgets.programme_bar import ProgrammeBar
from limber.ui.widgets.session_pane import SessionPane

if TYPE_CHECKING:
    from limber.core.programme_model import Programme

WIDE = 140
"""From this many columns the history pane gets its own column."""
PREVIEW_DELAY = 0.12
"""While the filter is being typed in, the preview waits this long for typing to pause."""
WIDER = 180
"""From this many columns the catalogue and history grow with the screen."""
NARROW = 72
"""Below this many columns one pane at a time: the catalogue, or the running session."""
UPRIGHT = 30
"""A narrow screen with at least this many rows (a phone held upright) has room for the
footer's keys on rows of their own, so every key stays on screen to tap."""


class Panes(Container):
    """The panes' grid: no border, no content, a background the panes cover. ``BLANK``
    (Textual's) draws it as one shared blank line; else the compositor cuts each of its
    rows at every widget edge and keeps the pieces with the row: with the same on
    :class:`MainScreen`, about 1.5 MiB of a returning runner's peak memory."""

    BLANK = True


class MainScreen(Screen[None]):
    BLANK = True
    """Blank as :class:`Panes` is: the header, panes and footer cover it."""

    # The keys that open something are priority bindings, acted on as they arrive: the
    # keys read with them (fast typing, a slow link, a phone) then reach what they
    # opened, not what was there ("/quick" quit the app; "B" then Esc left the builder
    # open). In a text box they are typed instead (``check_action``). The others stay
    # behind the focused widget's: the session's "f" is the one its footer shows.
    BINDINGS = [
        Binding("t", "today", "Today's session", id="today"),
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("f", "zoom", "Full screen", id="zoom", show=False),
        Binding("g", "guidance", "Guidance", id="guidance", show=False, priority=True),
        Binding("H", "history", "History", id="history", priority=True),
        Binding("P", "packs", "Packs", id="packs", show=False, priority=True),
        Binding("B", "build", "Build", id="build", priority=True),
        Binding("question_mark", "help", "Help", id="help", priority=True),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    FIRST_TO_ACT = frozenset(
        binding.action for binding in BINDINGS if isinstance(binding, Binding) and binding.priority
    )
    """The actions of the priority bindings above."""

    def __init__(self, services: Services, state: ScreenState) -> None:
        super().__init__()
        self._compositor = FrontCompositor()  # a session's second renders only what it sends
        self.services = services
        self.state = state
        self._preview_timer: Timer | None = None
        self._session_pane: SessionPane | None = None
        self.programme = ProgrammeFlow(self)
        self.pain = PainFlow(self)
        self.opening = OpeningFlow(self)
        self.loader = LoadingFlow(self, self.programme, self.opening)

    @property
    def catalogue(self) -> Catalogue:
        """What the command palette offers while this screen is up."""
        return self.state.catalogue

    def compose(self) -> ComposeResult:
        yield Header(icon="≈")
        yield ProgrammeBar(id="programme")
        with Panes(id="panes"):
            yield CataloguePane(self.catalogue, self.services.plan_settings, id="catalogue")
            yield SessionPane(self.services, self.state, id="session")
            yield HistoryPane(has_history=self.state.has_history, id="history")
        yield PackNoticeLine(id="pack-notice")
        yield CalmFooter()

    AUTO_FOCUS = "#items"
    """Focus lands on the list once, at start; moving it later would redraw the footer."""

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.services.animate
        if self.state.loaded:
            self.loader.packs_ready()
        # else: the packs load once the first frame is on screen.
        if self.services.settings_problem:
            self.notify(
                markup=False,
                message=self.services.settings_problem,
                title="Settings",
                severity="warning",
                timeout=15,
            )
        if not self.services.background or not self.state.has_history:
            # Inline: what a snapshot shows does not depend on timing; with no history yet
            # there is nothing to read.
            self.loader.open_history()
        after_next_write(self.app, self.loader.first_frame_drawn)

    def refresh_history(self) -> None:
        """Recompute the history figures (SQL, a few ms) and show them."""
        store = self.state.history
        if store is None:
            return
        self.query_one(HistoryPane).show(self.opening.stats(store), store.notice)
        self.programme.refresh()

    # -- sessions ------------------------------------------------------------------------

    @on(SessionRequested)
    def _session_requested(self, event: SessionRequested) -> None:
        self.start_session(event.routine)

    def start_session(self, routine: Routine) -> None:
        """Ask how the back feels (if the runner wants that), then begin."""
        if self.session.running:
            self.notify(
                markup=False, message="A session is already running: press e to end it first."
            )
            return
        routine, programme = self.programme.session_for(routine)
        self.pain.start(routine, programme, self.programme.rules_for(programme))

    @on(PackNoticed)
    def _pack_noticed(self, event: PackNoticed) -> None:
        self.query_one(PackNoticeLine).say(event.message)

    @on(SessionFinished)
    def _finished(self, event: SessionFinished) -> None:
        self.refresh_history()
        self.pain.finished(event.run)
        self.programme.finished(event.run)  # its rules, once the prompts close

    @on(SessionClosed)
    def _session_closed(self) -> None:
        """Enter on the summary goes back to the catalogue, as it says, full screen or not."""
        self.remove_class("-zoom")
        self.query_one("#items").focus()

    @on(ShowSteps)
    def _show_steps(self, event: ShowSteps) -> None:
        """The stretch in full over the session, which pauses while it is covered."""
        from limber.ui.screens.steps import StepsScreen  # off the start-up path

        self.app.push_screen(StepsScreen(self.catalogue.stretches[event.stretch_id]))

    @on(ItHurts)
    def _it_hurts(self) -> None:
        self.pain.it_hurts()

    def action_history(self) -> None:
        self.opening.history()

    async def action_guidance(self) -> None:
        await self.run_action("app.guidance")  # the app's: it opens over any screen

    def action_build(self) -> None:
        self.opening.build()

    def action_packs(self) -> None:
        self.opening.packs()

    def action_help(self) -> None:
        self.opening.help(self)

    def on_screen_suspend(self, _: ScreenSuspend) -> None:
        """Help, guidance, the palette or any screen over a running session pauses it."""
        self.session.cover()

    def on_screen_resume(self, _: ScreenResume) -> None:
        self.session.uncover()
        self.programme.check_when_back()

    def action_quit(self) -> None:
        """Quit; during a session only on a second press, ending and saving it first."""
        if self.session.may_quit():
            self.app.exit()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")
        self.set_class(event.size.width >= WIDER, "-wider")
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.width < NARROW and event.size.height >= UPRIGHT, "-upright")

    @property
    def session(self) -> SessionPane:
        """The session pane (composed once: found once, not on every tick)."""
        if self._session_pane is None:
            self._session_pane = self.query_one(SessionPane)
        return self._session_pane

    @on(ItemHighlighted)
    def _preview(self, event: ItemHighlighted) -> None:
        """Preview the highlighted item; while typing a filter, once typing pauses."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        item = self._listed(event.item_id, event.kind)
        typing = isinstance(self.focused, Input)
        if typing and self.services.animate:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.session.preview(item))
        else:
            self.session.preview(item)

    @on(ItemChosen)
    def _chosen(self, event: ItemChosen) -> None:
        if event.kind == "programmes":
            self.programme.choose(event.item_id)
            return
        item = self._listed(event.item_id, event.kind)
        if isinstance(item, Routine):
            self.start_session(item)
        elif isinstance(item, Stretch):
            self.start_session(single_stretch_routine(item))

    def _listed(self, item_id: str, kind: str) -> Stretch | Routine | Guidance | Programme:
        """The catalogue item a row of the list stands for."""
        if kind == "stretches" and item_id in self.catalogue.stretches:
            return self.catalogue.stretches[item_id]
        if kind == "programmes":
            return self.catalogue.programmes[item_id]
        return self.catalogue.item(item_id)

    def start_routine(self, routine_id: str) -> None:
        """Start a routine by id (command palette, ``limber run``)."""
        routine = self.catalogue.routines[routine_id]
        self.session.preview(routine)
        self.start_session(routine)

    def show_item(self, item_id: str) -> None:
        """Preview a stretch or routine in the session pane (command palette)."""
        if not self.session.running:
            self.session.preview(self.catalogue.item(item_id))

    def action_today(self) -> None:
        self.programme.start_today()

    @on(FollowProgramme)
    def _follow(self, event: FollowProgramme) -> None:
        self.programme.follow(event.programme_id)

    @on(StartRoutine)
    def _start_routine(self, event: StartRoutine) -> None:
        self.start_routine(event.routine_id)

    @on(ShowItem)
    def _show_item(self, event: ShowItem) -> None:
        self.show_item(event.item_id)

    def action_filter(self) -> None:
        self.query_one(CataloguePane).focus_filter()

    def action_zoom(self) -> None:
        """Give the session the whole screen, or bring the other panes back."""
        self.toggle_class("-zoom")
        self.session.redraw()
        if self.has_class("-zoom") or self.session.running:
            self.session.focus()
        else:
            self.query_one("#items").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.FIRST_TO_ACT and kept_by_focus(self, action):
            return False
        if action == "filter" and self.session.running:
            return False
        if action == "today":
            return self.programme.today_offered()
        return True
