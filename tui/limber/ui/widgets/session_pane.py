"""The session pane: previews the highlighted item, and runs a guided session."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Static

from limber.core.catalogue import Catalogue
from limber.core.events import HookProblem, PackNotice, SessionEvent
from limber.core.figure import Figure
from limber.core.model import Guidance, Routine, Stretch
from limber.core.packs.courier import Courier
from limber.core.phases import PHASES
from limber.core.plan import build_plan, single_stretch_routine
from limber.core.programme_model import Programme
from limber.core.session import SessionEngine
from limber.core.sessionrun import Problem, SessionRun
from limber.core.wording import side_name
from limber.ui.context import ScreenState, Services
from limber.ui.messages import (
    ItHurts,
    PackNoticed,
    SessionClosed,
    SessionFinished,
    SessionRequested,
    ShowSteps,
)
from limber.ui.render import guidance_page, programme_preview, routine_preview, stretch_details
from limber.ui.widgets.figure_view import FigureView

if TYPE_CHECKING:
    from limber.ui.widgets.session_view import SessionView
    from limber.ui.widgets.ticker import Ticker

Rules = tuple[Programme, Callable[[], datetime]]
"""A programme whose author's rules each rating is checked against, and the wall clock."""


class SessionPane(Vertical, can_focus=True):
    """Before a session: the plan of the highlighted routine or a stretch's details.
    During one: the live view, driven by a :class:`SessionEngine` on the app's clock."""

    BORDER_TITLE = "Session"
    BINDINGS = [
        # "This hurts" first, so the footer keeps it at any width.
        Binding("h", "hurts", "This hurts", id="this-hurts"),
        Binding("enter", "start", "Start", id="start"),
        Binding("space", "pause", "Pause", id="pause"),
        # The screen's own `f`, offered here so the footer shows it before the rest.
        Binding("f", "screen.zoom", "Full screen", id="zoom"),
        Binding("n,right", "skip", "Skip", id="skip"),
        Binding("b,left", "back", "Back", id="back"),
        Binding("e", "end", "End", id="end"),
        Binding("plus,equals_sign", "extend", "+10 s", id="extend"),
        Binding("i", "steps", "All the steps", id="all-steps", show=False),
        Binding("escape", "close", "Close", id="close-session"),
    ]

    def __init__(self, services: Services, state: ScreenState, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.services = services
        self.state = state
        self.run: SessionRun | None = None
        """The session shown: running, or finished and still on screen."""
        self.previewed: Routine | None = None
        self._ticker: Ticker | None = None
        """Wakes the running session (made with the first one: not on the start-up path)."""
        self._view: SessionView | None = None
        """The live view, once :meth:`prepare` has mounted it (kept, not looked up on
        every tick)."""
        self._cue = ""
        self._last_drawn: tuple[object, ...] = ()
        self._pause_note = ""
        """Why the session paused itself (another screen covered it), shown until resumed."""
        self._covered = False
        self._armed = ""
        """An action waiting for its second press (``end``), so a stray key ends nothing."""

    @property
    def catalogue(self) -> Catalogue:
        return self.state.catalogue

    @property
    def engine(self) -> SessionEngine | None:
        return self.run.engine if self.run is not None else None

    @property
    def running(self) -> bool:
        return self.run is not None and self.run.running

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="preview", id="session-switcher"):
            with VerticalScroll(id="preview"):
                yield FigureView(id="preview-figure")
                yield Static(
                    Content("Choose a routine or a stretch in the catalogue."), id="preview-body"
                )

    # -- preview -------------------------------------------------------------------------

    def preview(self, item: Stretch | Routine | Guidance | Programme) -> None:
        if self.running:
            return
        body = self.query_one("#preview-body", Static)
        self.query_one("#preview-figure", FigureView).show(self._figure_of(item))
        if isinstance(item, Routine):
            self.previewed = item
            plan = build_plan(item, self.catalogue.stretches, self.services.plan_settings)
            body.update(routine_preview(item, plan, self.catalogue))
            self.border_title = "Session · plan"
        elif isinstance(item, Stretch):
            self.previewed = single_stretch_routine(item)
            body.update(
                stretch_details(item)
                + Content.styled("\n\nPress Enter to practise it on its own.", "bold $success")
            )
            self.border_title = "Stretch"
        elif isinstance(item, Programme):
            self.previewed = None
            body.update(programme_preview(item, self.catalogue))
            self.border_title = "Programme"
        else:
            self.previewed = None
            body.update(guidance_page(item))
        self.query_one("#session-switcher", ContentSwitcher).current = "preview"
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    def _figure_of(self, item: Stretch | Routine | Guidance | Programme) -> Figure | None:
        """The figure a preview shows: a stretch's own, or a routine's first step's."""
        if isinstance(item, Routine):
            stretch = self.catalogue.stretches.get(item.steps[0].stretch)
            return stretch.figure if stretch is not None else None
        return item.figure if isinstance(item, Stretch) else None

    # -- running -------------------------------------------------------------------------

    def begin(
        self,
        routine: Routine,
        pain_before: int | None,
        programme: tuple[str, int] = ("", 0),
        rules: Rules | None = None,
    ) -> None:
        """Run ``routine`` here (the screen has asked how the back feels, if it does);
        ``programme``: the programme id and week the session counts for; ``rules``: that
        programme, whose author's rules each rating is checked against as it is saved."""
        packs = self.state.packs
        self.run = SessionRun(
            routine,
            self.catalogue.stretches,
            self.services.clock,
            settings=self.services.plan_settings,
            store=self.state.history,
            host=packs.host if packs is not None else None,
            pack_version=packs.report.pack_version(routine.pack) if packs is not None else "",
            pain_before=pain_before,
            programme=programme,
            rules=rules,
            on_event=self._on_event,
            on_problem=self._on_problem,  # notify is thread-safe: the courier may call it
            courier=Courier() if self.services.background else None,
        )
        self.prepare()
        switcher = self.query_one("#session-switcher", ContentSwitcher)
        switcher.current = "live"
        self.border_title = "Session"
        self.run.start()
        self._draw()
        self.focus()
        self._schedule()
        self.screen.add_class("-running")
        self.refresh_bindings()

    def prepare(self) -> None:
        """Mount the live view, out of sight, while the pain question is up: after the
        digit the session's first frame is drawn at once, not after an import and a mount."""
        if self._view is None:
            from limber.ui.widgets.session_view import SessionView  # off the start-up path

            view = self._view = SessionView(id="live")
            view.moving = self.services.animate
            view.display = False  # until the switcher makes it current
            self.query_one("#session-switcher", ContentSwitcher).mount(view)

    def tick(self) -> None:
        if self.engine is None:
            return
        self.engine.tick()
        self._draw()
        if self._ticker is None or not self._ticker.on_the_second(self.engine):
            self._schedule()

    def _schedule(self) -> None:
        """Set the session's wake-up again for how it is now (see :class:`Ticker`)."""
        if self._ticker is None:
            from limber.ui.widgets.ticker import Ticker  # off the start-up path

            self._ticker = Ticker(self, self.tick)
        self._ticker.schedule(self.engine if self.services.auto_tick else None)

    def _draw(self) -> None:
        """Redraw only when something a person can see has changed (about once a second)."""
        engine, view = self.engine, self._view
        if engine is None or view is None:
            return
        if engine.state != "paused":
            self._pause_note = ""
        cue = self._cue
        if self._armed == "end" and engine.state != "finished":
            cue = "End the session? Press e again: it stops here, saved as ended early."
        seen = (engine.index, engine.state, math.ceil(engine.remaining), cue, self._pause_note)
        if seen == self._last_drawn:
            return
        self._last_drawn = seen
        stopped = self.run.stopped_at if self.run is not None else None
        phase = engine.current
        stretch = self.catalogue.stretches.get(phase.stretch_id) if phase is not None else None
        view.show(
            engine,
            cue,
            pause_note=self._pause_note,
            stopped=stopped,
            figure=stretch.figure if stretch is not None else None,
        )

    def redraw(self) -> None:
        """Draw again though nothing moved (the pane changed size: full screen)."""
        self._last_drawn = ()
        self._draw()

    def _on_problem(self, problem: Problem) -> None:
        if isinstance(problem, HookProblem | PackNotice):  # a pack failed, or said something
            self.post_message(PackNoticed(problem.message))
        else:
            self.notify(markup=False, message=problem.message, severity="error", timeout=15)

    def _on_event(self, event: SessionEvent) -> None:
        assert self.engine is not None
        phase = self.engine.plan.phases[event.phase_index] if event.phase_index >= 0 else None
        if event.kind == "phase-started" and phase is not None:
            self._cue = PHASES[phase.kind].cue
            if self.services.settings.bell:
                self.app.bell()
        elif event.kind == "switch-sides":
            self._cue = f"Switch sides — now your {side_name(event.side)} side"
        elif event.kind == "countdown":
            self._cue = f"{PHASES[phase.kind].cue if phase else ''} · {event.seconds_left}…"
        elif event.kind == "session-done":
            if self._ticker is not None:
                self._ticker.stop()
            self.screen.remove_class("-running")
            if self.run is not None:
                self.post_message(SessionFinished(self.run))
            self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        live = {"pause", "skip", "back", "extend", "end", "hurts"}
        if action in live:
            return self.running
        if action == "steps":
            phase = self.engine.current if self.running and self.engine is not None else None
            return phase is not None and phase.stretch_id in self.catalogue.stretches
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
            self.post_message(SessionRequested(self.previewed))

    def _act(self, action: Callable[[SessionEngine], object]) -> None:
        """Do ``action`` (a :class:`SessionEngine` method) to the running session, if any."""
        self._armed = ""
        if self.engine is not None and self.running:
            action(self.engine)
            self._draw()
            self._schedule()

    def action_pause(self) -> None:
        self._act(SessionEngine.toggle_pause)

    def action_skip(self) -> None:
        self._act(SessionEngine.skip)

    def action_back(self) -> None:
        self._act(SessionEngine.back)

    def action_extend(self) -> None:
        self._act(SessionEngine.extend)

    def may_quit(self) -> bool:
        """Whether the app may quit now: at once without a session; during one only on a
        second press (the session is then ended and saved as ended early)."""
        if not self.running:
            return True
        if self._armed != "quit":
            self._armed = "quit"
            self.notify(
                markup=False,
                message="Press q (or ctrl+q) again to quit: the session stops here and is "
                "saved as ended early.",
                title="Quit?",
                timeout=5,
            )
            self.set_timer(5, self._disarm)
            return False
        self.end_now()
        return True

    def action_end(self) -> None:
        """End early, on a second press: a stray key on the mat ends nothing."""
        if self._armed == "end":
            self._act(SessionEngine.end)
            return
        self._armed = "end"
        self._draw()
        self.set_timer(5, self._disarm)

    def action_steps(self) -> None:
        """The current stretch in full (set-up, every step); the screen opens it."""
        phase = self.engine.current if self.engine is not None else None
        if phase is not None and phase.stretch_id:
            self.post_message(ShowSteps(phase.stretch_id))

    def end_now(self) -> None:
        """End at once, saved as ended early (the app is quitting)."""
        self._act(SessionEngine.end)

    def _disarm(self) -> None:
        if self._armed:
            self._armed = ""
            self._draw()

    def action_hurts(self) -> None:
        """Pause at once; the screen asks how much it hurts, then stops the session."""
        if self.engine is not None and self.running:
            self._armed = ""
            self.engine.pause()
            self._draw()
            self._schedule()
            self.post_message(ItHurts())

    def stop_because_it_hurts(self, pain: int | None) -> None:
        """End the session, recording where it hurt and how much (None: not given)."""
        if self.run is not None and self.running:
            self.run.stop_because_it_hurts(pain)
            self._draw()

    def cover(self) -> None:
        """Another screen covers the session: pause it, so no hold runs on unseen."""
        if self.engine is not None and self.engine.state == "running":
            self.engine.pause()
            self._covered = True
            self._schedule()

    def uncover(self) -> None:
        """Back in view: a session paused by :meth:`cover` says so and waits for space."""
        if self._covered and self.engine is not None and self.engine.state == "paused":
            self._pause_note = "Paused while another screen was open"
            self._draw()
        self._covered = False

    def action_close(self) -> None:
        """Leave the finished session's summary for the plan preview."""
        self.run = None
        self.query_one("#session-switcher", ContentSwitcher).current = "preview"
        self.refresh_bindings()
        self.post_message(SessionClosed())
