"""One guided session, wired once: plan → engine → recorder → the packs' event hooks.

The app's session pane and ``limber run --plain`` are two views of the same run: each
hands in a clock and two callbacks, shows events its own way and reports problems its
own way. What a session does, and how often a problem is reported, is decided here:

- each finished phase is recorded as it ends (see :class:`SessionRecorder`);
- every event goes to the packs' event hooks, each guarded by the host, so a failing
  hook never stops the session; its failure is reported **once per pack**, and each
  distinct sentence a pack says (a :class:`PackNotice`) once, apart from it; with a
  :class:`~limber.core.packs.courier.Courier` the hooks run in its thread, so a slow
  hook never holds up the view;
- a history that cannot be written is reported once per reason, and the session runs on;
- its end (the pain after, a note, and :meth:`SessionRun.after`: where the ratings point
  and the programme author's rules crossed) is recorded and read here too, so the views
  never reach the recorder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol

import msgspec

from limber.core.events import HookProblem, PackNotice, SessionEvent, StopPoint
from limber.core.painrule import care_pointer, points_to_care
from limber.core.plan import DEFAULT_SETTINGS, PlanSettings, build_plan
from limber.core.recorder import SessionRecorder
from limber.core.session import Clock, SessionEngine

if TYPE_CHECKING:
    from datetime import datetime

    from limber.core.history.store import HistoryStore
    from limber.core.model import Routine, Stretch
    from limber.core.packs.courier import Courier
    from limber.core.plan import Plan
    from limber.core.programme_model import Programme


class SaveProblem(msgspec.Struct, frozen=True):
    """The session is not being saved to the history (it still runs)."""

    message: str

    def __str__(self) -> str:
        return self.message


Problem = HookProblem | PackNotice | SaveProblem


class SessionEnd(msgspec.Struct, frozen=True):
    """What a finished session leaves the runner to read (:meth:`SessionRun.after`)."""

    care: str = ""
    """Limber's own pointer to the self-care and when-to-stop pages, for a rating of 7–10
    or a rise of 2 or more (:mod:`limber.core.painrule`); "" when the ratings do not call
    for it."""
    crossed: tuple[str, ...] = ()
    """The programme author's rules the session crossed, each a sentence saying whose
    rule it is; all of them are in the programme log."""
    stopped: StopPoint | None = None
    """Where the runner stopped because it hurt, and the pain then; None otherwise."""


class EventHost(Protocol):
    """What a run needs of the pack host: fire an event at every hook, guarded."""

    def fire(self, event: SessionEvent) -> list[HookProblem | PackNotice]: ...


def _ignore(_: object) -> None:
    """The default callback: a view that does not care."""


class SessionRun:
    """A routine being run: its plan, engine and recorder, and the hooks it fires."""

    def __init__(
        self,
        routine: Routine,
        stretches: Mapping[str, Stretch],
        clock: Clock,
        *,
        settings: PlanSettings = DEFAULT_SETTINGS,
        store: HistoryStore | None = None,
        host: EventHost | None = None,
        pack_version: str = "",
        pain_before: int | None = None,
        programme: tuple[str, int] = ("", 0),
        rules: tuple[Programme, Callable[[], datetime]] | None = None,
        on_event: Callable[[SessionEvent], None] = _ignore,
        on_problem: Callable[[Problem], None] = _ignore,
        courier: Courier | None = None,
    ) -> None:
        self.routine = routine
        self.plan: Plan = build_plan(routine, stretches, settings)
        self.engine = SessionEngine(self.plan, clock, self._deliver)
        self.recorder = SessionRecorder(
            store, self.engine, pack_version=pack_version, pain_before=pain_before
        )
        self.programme = programme
        """The programme id and week this session counts for, if any; ``rules``: that
        programme and the wall clock, so each of its author's rules a pain rating
        crosses is logged with the rating itself."""
        if programme[0] and store is not None:
            from limber.core.history.programmes import tag_session  # off the start-up path

            tag_session(store, self.recorder.session_id, *programme)
        if rules is not None and programme[0]:
            self.recorder.rules = (rules[0], programme[1], rules[1])
        self._host = host
        self._courier = courier
        """Where the packs hear of events (None: on this thread, as tests want)."""
        self._on_event = on_event
        self._on_problem = on_problem
        self._said: set[tuple[str, str]] = set()
        """What packs said: ``(pack, "")`` once it failed, ``(pack, sentence)`` per notice."""
        self._save_problems: set[str] = set()
        self._pain_after: int | None = None
        self._end: SessionEnd | None = None

    @property
    def running(self) -> bool:
        return self.engine.state in ("running", "paused")

    def start(self) -> None:
        """Begin the session (saying first if it cannot be saved)."""
        self._check_saving()
        self.engine.start()

    def stop_because_it_hurts(self, pain: int | None = None) -> None:
        """End the session now, recording why, where and the pain then (None: not given)."""
        self._end = None
        self.recorder.stop_because_it_hurts(pain)

    def _deliver(self, event: SessionEvent) -> None:
        """Record, show, then tell the packs: in that order, for every event."""
        if self.programme[0]:
            programme_id, week = self.programme
            event = msgspec.structs.replace(event, programme_id=programme_id, programme_week=week)
        self.recorder.on_event(event)
        self._check_saving()
        self._on_event(event)
        if self._host is None:
            return
        if self._courier is None:
            self._tell_packs(self._host, event)
        else:  # on_problem is then called from the courier's thread
            self._courier.post(partial(self._tell_packs, self._host, event))

    def _tell_packs(self, host: EventHost, event: SessionEvent) -> None:
        for found in host.fire(event):
            key = (found.pack, "" if isinstance(found, HookProblem) else found.message)
            if key not in self._said:
                self._said.add(key)
                self._on_problem(found)

    def _check_saving(self) -> None:
        message = self.recorder.problem
        if message and message not in self._save_problems:
            self._save_problems.add(message)
            self._on_problem(SaveProblem(message))

    # -- the end of the session: the pain after, a note, what it points to -------------

    @property
    def session_id(self) -> int | None:
        """The session's row in the history (None: not recorded)."""
        return self.recorder.session_id

    @property
    def stopped_at(self) -> StopPoint | None:
        """Where the runner stopped because it hurt, and the pain then."""
        return self.recorder.stopped_at

    def rate_after(self, rating: int | None) -> None:
        """Record the pain after (None: not given), and with it, in one transaction, the
        programme author's rules it crosses."""
        self.recorder.pain_after(rating)
        self._pain_after = rating
        self._end = None

    def note(self, text: str) -> None:
        """Record the runner's note on the session (an empty one records nothing)."""
        self.recorder.note(text)

    def after(self) -> SessionEnd:
        """Where the ratings point (the pain before against the pain after, or at the
        stop) and the programme author's rules the session crossed. Worked out once per
        rating: asking again (the app asks once the prompts close) reads the same."""
        if self._end is not None:
            return self._end
        before, stopped = self.recorder.pain_before, self.stopped_at
        later = self._pain_after if stopped is None else stopped.pain
        care = care_pointer(before, later) if points_to_care(before, later) else ""
        self._end = SessionEnd(care, self._crossed(), stopped)
        return self._end

    def _crossed(self) -> tuple[str, ...]:
        rules, store = self.recorder.rules, self.recorder.store
        if rules is None or store is None:
            return ()
        from limber.core.following import after_session  # sqlite3: off the start-up path

        programme, week, now = rules
        return tuple(after_session(store, programme, self.session_id, week, now()))
