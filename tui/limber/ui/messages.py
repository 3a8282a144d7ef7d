"""Messages widgets and the palette post; the main screen decides what happens.

Plain ``__init__`` classes, not dataclasses: this module is on the way to the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from limber.core.model import Routine
    from limber.core.sessionrun import SessionRun


class ItemHighlighted(Message):
    """The catalogue's highlighted item changed: the session pane previews it."""

    def __init__(self, item_id: str, kind: str = "") -> None:
        super().__init__()
        self.item_id = item_id
        self.kind = kind
        """``routines`` or ``stretches``: a stretch and a routine may share an id."""


class ItemChosen(Message):
    """Enter on a catalogue item: start a routine, practise one stretch, or add it."""

    def __init__(self, item_id: str, kind: str = "") -> None:
        super().__init__()
        self.item_id = item_id
        self.kind = kind
        """``routines`` or ``stretches``: a stretch and a routine may share an id."""


class StartRoutine(Message):
    """Start a routine by id (command palette)."""

    def __init__(self, routine_id: str) -> None:
        super().__init__()
        self.routine_id = routine_id


class FollowProgramme(Message):
    """Follow this programme from today (command palette)."""

    def __init__(self, programme_id: str) -> None:
        super().__init__()
        self.programme_id = programme_id


class ShowItem(Message):
    """Preview a stretch or routine by id (command palette)."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id


class SessionRequested(Message):
    """The runner asked to start this routine (Enter on the preview)."""

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine


class SessionFinished(Message):
    """A session ended (completed or early): ask how it went, refresh the history."""

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run


class ItHurts(Message):
    """The runner pressed "this hurts": the session is paused; ask the pain, then stop."""


class SessionClosed(Message):
    """The finished session's summary was closed: back to the catalogue."""


class ShowSteps(Message):
    """During a session: show this stretch's set-up and every step (the session pauses)."""

    def __init__(self, stretch_id: str) -> None:
        super().__init__()
        self.stretch_id = stretch_id


class PackNoticed(Message):
    """A pack told the runner something during a session: the line above the footer
    shows it (never a toast over the session)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
