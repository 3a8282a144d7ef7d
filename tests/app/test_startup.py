"""Start-up as a person gets it: the first frame first, then the packs and the history."""

from __future__ import annotations

import gc

from textual.app import App
from textual.widgets import OptionList, Static

from apptools import NOW, history_text, read_to_the_end, visible_text, wait_for_packs
from historytools import WallClock, add_session, open_store
from limber.core.history.store import HistoryStore
from limber.core.paths import Paths
from limber.core.settings import State, load_state, save_state
from limber.ui import app as app_module
from limber.ui.app import create_app
from limber.ui.flows.loading import LoadingFlow
from limber.ui.screens.safety import SafetyScreen
from limber.ui.startup import FirstWriteApp


async def test_the_collector_paused_for_start_up_runs_again_once_the_app_is_up(
    limber_home, monkeypatch
):
    """`limber` pauses the garbage collector while it starts (launch.open_app)."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    app = create_app(paths=Paths(limber_home), resume_gc=True)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_packs(app, pilot)
            assert gc.isenabled()
            # The catalogue, loaded in a thread after the first frame, is frozen too:
            # no later collection walks it while the runner types.
            stretches = app.main.catalogue.stretches
            assert stretches and not any(o is stretches for o in gc.get_objects())
    finally:
        gc.enable()
        gc.unfreeze()


def count_written_frames(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Frames Textual hands to the terminal's driver (its ``_display`` outside a batch),
    by the name of their screen. (Inside Textual's mount batch ``_display`` returns
    without writing a byte.)"""
    frames: list[str] = []
    display = App._display

    def counting_display(self, screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None and not self._batch_count:
            frames.append(type(screen).__name__)
        display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", counting_display)
    return frames


async def test_the_first_frame_is_written_before_the_packs_load(limber_home, monkeypatch):
    """The screen reaches the terminal first, its catalogue saying "Loading packs…";
    then the packs load (ui/startup.py) and the catalogue fills in."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    frames = count_written_frames(monkeypatch)
    seen_at_load: list[tuple[int, str]] = []
    load = app_module._load_installed_packs

    def recording_load():  # type: ignore[no-untyped-def]
        items = app.main.query_one("#items", OptionList)
        seen_at_load.append((len(frames), str(items.get_option_at_index(0).prompt)))
        return load()

    monkeypatch.setattr(app_module, "_load_installed_packs", recording_load)
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        await pilot.pause()
        ((frames_before, shown_before),) = seen_at_load
        assert frames_before >= 1
        assert shown_before == "Loading packs…"
        assert app.state.loaded
        assert "found" in str(app.main.query_one("#catalogue").border_subtitle)


async def test_the_packs_load_even_if_no_frame_is_ever_written(limber_home, monkeypatch):
    """A guard against a Textual that draws differently: start-up waits for the first
    write only so long (FirstWriteApp.WRITE_DEADLINE), then goes on."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    monkeypatch.setattr(FirstWriteApp, "_display", lambda self, screen, renderable: None)
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    app.WRITE_DEADLINE = 0.05
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)


async def test_a_first_runs_safety_notice_is_the_first_screen_on_the_terminal(
    limber_home, monkeypatch
):
    """The notice (the core's own pages) is written on its own, before the main screen
    is even composed; the main screen and the packs follow once it has been read, and it
    is not shown again when they are in."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    frames = count_written_frames(monkeypatch)
    seen_at_load: list[list[str]] = []
    load = app_module._load_installed_packs

    def recording_load():  # type: ignore[no-untyped-def]
        seen_at_load.append(list(frames))
        return load()

    monkeypatch.setattr(app_module, "_load_installed_packs", recording_load)
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert frames and set(frames) == {"SafetyScreen"}
        body = app.screen.query_one("#safety-body").query_one(Static)
        assert "stop at once and see a professional" in str(body.render())
        assert not seen_at_load and not app.main.is_attached
        await read_to_the_end(app, pilot)
        await wait_for_packs(app, pilot)
        (written_before,) = seen_at_load
        assert written_before[-1] == "MainScreen"
        assert app.screen is app.main
        assert SafetyScreen not in [type(s) for s in app.screen_stack]
        assert load_state(Paths(limber_home).state_file).safety_notice_read


async def test_a_returning_runners_history_is_read_after_the_first_frame(limber_home, monkeypatch):
    """A long history takes tens of ms to open and check; the screen does not wait."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    paths = Paths(limber_home)
    save_state(paths.state_file, State(safety_notice_read=True))
    clock = WallClock()
    store = open_store(paths.history_db, clock)
    add_session(store, clock, NOW.replace(hour=7))
    store.close()

    frames = count_written_frames(monkeypatch)
    seen_when_opened: list[tuple[int, str]] = []
    open_history = LoadingFlow.open_history

    def recording_open(self: LoadingFlow) -> None:
        seen_when_opened.append((len(frames), history_text(self.screen.app)))
        open_history(self)

    monkeypatch.setattr(LoadingFlow, "open_history", recording_open)
    app = create_app(paths=paths, now=lambda: NOW)  # history in a thread, as for a person
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        ((frames_before, text_before),) = seen_when_opened
        assert frames_before >= 1
        assert text_before.startswith("Reading your history")  # never "No sessions yet"
        assert "Streak 1 day" in history_text(app)


async def test_a_new_runner_is_told_what_the_history_pane_will_show(limber_home, monkeypatch):
    """With nothing recorded there is nothing to read: the store (and sqlite3, about
    2.5 MiB) waits for the first session to be saved or the history to be opened."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    paths = Paths(limber_home)
    save_state(paths.state_file, State(safety_notice_read=True))
    opened: list[HistoryStore] = []

    def open_history() -> HistoryStore:
        opened.append(HistoryStore(paths.history_db, now=lambda: NOW))
        return opened[-1]

    app = create_app(paths=paths, now=lambda: NOW, open_history=open_history)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No sessions yet" in history_text(app)
        assert not opened
        await pilot.press("H")
        assert opened and "No sessions yet" in visible_text(app)


async def test_a_first_run_can_quit_from_the_notice_and_collects_garbage_while_it_is_read(
    limber_home, monkeypatch
):
    """The notice may be read for minutes: the collector paused for start-up runs again
    once it is on screen, and ctrl+q quits from it (there is no main screen yet)."""
    monkeypatch.setenv("LIMBER_PACKS", "")
    app = create_app(paths=Paths(limber_home), resume_gc=True)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                await pilot.pause(0.01)
                if gc.isenabled():
                    break
            assert gc.isenabled() and isinstance(app.screen, SafetyScreen)
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0
        assert not load_state(Paths(limber_home).state_file).safety_notice_read
    finally:
        gc.enable()
        gc.unfreeze()
