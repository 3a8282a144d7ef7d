"""What the app is given to run: the loaded catalogue, settings, paths and a clock.

Everything the UI depends on comes in through one object so a test can build the app
with a fake clock, a temporary LIMBER_HOME and explicitly registered packs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.packs.report import LoadReport
from limber.core.paths import Paths
from limber.core.plan import PlanSettings
from limber.core.settings import Settings, plan_settings

if TYPE_CHECKING:
    from limber.core.history.store import HistoryStore
    from limber.core.packs.host import PackHost


class AppContext(msgspec.Struct):
    catalogue: Catalogue
    report: LoadReport
    paths: Paths
    loaded: bool = True
    """False until the packs are loaded (the app loads them after its first frame)."""
    host: PackHost | None = None
    settings: Settings = msgspec.field(default_factory=Settings)
    settings_problem: str | None = None
    clock: Callable[[], float] = time.monotonic
    """Monotonic seconds; the session engine's only source of time."""
    now: Callable[[], datetime] = utc_now
    """Wall-clock time (aware), for history: which day a session was on."""
    history_path: Path | None = None
    """Where the history lives; the store (and sqlite3) load the first time it is used."""
    start_routine: str | None = None
    """Open straight into this routine's session (``limber run ROUTINE``)."""
    auto_tick: bool = True
    """Wake the session on its own (at each whole second of the countdown). Tests turn
    this off and tick by hand after moving their fake clock."""
    background: bool = True
    """Open the history in a thread beside the first paint. Tests do it inline, so what
    a snapshot shows does not depend on timing."""
    animate: bool = True
    """Animations and cursor blink; off for deterministic snapshots."""
    resume_gc: bool = False
    """The garbage collector was paused for start-up; turn it back on after the first
    frame (see ``cli.open_app``)."""

    @property
    def plan_settings(self) -> PlanSettings:
        return plan_settings(self.settings)

    _history: HistoryStore | None = None

    @property
    def history(self) -> HistoryStore | None:
        """The history store, opened lazily so start-up does not wait for it."""
        if self._history is None and self.history_path is not None:
            from limber.core.history.store import HistoryStore

            self._history = HistoryStore(self.history_path, now=self.now)
        return self._history

    @history.setter
    def history(self, store: HistoryStore | None) -> None:
        self._history = store

    def pack_version(self, pack: str) -> str:
        return next((p.version for p in self.report.packs if p.name == pack), "")
