"""On a phone held upright (narrow and tall) every footer key stays on screen to tap."""

from __future__ import annotations

import pytest

from apptools import FakeClock, make_app, visible_text, wait_for_packs


@pytest.mark.parametrize("size", [(41, 46), (37, 40), (60, 30)])
async def test_a_running_session_on_an_upright_phone_shows_every_footer_key(limber_home, size):
    """The keys wrap onto rows of their own (a short window keeps one line: see the 60×20
    snapshot), so Skip and End can be tapped where there is no keyboard."""
    app = make_app(limber_home, clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await wait_for_packs(app, pilot)
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await pilot.pause()
        text = visible_text(app)
        for key in ("h This hurts", "space Pause", "f Full screen", "n Skip", "e End", "q Quit"):
            assert key in text, text
