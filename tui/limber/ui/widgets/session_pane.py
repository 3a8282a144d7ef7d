"""The session pane: previews the highlighted item, and runs a guided session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from limber.core.catalogue import Catalogue
from limber.core.events import SessionEvent
from limber.core.model import Guidance, Routine, Stretch
from limber.core.plan import build_plan
from limber.core.session import SessionEngine
from limber.ui.context import AppContext
from limber.ui.render import guidance_page, routine_preview, stretch_details
from limber.ui.widgets.catalogue_pane import single_stretch_routine

CUES = {
    "get-ready": "Get into position",
    "switch-sides": "Switch sides",
    "rest": "Rest and breathe",
    "hold": "Hold — breathe slowly",
    "flow": "Move with your breath",
    "reps": "Steady reps",
}


class SessionPane(Vertical, can_focus=True):
    """Before a session: the plan of the highlighted routine or a stretch's details.
    During one: the live view, driven by a :class:`SessionEngine` on the app's clock."""

    BORDER_TITLE = "Session"
    BINDINGS = [
        Binding("enter", "start", "Start", id="start"),
        Binding("space", "pause", "Pause/resume", id="pause"),
        Binding("n,right", "skip", "Skip", id="skip"),
        Binding("b,left", "back", "Back", id="back"),
        Binding("plus,equals_sign", "extend", "+10 s", id="extend"),
        Binding("e", "end", "End", id="end"),
        Binding("escape", "close", "Close", id="close-session"),
    ]

    class Finished(Message):
        """A session ended (completed or early); the history pane may refresh."""

        def __init__(self, engine: SessionEngine) -> None:
            super().__init__()
            self.engine = engine

    def __init__(self, context: AppContext, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.context = context
        self.engine: SessionEngine | None = None
        self.previewed: Routine | None = None
        self._timer: Timer | None = None
        self._cue = ""
        self._reported_hook_failures: set[str] = set()

    @property
    def catalogue(self) -> Catalogue:
        return self.context.catalogue

    @property
    def running(self) -> bool:
        return self.engine is not None and self.engine.state in ("running", "paused")

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="preview", id="session-switcher"):
            with VerticalScroll(id="preview"):
                yield Static(
                    Content("Choose a routine or a stretch in the catalogue."), id="preview-body"
                )

    # -- preview -------------------------------------------------------------------------

    def preview(self, item: Stretch | Routine | Guidance) -> None:
        if self.running:
            return
        body = self.query_one("#preview-body", Static)
        if isinstance(item, Routine):
            self.previewed = item
            plan = build_plan(item, self.catalogue.stretches, self.context.plan_settings)
            body.update(routine_preview(item, plan, self.catalogue))
            self.border_title = "Session · plan"
        elif isinstance(item, Stretch):
            self.previewed = single_stretch_routine(item)
            body.update(stretch_details(item) + Content.styled("\n\nPress Enter to practise it on its own.", "bold $success"))
            self.border_title = "Stretch"
        else:
            self.previewed = None
            body.update(guidance_page(item))
        self.query_one("#session-switcher", ContentSwitcher).current = "preview"
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    # -- running -------------------------------------------------------------------------

    def start(self, routine: Routine) -> None:
        if self.running:
            self.notify("A session is already running: press e to end it first.")
            return
        plan = build_plan(routine, self.catalogue.stretches, self.context.plan_settings)
        self.engine = SessionEngine(plan, self.context.clock, on_event=self._on_event)
        switcher = self.query_one("#session-switcher", ContentSwitcher)
        if not self.query("#live"):
            from limber.ui.widgets.session_view import SessionView

            switcher.mount(SessionView(id="live"))
        switcher.current = "live"
        self.border_title = "Session"
        self.engine.start()
        self._draw()
        self.focus()
        self._timer = self.set_interval(self.context.tick_seconds, self.tick)
        self.screen.add_class("-running")
        self.refresh_bindings()

    def tick(self) -> None:
        if self.engine is None:
            return
        self.engine.tick()
        self._draw()

    def _draw(self) -> None:
        from limber.ui.widgets.session_view import SessionView

        if self.engine is not None:
            self.query_one(SessionView).show(self.engine, self._cue)

    def _on_event(self, event: SessionEvent) -> None:
        assert self.engine is not None
        if self.context.host is not None:
            for problem in self.context.host.fire(event):
                if problem not in self._reported_hook_failures:
                    self._reported_hook_failures.add(problem)
                    self.notify(problem, severity="warning")
        phase = self.engine.plan.phases[event.phase_index] if event.phase_index >= 0 else None
        if event.kind == "phase-started" and phase is not None:
            self._cue = CUES[phase.kind]
            if self.context.settings.bell:
                self.app.bell()
        elif event.kind == "switch-sides":
            self._cue = f"Switch sides — now your {event.side.upper()} side"
        elif event.kind == "countdown":
            self._cue = f"{CUES[phase.kind] if phase else ''} · {event.seconds_left}…"
        elif event.kind == "session-done":
            if self._timer is not None:
                self._timer.stop()
            self.screen.remove_class("-running")
            self.post_message(self.Finished(self.engine))
            self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        live = {"pause", "skip", "back", "extend", "end"}
        if action in live:
            return self.running
        if action == "start":
            return not self.running and (self.previewed is not None or self.engine is not None)
        if action == "close":
            return self.engine is not None and not self.running
        return True

    def action_start(self) -> None:
        """Start the previewed routine; on a finished session's summary, close it."""
        if self.engine is not None and not self.running:
            self.action_close()
        elif self.previewed is not None:
            self.start(self.previewed)

    def _act(self, name: str) -> None:
        if self.engine is not None and self.running:
            getattr(self.engine, name)()
            self._draw()

    def action_pause(self) -> None:
        self._act("toggle_pause")

    def action_skip(self) -> None:
        self._act("skip")

    def action_back(self) -> None:
        self._act("back")

    def action_extend(self) -> None:
        self._act("extend")

    def action_end(self) -> None:
        self._act("end")

    def action_close(self) -> None:
        """Leave the finished session's summary for the plan preview."""
        self.engine = None
        self.query_one("#session-switcher", ContentSwitcher).current = "preview"
        self.refresh_bindings()
