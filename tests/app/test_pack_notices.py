"""A pack's word to the runner during a session (API 1.1: the event hook returns a
sentence, such as the voice pack's "no speech engine"): a notice once, then it stays on
the packs screen under that pack, and the session runs on."""

from __future__ import annotations

from apptools import FakeClock, make_app, session_of, tick
from limber import hookimpl
from limber.core.packs.host import FolderPack
from limber.ui.screens.packs import PacksScreen

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
        said = [n.message for n in app._notifications if SENTENCE in n.message]
        assert said == [f"Pack 'voice': {SENTENCE}"]
        assert engine.state == "running" and engine.index > 0

        await pilot.press("e", "escape", "P")
        assert isinstance(app.screen, PacksScreen)
        packs = [r.name for r in app.screen.report.packs]
        app.screen.query_one("#pack-list").highlighted = packs.index("voice")
        await pilot.pause()
        body = str(app.screen.query_one("#pack-body").render())
        assert f"During a session:\n • Pack 'voice': {SENTENCE}" in body
        app.screen.query_one("#pack-list").highlighted = packs.index("core")
        await pilot.pause()
        assert "During a session" not in str(app.screen.query_one("#pack-body").render())
