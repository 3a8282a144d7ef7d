"""The programme followed, on the main screen: the bar over the panes, today's session
started as part of it, and the author's rules checked after each of its sessions.

- Today's routine (from the bar's ``t``, the catalogue or the palette) runs as this week
  of the programme doses it, and its session is tagged with the programme id and week.
- Each of the author's rules a rating crosses is logged with the rating itself (the
  session is given the programme: :meth:`rules_for`), so quitting at any dialog
  loses none. Once the pain and note prompts have closed, a dialog shows the rules
  crossed and whose they are, the clinician's contact, their advice and when to stop,
  and the programme log records that it was shown.
- The author's "missed N sessions in a row" rule is checked whenever the bar is read
  (once the history and packs are in: when the app opens, and after each session or day
  change): when crossed, the same dialog shows it, once per run of missed sessions.

Imported by the main screen; :mod:`limber.core.following` is imported only once a
history and the packs are there (after the first frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber.core.errors import LimberError
from limber.core.painrule import WHEN_TO_STOP
from limber.core.text import clean_line
from limber.ui.widgets.history_pane import HistoryPane
from limber.ui.widgets.programme_bar import ProgrammeBar

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from limber.core.following import Status, Today
    from limber.core.model import Routine
    from limber.core.programme_model import Programme
    from limber.core.sessionrun import SessionRun
    from limber.ui.flows.port import MainScreenPort

NO_PROGRAMME = ("", 0)


class ProgrammeFlow:
    """The main screen's programme: what the bar shows, and a session to check."""

    def __init__(self, screen: MainScreenPort) -> None:
        self.screen = screen
        self.history_ready = False
        """The history is open (it opens in a thread beside the first frame)."""
        self.today: Today | None = None
        """Today's session of the programme followed, if there is one to do now."""
        self._running: Today | None = None
        """The programme session last started."""
        self._pending: tuple[Today, SessionRun] | None = None
        """A programme session that ended, whose rules are checked once dialogs close."""
        self._missed_waiting = False
        """The missed rule is to be checked once the dialog over the screen closes."""
        self._today_pressed = False
        """``t`` was pressed while the packs or the history were still being read."""

    def refresh(self) -> None:
        """Read where the runner is in the programme and show it on the bar."""
        store = self.screen.state.kept_history if self.history_ready else None
        if store is None or not self.screen.state.loaded:
            return
        from limber.core.following import status, todays_session  # sqlite3: after the first frame

        catalogue, now = self.screen.catalogue, self.screen.services.now()
        bar = self.screen.query_one(ProgrammeBar)
        self.screen.refresh_bindings()
        try:
            found = status(store, catalogue.programmes, catalogue.routines, now)
        except LimberError as error:
            self.today = None
            bar.show(None, startable=False, problem=str(error))
            self.screen.query_one(HistoryPane).follow(None)
            return
        self.today = todays_session(
            store, catalogue.programmes, catalogue.routines, catalogue.stretches, now
        )
        bar.show(found, startable=self.today is not None)
        self.screen.query_one(HistoryPane).follow(found)
        if found is not None and found.missed_rule:
            self._check_missed(found)

    def _check_missed(self, found: Status) -> None:
        """Show the crossed "missed in a row" rule, unless it was shown for this run of
        missed sessions; with a dialog open, once it closes."""
        store = self.screen.state.history
        if store is None:
            return
        if self.screen.app.screen is not self.screen:
            self._missed_waiting = True
            return
        from limber.core.following import MISSED, missed_to_show  # off the start-up path

        sentence = missed_to_show(store, found, self.screen.services.now())
        if sentence:
            self._show_contact(found, None, [sentence], key=MISSED)

    def _read(self) -> bool:
        """The packs and the history are read: today's session is known."""
        return self.screen.state.loaded and self.history_ready

    def start_today(self) -> None:
        """Start today's session of the programme followed (once the packs and the
        history are read, if they are still being read)."""
        if not self._read():
            self._today_pressed = True
        elif self.today is not None:
            self.screen.start_routine(self.today.routine.id)

    def today_if_pressed(self) -> None:
        """`t` pressed before the packs and the history were read: start it now."""
        if self._today_pressed and self._read():
            self._today_pressed = False
            self.start_today()

    def today_offered(self) -> bool:
        """Whether `t` is offered: when there is a session today, and kept while the
        packs and a history are still being read; never during a session."""
        waiting = not self._read() and self.screen.state.has_history
        return (waiting or self.today is not None) and not self.screen.session.running

    def session_for(self, routine: Routine) -> tuple[Routine, tuple[str, int]]:
        """``routine`` as the programme doses it this week, and its tag, when it is
        today's routine; else as it is, untagged."""
        today = self.today
        if today is None or today.routine.id != routine.id:
            return routine, NO_PROGRAMME
        self._running = today
        return today.routine, today.tag

    def rules_for(self, tag: tuple[str, int]) -> tuple[Programme, Callable[[], datetime]] | None:
        """The programme a session tagged ``tag`` counts for, and the wall clock: its
        author's rules are logged with the rating that crosses them."""
        today = self._running
        if today is None or not tag[0] or today.tag != tag:
            return None
        return today.programme, self.screen.services.now

    def finished(self, run: SessionRun | None) -> None:
        """A session ended: if it was the programme's, check its rules once the
        runner is back on the main screen (after the pain and note prompts)."""
        today = self._running
        if run is None or today is None or run.programme != today.tag:
            return
        self._pending = (today, run)
        self.check_when_back()

    def check_when_back(self) -> None:
        """Check a finished programme session's rules, if no dialog is open now."""
        screen = self.screen
        if self._missed_waiting and self._pending is None and screen.app.screen is screen:
            self._missed_waiting = False
            self.refresh()
        if self._pending is None or screen.app.screen is not screen:
            return
        today, run = self._pending
        self._pending = None
        if screen.state.history is None:
            return
        end = run.after()
        self.refresh()
        if end.crossed:
            # After "this hurts", when-to-stop was the page before: not twice in a row.
            stopped = end.stopped is not None
            self._show_contact(today.status, run.session_id, list(end.crossed), stopped=stopped)

    def _show_contact(
        self,
        found: Status,
        session_id: int | None,
        crossed: list[str],
        *,
        key: str = "",
        stopped: bool = False,
    ) -> None:
        """The dialog: the rules crossed and whose they are, the contact, the advice and
        when to stop (unless the session ``stopped`` because it hurt: it was just shown);
        logged as ``contact-shown`` (its detail led by ``key``, if given)."""
        # off the start-up path: only when an author's rule is crossed
        from limber.core.history.programmes import log
        from limber.core.programme import follow_up
        from limber.ui.screens.safety import SafetyScreen

        title, lines = follow_up(found.author, found.contact, found.advice, crossed, found.sources)
        lines = [clean_line(line) for line in lines]
        dialog = SafetyScreen(
            self.screen.catalogue,
            pages=() if stopped else (WHEN_TO_STOP,),
            title=clean_line(title)[:120],
            intro="\n".join(lines),
            hint="Press Enter to continue. `limber programme` shows this again.",
        )
        self.screen.app.push_screen(dialog)
        store = self.screen.state.history
        if store is not None:
            detail = " | ".join(lines)
            detail = f"{key}: {detail}" if key else detail
            now = self.screen.services.now()
            log(
                store,
                found.programme_id,
                "contact-shown",
                now,
                week=found.week,
                session_id=session_id,
                detail=detail,
            )

    def choose(self, programme_id: str) -> None:
        """Enter on a programme in the catalogue: follow it from today; when another is
        being followed, ask first (a runner follows one at a time)."""
        # off the start-up path
        from limber.core.following import status
        from limber.ui.screens.confirm import ConfirmScreen

        store, catalogue = self.screen.state.history, self.screen.catalogue
        programme = catalogue.programmes.get(programme_id)
        if store is None or programme is None:
            return
        try:
            found = status(
                store, catalogue.programmes, catalogue.routines, self.screen.services.now()
            )
            current = f"'{clean_line(found.title)}'" if found is not None else ""
        except LimberError:
            current, found = "a programme whose pack is no longer installed", None
        if not current:
            self.follow(programme_id)
            return
        title = clean_line(programme.title)
        if found is not None and found.programme_id == programme_id:
            self.screen.app.notify(markup=False, message=f"You are already following '{title}'.")
            return
        question = (
            f"You are following {current}. Follow '{title}' from today "
            "instead? The one you follow now ends (its sessions stay in your history)."
        )
        keys = "Enter or y: follow it · Esc or n: keep the one you follow"
        self.screen.app.push_screen(
            ConfirmScreen("Follow another programme?", question, keys),
            lambda yes: self.follow(programme_id) if yes else None,
        )

    def follow(self, programme_id: str) -> None:
        """Follow a programme from the catalogue (the command palette)."""
        from limber.core.following import start  # off the start-up path

        store = self.screen.state.history
        programme = self.screen.catalogue.programmes.get(programme_id)
        if store is None or programme is None:
            return
        try:
            start(store, programme, self.screen.services.now())
        except LimberError as error:
            self.screen.app.notify(markup=False, message=str(error), severity="error")
            return
        self.refresh()
        self.screen.app.notify(
            markup=False,
            message=f"Following '{clean_line(programme.title)}' from today. Press t to start "
            "today's session.",
            title="Programme",
        )
