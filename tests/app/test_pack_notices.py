"""A pack's word to the runner (API 1.2: ``limber_notice`` at load; API 1.1: the event
hook returns a sentence, such as the voice pack's "no speech engine"): one line above the
footer, never a toast over the session, and it stays on the packs screen under that pack;
the session runs on."""

from __future__ import annotations

import threading

import limber.corepack
from apptools import NOW, FakeClock, make_app, session_of, tick
from limber import hookimpl
from limber.core.packs.host import FolderPack, PackHost
from limber.core.paths import Paths
from limber.core.settings import State, save_state
from limber.ui.app import create_app
from limber.ui.screens.packs import PacksScreen
from limber.ui.widgets.pack_notice import PackNoticeLine
from limber.ui.widgets.session_pane import SessionPane

SENTENCE = "No speech engine was found; the bell still sounds at each change."


class Mute(FolderPack):
    """A speaker pack on a machine with no speech engine: it says so on every event."""

    @hookimpl
    def limber_session_event(self, event: object) -> str:
        return SENTENCE


async def test_no_engine_is_said_once_and_stays_on_the_packs_screen(limber_home, make_pack):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, packs=[("voice", Mute(make_pack("voice")))])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"quick knee", "enter", "enter")
        engine = session_of(app).engine
        assert engine is not None and engine.state == "running"
        await tick(app, pilot, clock, 12)
        assert [n.message for n in app._notifications if SENTENCE in n.message] == []
        line = app.main.query_one(PackNoticeLine)
        assert line.display and f"Pack 'voice': {SENTENCE}" in str(line.render())
        assert engine.state == "running" and engine.index > 0

        await pilot.press("e", "escape", "P")
        assert isinstance(app.screen, PacksScreen)
        packs = [r.name for r in app.screen.report.packs]
        app.screen.query_one("#pack-list").highlighted = packs.index("voice")
        await pilot.pause()
        body = str(app.screen.query_one("#pack-body").render())
        assert f"What it told you:\n • Pack 'voice': {SENTENCE}" in body
        app.screen.query_one("#pack-list").highlighted = packs.index("core")
        await pilot.pause()
        assert "What it told you" not in str(app.screen.query_one("#pack-body").render())


class Sleepy(FolderPack):
    """An exporter pack whose event hook hangs (a network call that never returns)."""

    def __init__(self, root) -> None:  # type: ignore[no-untyped-def]
        super().__init__(root)
        self.threads: list[threading.Thread] = []
        self.release = threading.Event()

    @hookimpl
    def limber_session_event(self, event: object) -> None:
        self.threads.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            self.release.wait(20)


async def test_a_hanging_event_hook_never_holds_up_the_session(limber_home, make_pack):
    """The hook runs off the screen's thread, is given up after the time limit and said
    once; the countdown, the keys and the record go on meanwhile."""
    sleepy = Sleepy(make_pack("sleepy"))
    host = PackHost(seconds=0.2)
    host.register(limber.corepack, "core", version="0.1.0", distribution="limber")
    host.register(sleepy, "sleepy", version="1.0.0")
    catalogue, report = host.collect()
    clock = FakeClock()
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    app = create_app(
        paths=Paths(limber_home),
        catalogue=catalogue,
        report=report,
        host=host,
        clock=clock,
        now=lambda: NOW,
        settings_overrides={"bell": False, "ask_pain": False},
        auto_tick=False,
        animate=False,
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):  # the main screen is pushed after the first frame
                await pilot.pause(0.01)
                if app.main.query(SessionPane):
                    break
            app.main.start_routine("core/quick-knee-to-chest")
            await pilot.pause()
            engine = session_of(app).engine
            assert engine is not None
            await tick(app, pilot, clock, engine.plan.total_seconds + 1)
            assert engine.status == "completed"
            line = app.main.query_one(PackNoticeLine)
            for _ in range(200):  # the courier gives the hook up after 0.2 s
                await pilot.pause(0.01)
                if "sleepy" in str(line.render()):
                    break
            assert line.display and (
                "Pack 'sleepy' on session-started: took longer than 0.2 s, so "
                "Limber went on without it"
            ) in str(line.render())
            assert sleepy.threads and threading.main_thread() not in sleepy.threads
            assert len(sleepy.threads) == 1  # left out after it hung
        (record,) = app.state.history.sessions()
        assert record.status == "completed"
    finally:
        sleepy.release.set()


class MuteAtLoad(FolderPack):
    """The voice pack on a machine with no speech engine, as it loads (API 1.2)."""

    @hookimpl
    def limber_notice(self) -> str:
        return SENTENCE


async def test_a_notice_at_load_shows_before_any_session_and_not_as_a_toast(limber_home, make_pack):
    app = make_app(limber_home, packs=[("voice", MuteAtLoad(make_pack("voice")))])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.main.query_one(PackNoticeLine)
        assert line.display and f"Pack 'voice': {SENTENCE}" in str(line.render())
        assert line.region.y == 22  # the row above the footer
        assert not any(SENTENCE in n.message for n in app._notifications)
        record = {r.name: r for r in app.state.report.packs}["voice"]
        assert record.notice == f"Pack 'voice': {SENTENCE}"


async def test_no_notice_no_line(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.main.query_one(PackNoticeLine).display


class SaysThenFails(FolderPack):
    """A speaker pack that warns at the start, then fails on every later event."""

    @hookimpl
    def limber_session_event(self, event) -> str:  # type: ignore[no-untyped-def]
        if event.kind == "session-started":
            return SENTENCE
        raise RuntimeError("speaker unplugged")


async def test_a_pack_that_warns_then_fails_is_shown_failing(limber_home, make_pack):
    """Its notice does not hide its failure: the line ends on the failure."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, packs=[("voice", SaysThenFails(make_pack("voice")))])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"quick knee", "enter", "enter")
        await tick(app, pilot, clock, 12)
        line = app.main.query_one(PackNoticeLine)
        failed = "Pack 'voice' failed on phase-started: RuntimeError: speaker unplugged"
        for _ in range(200):  # the hooks run in the courier's thread
            await pilot.pause(0.01)
            if failed in str(line.render()):
                break
        assert line.display and failed in str(line.render())
        assert session_of(app).engine.state == "running"
