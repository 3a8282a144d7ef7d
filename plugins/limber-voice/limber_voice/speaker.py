"""The speaker: a thread of its own that turns events into cues and speaks them.

The app's thread only appends the event to a queue and wakes the speaker (see
:meth:`Speaker.hear`), so the hook returns in microseconds whatever the engine does.
On its thread the speaker reads the settings and finds the engine at the first event,
then speaks each cue. When a newer cue arrives while one is still being spoken, the
stale one is cut off (its process ended) and the newer one starts: a runner hears
"switch sides" at the switch, not the end of a sentence about the last side. An engine
that hangs longer than the timeout or fails is reported once; its cue is dropped and the
session carries on.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from limber_voice.cues import Cue, cue_for
from limber_voice.settings import VoiceSettings

if TYPE_CHECKING:
    from limber import SessionEvent

    from limber_voice.engines import Engine, Running

POLL = 0.02
"""How often a speaking speaker looks for a newer cue (seconds)."""

FindEngine = Callable[[VoiceSettings], "tuple[Engine | None, str | None]"]
LoadSettings = Callable[[], "tuple[VoiceSettings, str | None]"]


class Speaker:
    """Speaks the cues of the events it hears, on its own daemon thread."""

    def __init__(self, find_engine: FindEngine, load_settings: LoadSettings) -> None:
        self._find_engine = find_engine
        self._load_settings = load_settings
        self._events: deque[SessionEvent] = deque()
        self._wake = threading.Condition()
        self._notices: deque[str] = deque()
        self._said: set[str] = set()
        self._busy = False
        self.spoken: list[str] = []
        """Every cue started, in order (what a runner heard the start of)."""
        self.cut_off: list[str] = []
        """Cues ended early because a newer one was due."""
        self._thread = threading.Thread(target=self._run, name="limber-voice", daemon=True)
        self._thread.start()

    @classmethod
    def for_runner(cls) -> Speaker:
        """The real thing: settings from ``config.toml``, the first engine installed."""
        from limber_voice import engines, settings

        return cls(engines.find, settings.load)

    # -- the app's thread ----------------------------------------------------------------

    def hear(self, event: SessionEvent) -> None:
        """Queue an event; never waits for speech."""
        with self._wake:
            self._events.append(event)
            self._wake.notify()

    def pop_notice(self) -> str | None:
        """The next sentence for the runner, each one only once."""
        try:
            return self._notices.popleft()
        except IndexError:
            return None

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every event heard has been dealt with (for tests and the CLI)."""
        end = time.monotonic() + timeout
        with self._wake:
            while self._events or self._busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(min(left, POLL))
        return True

    # -- the speaker's thread ------------------------------------------------------------

    def _notice(self, key: str, sentence: str) -> None:
        if key not in self._said:
            self._said.add(key)
            self._notices.append(sentence)

    def _next_cue(self, settings: VoiceSettings, wait: float | None) -> Cue | None:
        """The newest cue among the events queued (waiting up to ``wait``; None: forever)."""
        with self._wake:
            if not self._events:
                if wait is None:
                    self._busy = False
                    self._wake.notify_all()
                    while not self._events:
                        self._wake.wait()
                else:
                    self._wake.wait(wait)
            events = list(self._events)
            self._events.clear()
            self._busy = True
        cue = None
        for event in events:
            cue = cue_for(event, settings) or cue
        return cue

    def _run(self) -> None:
        with self._wake:
            while not self._events:
                self._wake.wait()
        settings, problem = self._load_settings()
        if problem:
            self._notice("settings", problem)
        engine: Engine | None = None
        if settings.enabled:
            engine, problem = self._find_engine(settings)
            if problem:
                self._notice("engine", problem)
        cue: Cue | None = None
        while True:
            cue = cue or self._next_cue(settings, None)
            if cue is None or engine is None or not settings.enabled:
                cue = None
                continue
            cue = self._speak(engine, cue, settings)

    def _speak(self, engine: Engine, cue: Cue, settings: VoiceSettings) -> Cue | None:
        """Speak one cue; return a newer cue that cut it off, if any."""
        try:
            running: Running = engine.start(cue)
        except Exception as error:
            self._notice(
                "crash", f"The {engine.name} speech engine failed ({error}); that cue was dropped."
            )
            return None
        self.spoken.append(cue.text)
        deadline = time.monotonic() + settings.timeout
        while (status := running.poll()) is None:
            newer = self._next_cue(settings, POLL)
            if newer is not None:
                _end(running)
                self.cut_off.append(cue.text)
                return newer
            if time.monotonic() > deadline:
                _end(running)
                self._notice(
                    "hang",
                    f"The {engine.name} speech engine did not finish a cue within "
                    f"{settings.timeout:g} s; such cues are dropped.",
                )
                return None
        if status != 0:
            self._notice(
                "crash",
                f"The {engine.name} speech engine stopped with status {status}; "
                "that cue was dropped.",
            )
        return None


def _end(running: Running) -> None:
    """Stop a cue's process and reap it, so no zombie is left behind."""
    running.kill()
    for _ in range(100):
        if running.poll() is not None:
            return
        time.sleep(0.005)
