"""What wakes a running session: just after each whole second of its countdown, so the
display is never late, by one timer that repeats each second (not a timer made anew each
tick), set again only when the seconds move against it (a pause or a resume, a skip, a
late wake)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.timer import Timer

    from limber.core.session import SessionEngine

ALIGNED = 0.9
"""A tick that finds the countdown this close below a whole second (at most 0.1 s past
it) keeps its timer; any other sets it again to just after the next whole second."""


def _past_second(engine: SessionEngine) -> float:
    """How far the time left is above a whole second: counting down, 0.99 means a whole
    second was passed 0.01 s ago."""
    return engine.remaining - math.floor(engine.remaining)


class Ticker:
    """Calls ``tick`` about once a second on ``owner``'s timers while ``engine`` runs."""

    def __init__(self, owner: MessagePump, tick: Callable[[], None]) -> None:
        self.owner, self.tick = owner, tick
        self.timer: Timer | None = None

    def on_the_second(self, engine: SessionEngine) -> bool:
        """Whether the timer that woke this tick still wakes just after each whole second
        of the countdown (paused: each second, keeping an eye out for a resume)."""
        if self.timer is None or engine.state == "finished":
            return False
        return engine.state == "paused" or _past_second(engine) > ALIGNED

    def schedule(self, engine: SessionEngine | None) -> None:
        """Set the timer again for ``engine`` as it is now (None, or finished: stop)."""
        self.stop()
        if engine is None or engine.state == "finished":
            return
        fraction = _past_second(engine)
        if engine.state == "paused" or fraction <= 0.005:
            self.timer = self.owner.set_interval(1.0, self.tick)
        else:  # first to just after the next whole second, then each second from there
            self.timer = self.owner.set_timer(fraction + 0.01, self._start)

    def _start(self) -> None:
        self.timer = self.owner.set_interval(1.0, self.tick)
        self.tick()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
