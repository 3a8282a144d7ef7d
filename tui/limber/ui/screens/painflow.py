"""Pain ratings around a session, and where they point: the main screen's safety flow.

- Before: a rating of 7–10 shows Limber's own pointer to self-care and when-to-stop
  first, with "Not today" (focused: Enter takes it) and "Start anyway".
- After: the pointer for 7–10 or a rise of 2 or more, then the note.
- "This hurts": the pane has paused; one key rates the pain now, the stop is recorded
  with the stretch, side and phase, and when-to-stop shows (self-care too when the pain
  is severe or has risen), then the note. Never a "well done".

Imported by the main screen; the dialogs it opens are imported when first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from limber.core.painrule import CARE_PAGES, NOT_TODAY, care_pointer, points_to_care
from limber.core.recorder import STOP_PAIN

if TYPE_CHECKING:
    from datetime import datetime

    from limber.core.catalogue import Catalogue
    from limber.core.model import Routine
    from limber.core.programme_model import Programme
    from limber.core.recorder import SessionRecorder
    from limber.ui.context import Services
    from limber.ui.widgets.session_pane import SessionPane


Rules = tuple["Programme", Callable[[], "datetime"]]
"""A programme whose author's rules a session's ratings are checked against, and the
wall clock the crossings are logged with."""


class MainScreen(Protocol):
    """What the flow needs of the main screen (a Protocol: no import cycle)."""

    @property
    def app(self) -> Any: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def session(self) -> SessionPane: ...

    services: Services

    def refresh_history(self) -> None: ...


WHEN_TO_STOP = "core/when-to-stop"


def rated_before(
    screen: MainScreen,
    routine: Routine,
    rating: int | None,
    programme: tuple[str, int] = ("", 0),
    rules: Rules | None = None,
) -> None:
    """Begin ``routine`` (for ``programme``'s week, if given, whose author's ``rules``
    are checked with each rating); a rating of 7–10 first points to self-care and asks,
    "not today" first."""
    if not points_to_care(rating):
        screen.session.begin(routine, rating, programme, rules)
        return
    from limber.ui.screens.startchoice import StartChoice

    def chosen(start: bool | None) -> None:
        if start:
            screen.session.begin(routine, rating, programme, rules)
        else:
            screen.app.notify(NOT_TODAY, markup=False)

    dialog = StartChoice(screen.catalogue, pages=CARE_PAGES, intro=care_pointer(rating))
    screen.app.push_screen(dialog, chosen)


def point_to_care(
    screen: MainScreen,
    before: int | None,
    after: int | None,
    hint: str,
    then: Callable[[bool | None], None] | None = None,
) -> None:
    from limber.ui.screens.safety import SafetyScreen

    dialog = SafetyScreen(
        screen.catalogue,
        pages=CARE_PAGES,
        title="About that pain rating",
        intro=care_pointer(before, after),
        hint=hint,
    )
    screen.app.push_screen(dialog, then)


def after_session(screen: MainScreen, recorder: SessionRecorder) -> None:
    """How the back is now and a note; after "this hurts", when to stop instead."""
    if recorder.stop_reason == STOP_PAIN:
        stopped_because_it_hurts(screen, recorder)
        return
    if not screen.services.settings.ask_pain:
        return
    from limber.ui.screens.pain import PainPrompt

    def to_note(_: object = None) -> None:
        _note(screen, recorder)

    def after_pain(rating: int | None) -> None:
        recorder.pain_after(rating)
        screen.refresh_history()
        if points_to_care(recorder.pain_before, rating):
            hint = "Press Enter to go on to your note."
            point_to_care(screen, recorder.pain_before, rating, hint, to_note)
        else:
            to_note()

    from limber.core.history.model import mostly_done

    engine = recorder.engine
    done = mostly_done(engine.plan.total_seconds, engine.active_seconds)
    head = "Done." if done and engine.status == "completed" else "Session over."
    screen.app.push_screen(PainPrompt(f"{head} How is your back now, 0 to 10?"), after_pain)


def stopped_because_it_hurts(screen: MainScreen, recorder: SessionRecorder) -> None:
    """When to stop (and self-care, for severe or rising pain)."""
    from limber.ui.screens.safety import SafetyScreen

    pain = recorder.stopped_at.pain if recorder.stopped_at is not None else None
    care = points_to_care(recorder.pain_before, pain)
    pages = (WHEN_TO_STOP, CARE_PAGES[0]) if care else (WHEN_TO_STOP,)
    intro = care_pointer(recorder.pain_before, pain) if care else ""
    dialog = SafetyScreen(screen.catalogue, stopped=True, pages=pages, intro=intro)
    screen.app.push_screen(dialog, lambda _: _note(screen, recorder))


def _note(screen: MainScreen, recorder: SessionRecorder) -> None:
    """The note prompt, as after any session (when the runner is asked about pain)."""
    if not screen.services.settings.ask_pain:
        return
    from limber.ui.screens.pain import NotePrompt

    def after_note(note: str | None) -> None:
        recorder.note(note or "")
        screen.refresh_history()

    screen.app.push_screen(NotePrompt(), after_note)


def it_hurts(screen: MainScreen) -> None:
    """The session is paused: one key for the pain now, then stop and record it."""
    from limber.ui.screens.pain import PainPrompt

    prompt = PainPrompt("It hurts: stopping. How much, right now, 0 to 10?")
    screen.app.push_screen(prompt, screen.session.stop_because_it_hurts)
