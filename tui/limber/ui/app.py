"""The Limber app: services in, the main screen up. Behaviour lives in screens, the main
screen's flows and widgets; start-up belongs to the main screen."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.command import Provider
    from textual.driver import Driver

    from limber.core.history.store import HistoryStore
    from limber.core.packs.host import PackHost
    from limber.ui.screens.main import MainScreen

from limber.core import collector
from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.packs.report import LoadReport
from limber.core.paths import Paths
from limber.core.settings import load_settings, load_state, save_setting
from limber.ui import (
    csscache,
    textual_fixes,  # noqa: F401  (applied as it loads, before any widget)
)
from limber.ui.context import Packs, ScreenState, Services
from limber.ui.startup import FirstWriteApp


def _catalogue_commands() -> type[Provider]:
    """Imported when the palette first opens, not at start-up."""
    from limber.ui.commands import CatalogueCommands  # off the start-up path

    return CatalogueCommands


class Backdrop(Screen[None]):
    """The bottom of the screen stack, under the main screen or the first-run notice
    (which shows it through its tinted background). ``BLANK``: drawn as blank lines
    Textual shares, not a line of its own for each row (about 60 KiB of a first run's
    peak memory); the same cells either way."""

    BLANK = True


class LimberApp(FirstWriteApp):
    CSS_PATH = "limber.tcss"
    TITLE = "Limber"
    SUB_TITLE = "lower-back stretching for runners"
    COMMANDS = App.COMMANDS | {_catalogue_commands}
    BINDINGS = [
        Binding(
            "s",
            "safety",
            "Safety",
            id="safety",
            show=False,
            tooltip="The safety notice: when to stop and see a professional.",
        )
    ]

    def __init__(self, services: Services, state: ScreenState) -> None:
        super().__init__()
        self.services = services
        self.state = state
        self._saved_theme: str | None = None
        """The theme config.toml holds; None until the app has applied it."""
        self._css_kept: csscache.Keys = frozenset()
        """The stylesheet's parsed rules the cache file holds (``ui/csscache.py``)."""
        if services.css_cache is not None:
            self._css_kept = csscache.load(self.stylesheet, services.css_cache)
        self._main: MainScreen | None = None

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one whose input thread
        sleeps until a key comes (``ui/quietdriver.py``). ``limber serve`` keeps its own."""
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver" and driver.__module__ == "textual.drivers.linux_driver":
            from limber.ui.quietdriver import QuietLinuxDriver  # termios: not on Windows

            return QuietLinuxDriver
        return driver

    @property
    def main(self) -> MainScreen:
        """The main screen, made when first asked for: on a first run, once the notice
        has been read (its module and its panes are not loaded while the notice is on
        the terminal: about 0.8 MiB and their import time)."""
        if self._main is None:
            # Imported here: a first run's notice is written without it.
            from limber.ui.screens.main import MainScreen

            self._main = MainScreen(self.services, self.state)
        return self._main

    def get_default_screen(self) -> Screen[Any]:
        return Backdrop(id="_default")

    def on_mount(self) -> None:
        if not self.services.animate:
            self.animation_level = "none"
        theme = self.services.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(
                markup=False,
                message=f"Unknown theme '{theme}' in config.toml; using the default.",
                severity="warning",
            )
        self._saved_theme = theme
        if self.services.settings.keys:
            self.set_keymap(self.services.settings.keys)
        if self.services.first_run:
            # The notice on its own, so it is on the terminal as soon as a minimal app's
            # screen would be; the main screen (and the packs) once it has been read.
            # (Imported here: a returning runner's start-up never loads the notice.)
            from limber.ui.screens.safety import first_run_notice

            self._push_first(first_run_notice(self.state), self._notice_read)
            if self.services.resume_gc:
                self.after_next_write(collector.resume_after_start_up)
        else:
            self._push_first(self.main)
            self.after_next_write(self.keep_css)

    def _push_first(
        self, screen: Screen[Any], callback: Callable[[Any], None] | None = None
    ) -> None:
        """The first screen, pushed once Textual's mount batch is over: pushed inside it,
        it is drawn once in the batch and thrown away (about 10 ms), then drawn again to
        be written. Tests push it at once, so it is there as soon as the app is ready."""
        if self.services.background:
            self.call_later(self.push_screen, screen, callback)
        else:
            self.push_screen(screen, callback)

    def _notice_read(self, _read: bool | None) -> None:
        from limber.ui.screens.safety import remember_notice_read  # first run only

        self.push_screen(self.main)
        # Not while the notice is read: pickling the rules would add to its peak memory.
        self.after_next_write(self.keep_css)
        if problem := remember_notice_read(self.services.paths.state_file):
            self.notify(markup=False, message=problem, severity="warning")

    def keep_css(self) -> None:
        """Keep the stylesheet's parsed rules for the next start, if it has parsed any
        the cache does not hold (the main screen's, once it is on the terminal; the
        others', when the app ends)."""
        if self.services.css_cache is not None:
            self._css_kept = csscache.save(self.stylesheet, self.services.css_cache, self._css_kept)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the app (ctrl+p → Change theme) in config.toml."""
        if self._saved_theme is None or theme == self._saved_theme:
            return
        try:
            save_setting(self.services.paths.config_file, "theme", theme)
        except LimberError as error:
            self.notify(markup=False, message=f"Theme not saved: {error}", severity="warning")
            return
        self._saved_theme = theme

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands but its "Keys" panel: ``?`` is the one help (it lists
        every key, remapped ones too, and closes on Escape)."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit ask once during a session, as q does."""
        if self._main is not None and self._main.is_attached:
            self._main.action_quit()
        else:  # the first-run notice, before the main screen
            self.exit()

    def action_safety(self) -> None:
        from limber.ui.screens.safety import SafetyScreen  # off the start-up path

        self.push_screen(SafetyScreen(self.state.catalogue))

    def action_guidance(self) -> None:
        from limber.ui.screens.guidance import GuidanceScreen  # off the start-up path

        self.push_screen(GuidanceScreen(self.state.catalogue))


def _load_installed_packs() -> Packs:
    # Off the start-up path: pluggy and the packs load once the first frame is out.
    from limber.core.packs.host import load_catalogue, packs_filter

    catalogue, report, host = load_catalogue(only=packs_filter())
    return Packs(catalogue, report, host)


def create_app(
    *,
    paths: Paths,
    catalogue: Catalogue | None = None,
    report: LoadReport | None = None,
    host: PackHost | None = None,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
    start_routine: str | None = None,
    strict: bool = False,
    open_history: Callable[[], HistoryStore | None] | None = None,
    settings_overrides: Mapping[str, Any] | None = None,
    resume_gc: bool = False,
    auto_tick: bool = True,
    background: bool = True,
    animate: bool = True,
    keep_css: bool = False,
) -> LimberApp:
    """The one way to build the app, for `limber`, `limber run` and the tests.

    Packs handed in (``catalogue`` and ``report``) are used as they are; otherwise they
    load after the first frame (``strict``: before the app opens, failing on a bad pack).
    ``auto_tick``, ``background`` and ``animate`` are for tests: see :class:`Services`.
    ``keep_css``: the stylesheet's parsed rules kept between runs (``ui/csscache.py``).
    """
    packs: Packs | None = None
    if catalogue is not None and report is not None:
        packs = Packs(catalogue, report, host)
    if strict and packs is None:  # a pack author's check: fail before the screen opens
        packs = _load_installed_packs()
        if packs.report.failures:
            raise LimberError(packs.report.summary())
    settings, problem = load_settings(paths.config_file)
    if settings_overrides:
        settings = msgspec.structs.replace(settings, **settings_overrides)

    def history() -> HistoryStore:
        from limber.core.history.store import HistoryStore  # sqlite3: after the first frame

        return HistoryStore(paths.history_db, now=now)

    services = Services(
        paths=paths,
        settings=settings,
        settings_problem=problem,
        load_packs=_load_installed_packs,
        open_history=open_history or history,
        clock=clock,
        now=now,
        start_routine=start_routine,
        first_run=not load_state(paths.state_file).safety_notice_read,
        resume_gc=resume_gc,
        auto_tick=auto_tick,
        background=background,
        animate=animate,
        css_cache=paths.cache_dir / csscache.FILE_NAME if keep_css else None,
    )
    return LimberApp(services, ScreenState(services, packs))
