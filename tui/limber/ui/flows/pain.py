"""Pain ratings around a session, and where they point: the main screen's safety flow.

- Before: a rating of 7–10 shows Limber's own pointer to self-care and when-to-stop
  first, with "Not today" (focused: Enter takes it) and "Start anyway".
- After: the pointer for 7–10 or a rise of 2 or more, then the note.
- "This hurts": the pane has paused; one key rates the pain now, the stop is recorded
  with the stretch, side and phase, and when-to-stop shows (self-care too when the pain
  is severe or has risen), then the note. Never a "well done".

What is recorded, and where the ratings point, is the session's own
(:meth:`~limber.core.sessionrun.SessionRun.after`); this flow asks and shows. The dialogs
it opens are imported when first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from limber.core.painrule import CARE_PAGES, NOT_TODAY, WHEN_TO_STOP, care_pointer, points_to_care

if TYPE_CHECKING:
    from limber.core.model import Routine
    from limber.core.sessionrun import SessionRun
    from limber.ui.flows.port import MainScreenPort
    from limber.ui.widgets.session_pane import Rules


class PainFlow:
    """How the back is before, after and when it hurts, and where that points."""

    def __init__(self, screen: MainScreenPort) -> None:
        self.screen = screen

    def start(
        self, routine: Routine, programme: tuple[str, int], rules: Rules | None = None
    ) -> None:
        """Ask how the back feels (if the runner wants that), then begin ``routine``."""
        screen = self.screen
        if not screen.services.settings.ask_pain:
            screen.session.begin(routine, None, programme, rules)
            return
        from limber.ui.screens.pain import PainPrompt  # off the start-up path

        prompt = PainPrompt("Before you start: how is your back, 0 to 10?")
        screen.session.prepare()
        screen.app.push_screen(
            prompt, lambda rating: self._rated_before(routine, rating, programme, rules)
        )

    def _rated_before(
        self,
        routine: Routine,
        rating: int | None,
        programme: tuple[str, int] = ("", 0),
        rules: Rules | None = None,
    ) -> None:
        """Begin ``routine`` (for ``programme``'s week, if given, whose author's ``rules``
        are checked with each rating); a rating of 7–10 first points to self-care and
        asks, "not today" first."""
        screen = self.screen
        if not points_to_care(rating):
            screen.session.begin(routine, rating, programme, rules)
            return
        from limber.ui.screens.startchoice import StartChoice  # off the start-up path

        def chosen(start: bool | None) -> None:
            if start:
                screen.session.begin(routine, rating, programme, rules)
            else:
                screen.app.notify(NOT_TODAY, markup=False)

        dialog = StartChoice(screen.catalogue, pages=CARE_PAGES, intro=care_pointer(rating))
        screen.app.push_screen(dialog, chosen)

    def finished(self, run: SessionRun) -> None:
        """How the back is now and a note; after "this hurts", when to stop instead."""
        if run.stopped_at is not None:
            self._stopped_because_it_hurts(run)
            return
        if not self.screen.services.settings.ask_pain:
            return
        # off the start-up path
        from limber.core.history.model import mostly_done
        from limber.ui.screens.pain import PainPrompt

        def after_pain(rating: int | None) -> None:
            run.rate_after(rating)
            self.screen.refresh_history()
            if care := run.after().care:
                hint = "Press Enter to go on to your note."
                self._point_to_care(care, hint, lambda _: self._note(run))
            else:
                self._note(run)

        engine = run.engine
        done = mostly_done(engine.plan.total_seconds, engine.active_seconds)
        head = "Done." if done and engine.status == "completed" else "Session over."
        prompt = PainPrompt(f"{head} How is your back now, 0 to 10?")
        self.screen.app.push_screen(prompt, after_pain)

    def _point_to_care(self, care: str, hint: str, then: Callable[[bool | None], None]) -> None:
        from limber.ui.screens.safety import SafetyScreen  # off the start-up path

        dialog = SafetyScreen(
            self.screen.catalogue,
            pages=CARE_PAGES,
            title="About that pain rating",
            intro=care,
            hint=hint,
        )
        self.screen.app.push_screen(dialog, then)

    def _stopped_because_it_hurts(self, run: SessionRun) -> None:
        """When to stop (and self-care, for severe or rising pain), then the note."""
        from limber.ui.screens.safety import SafetyScreen  # off the start-up path

        care = run.after().care
        pages = (WHEN_TO_STOP, CARE_PAGES[0]) if care else (WHEN_TO_STOP,)
        dialog = SafetyScreen(self.screen.catalogue, stopped=True, pages=pages, intro=care)
        self.screen.app.push_screen(dialog, lambda _: self._note(run))

    def _note(self, run: SessionRun) -> None:
        """The note prompt, as after any session (when the runner is asked about pain)."""
        if not self.screen.services.settings.ask_pain:
            return
        from limber.ui.screens.pain import NotePrompt  # off the start-up path

        def after_note(note: str | None) -> None:
            run.note(note or "")
            self.screen.refresh_history()

        self.screen.app.push_screen(NotePrompt(), after_note)

    def it_hurts(self) -> None:
        """The session is paused: one key for the pain now, then stop and record it."""
        from limber.ui.screens.pain import PainPrompt  # off the start-up path

        prompt = PainPrompt("It hurts: stopping. How much, right now, 0 to 10?")
        self.screen.app.push_screen(prompt, self.screen.session.stop_because_it_hurts)
