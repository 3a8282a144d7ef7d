"""The Limber app: wires the context to the screens. Behaviour lives in screens and widgets."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec
from textual.app import App
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.command import Provider

    from limber.core.packs.host import PackHost

from limber.core.catalogue import Catalogue
from limber.core.clock import utc_now
from limber.core.errors import LimberError
from limber.core.packs.report import LoadReport
from limber.core.paths import Paths
from limber.core.settings import load_settings, load_state, save_setting, save_state
from limber.ui.context import AppContext
from limber.ui.screens.main import MainScreen


def _catalogue_commands() -> type[Provider]:
    """Imported when the palette first opens, not at start-up."""
    from limber.ui.commands import CatalogueCommands

    return CatalogueCommands


class LimberApp(App[None]):
    CSS_PATH = "limber.tcss"
    TITLE = "Limber"
    SUB_TITLE = "lower-back stretching for runners"
    COMMANDS = App.COMMANDS | {_catalogue_commands}
    BINDINGS = [Binding("s", "safety", "Safety", id="safety", show=False)]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context

    def on_mount(self) -> None:
        if not self.context.animate:
            self.animation_level = "none"
        settings = self.context.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            self.notify(
                markup=False,
                message=f"Unknown theme '{settings.theme}' in config.toml; using the default.",
                severity="warning",
            )
        if settings.keys:
            self.set_keymap(settings.keys)
        self._theme_applied = True
        self.push_screen(MainScreen(self.context))
        if self.context.loaded:
            self.packs_ready()
        # else: the packs load once the main screen's first frame is on screen.
        if self.context.settings_problem:
            self.notify(
                markup=False,
                message=self.context.settings_problem,
                title="Settings",
                severity="warning",
                timeout=15,
            )

    def first_frame_drawn(self) -> None:
        """The main screen's first frame is on screen: load the packs if they are not yet
        loaded, then let the garbage collector run again if start-up paused it."""
        try:
            if not self.context.loaded:
                self.load_packs()
        finally:
            if self.context.resume_gc:
                self.context.resume_gc = False
                gc.freeze()  # what start-up made lives on: later collections skip it
                gc.enable()

    def load_packs(self) -> None:
        """Load the installed packs, after the first frame: the screen is up at once and
        the catalogue fills in a moment later. (Imports pluggy and every pack.)"""
        from limber.core.packs.host import load_catalogue, packs_filter

        catalogue, report, host = load_catalogue(only=packs_filter())
        self.context.catalogue, self.context.report, self.context.host = catalogue, report, host
        self.context.loaded = True
        self.main.catalogue_loaded()
        self.packs_ready()

    def packs_ready(self) -> None:
        """What waits for the catalogue: pack notices, the safety notice, `limber run`."""
        for record in self.context.report.failures:
            self.notify(
                markup=False,
                message=f"{record.error}\nPress P for details and how to turn it off.",
                title=f"Pack '{record.name}' did not load",
                severity="error",
                timeout=15,
            )
        if not load_state(self.context.paths.state_file).safety_notice_read:
            from limber.ui.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen(self.context.catalogue), self._safety_read)
        elif self.context.start_routine:
            # `limber run ROUTINE`: once the main screen has composed, not before.
            self.call_after_refresh(self.start_routine, self.context.start_routine)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the app (ctrl+p → Change theme) in config.toml."""
        if not getattr(self, "_theme_applied", False) or theme == self.context.settings.theme:
            return
        try:
            save_setting(self.context.paths.config_file, "theme", theme)
        except LimberError as error:
            self.notify(markup=False, message=f"Theme not saved: {error}", severity="warning")
            return
        self.context.settings = msgspec.structs.replace(self.context.settings, theme=theme)

    def _safety_read(self, read: bool | None) -> None:
        if self.context.start_routine:
            self.start_routine(self.context.start_routine)  # only once the notice is read
        if read:
            state = load_state(self.context.paths.state_file)
            state.safety_notice_read = True
            try:
                save_state(self.context.paths.state_file, state)
            except OSError as error:
                self.notify(
                    markup=False,
                    message=f"Could not remember that you read the notice: {error.strerror}.",
                )

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def start_routine(self, routine_id: str) -> None:
        self.main.start_routine(routine_id)

    def show_item(self, item_id: str) -> None:
        self.main.show_item(item_id)

    def action_help(self) -> None:
        from limber.ui.screens.help import HelpScreen
        from limber.ui.widgets.catalogue_pane import CataloguePane
        from limber.ui.widgets.session_pane import SessionPane

        sections = [
            ("Anywhere", [*MainScreen.BINDINGS, *self.BINDINGS]),
            ("Catalogue", CataloguePane.BINDINGS),
            ("Session", SessionPane.BINDINGS),
        ]
        self.push_screen(HelpScreen(sections, self.context.settings.keys))

    def action_safety(self) -> None:
        from limber.ui.screens.safety import SafetyScreen

        self.push_screen(SafetyScreen(self.context.catalogue))

    def action_guidance(self) -> None:
        from limber.ui.screens.guidance import GuidanceScreen

        self.push_screen(GuidanceScreen(self.context.catalogue))


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
) -> LimberApp:
    """The one way to build the app, for `limber`, `limber run` and the tests."""

    loaded = catalogue is not None and report is not None
    if strict and not loaded:  # a pack author's check: fail before the screen opens
        from limber.core.packs.host import load_catalogue, packs_filter

        catalogue, report, host = load_catalogue(only=packs_filter())
        loaded = True
        if report.failures:
            raise LimberError(report.summary())
    settings, problem = load_settings(paths.config_file)
    context = AppContext(
        catalogue=catalogue or Catalogue(),
        report=report or LoadReport(),
        loaded=loaded,
        paths=paths,
        host=host,
        settings=settings,
        settings_problem=problem,
        clock=clock,
        start_routine=start_routine,
        now=now,
        history_path=paths.history_db,
    )
    return LimberApp(context)


def run_app(
    *,
    strict: bool = False,
    routine: str | None = None,
    loaded: tuple[Catalogue, LoadReport, PackHost] | None = None,
    resume_gc: bool = False,
) -> int:
    """Open the app; ``loaded`` passes on a catalogue the caller has already loaded.
    ``resume_gc``: the caller paused the garbage collector for start-up (``cli.open_app``)."""
    catalogue, report, host = loaded or (None, None, None)
    app = create_app(
        paths=Paths.from_env(),
        strict=strict,
        start_routine=routine,
        catalogue=catalogue,
        report=report,
        host=host,
    )
    app.context.resume_gc = resume_gc
    app.run()
    return app.return_code or 0
