"""What the app is given (services, frozen) and what its main screen learns (state).

Everything the UI depends on comes in through :class:`Services`, built once by
``create_app``, so a test can run the app with a fake clock, a temporary LIMBER_HOME,
explicitly registered packs and its own history. What changes while the app runs (the
packs once loaded, the history once opened) is :class:`ScreenState`, owned by the main
screen.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.packs.report import LoadReport
from limber.core.paths import Paths
from limber.core.plan import PlanSettings
from limber.core.settings import Settings, plan_settings

if TYPE_CHECKING:
    from pathlib import Path

    from textual.notifications import SeverityLevel

    from limber.core.history.store import HistoryStore
    from limber.core.packs.host import PackHost


class Packs(msgspec.Struct, frozen=True):
    """The loaded packs: the merged catalogue, the load report and the host (for hooks)."""

    catalogue: Catalogue
    report: LoadReport
    host: PackHost | None = None


class Services(msgspec.Struct, frozen=True):
    """What the app runs on; fixed for the app's life."""

    paths: Paths
    settings: Settings
    """As loaded from config.toml at start (a theme chosen later is saved, not put here)."""
    load_packs: Callable[[], Packs]
    """Loads the installed packs (pluggy and every pack); called after the first frame."""
    open_history: Callable[[], HistoryStore | None]
    """Opens the history store (and sqlite3); called once, after or beside the first frame."""
    settings_problem: str | None = None
    clock: Callable[[], float] = time.monotonic
    """Monotonic seconds; the session engine's only source of time."""
    now: Callable[[], datetime] = utc_now
    """Wall-clock time (aware), for history: which day a session was on."""
    start_routine: str | None = None
    """Open straight into this routine's session (``limber run ROUTINE``)."""
    first_run: bool = False
    """The safety notice has never been read: it is the first screen, on its own."""
    resume_gc: bool = False
    """The garbage collector was paused for start-up (``launch.open_app``); turn it back
    on after the first frame."""
    auto_tick: bool = True
    """Wake the session on its own; tests tick by hand after moving their fake clock."""
    background: bool = True
    """Open the history in a thread beside the first paint, and push the first screen
    once Textual's mount batch is over; tests do both at once, so what a snapshot shows
    does not depend on timing."""
    animate: bool = True
    """Animations and cursor blink; off for deterministic snapshots."""
    css_cache: Path | None = None
    """Where the stylesheet's parsed rules are kept between runs (``ui/csscache.py``);
    None (tests): parsed at every start, as Textual does."""

    @property
    def plan_settings(self) -> PlanSettings:
        return plan_settings(self.settings)


class ScreenState:
    """What the main screen has learnt since start-up: the packs, the history."""

    def __init__(self, services: Services, packs: Packs | None = None) -> None:
        self._services = services
        self.packs = packs
        """None until the packs are loaded (after the first frame)."""
        self._empty = Packs(Catalogue(), LoadReport())
        self._history: HistoryStore | None = None
        self._history_opened = False

    @property
    def loaded(self) -> bool:
        return self.packs is not None

    @property
    def catalogue(self) -> Catalogue:
        return (self.packs or self._empty).catalogue

    @property
    def report(self) -> LoadReport:
        return (self.packs or self._empty).report

    @property
    def history(self) -> HistoryStore | None:
        """The history store, opened the first time it is asked for."""
        if not self._history_opened:
            self._history = self._services.open_history()
            self._history_opened = True
        return self._history

    @property
    def has_history(self) -> bool:
        """A history store is open or there is a history file to open. Until then nothing
        has been recorded, and sqlite3 (about 2.5 MiB) waits for the first session."""
        # lexists: a broken link or a link loop is a history to open, so the store says
        # why it cannot be read (Path.exists would call it "no history yet").
        return self._history_opened or os.path.lexists(self._services.paths.history_db)

    @property
    def kept_history(self) -> HistoryStore | None:
        """The history store, if :attr:`has_history`; None while nothing is recorded."""
        return self.history if self.has_history else None


def pack_notices(report: LoadReport) -> list[tuple[str, str, SeverityLevel]]:
    """``(title, message, severity)`` of each notice the load report calls for: a pack
    that did not load, and (up to five a pack) a file of a pack that was left out."""
    notices: list[tuple[str, str, SeverityLevel]] = [
        (
            f"Pack '{record.name}' did not load",
            f"{record.error}\nPress P for details and how to turn it off.",
            "error",
        )
        for record in report.failures
    ]
    for record in report.packs:
        notices += [
            (
                f"A file of '{record.name}' was left out",
                f"{why}\nThe other files loaded.",
                "warning",
            )
            for why in record.skipped[:5]
        ]
        notices += [
            (
                f"A figure of '{record.name}' was left out",
                f"{why}\nThe stretch shows without its figure.",
                "warning",
            )
            for why in record.figures_left_out[:5]
        ]
    return notices
