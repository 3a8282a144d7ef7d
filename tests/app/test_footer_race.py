"""The footer keeps up with the keys after a screen opened and closed in a hurry (a "?"
then Esc on a busy machine): it once stopped changing for good (a CI run caught it)."""

from __future__ import annotations

import asyncio

from textual.screen import Screen

from apptools import make_app, visible_text, wait_for_packs
from limber.ui.widgets.footer import CalmFooter


async def test_the_footer_still_follows_focus_after_a_screen_came_and_went_before_it_drew(
    limber_home,
):
    """The footer redraws after its screen's next refresh. Asked for just as another
    screen opened, the request was handed to that screen and lost with it when it closed
    before drawing: from then on the footer kept the main screen's keys however focus
    moved, and "/" focused the filter under keys it no longer had."""
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        for _ in range(3):
            await pilot.pause()  # start-up's own footer redraws are done
        main = app.screen
        assert "q Quit" in visible_text(app)

        main.query_one(CalmFooter).bindings_changed(main)  # the main screen's keys change
        app.push_screen(Screen())  # ...as a screen opens over it
        for _ in range(5):  # the footer's redraw is asked for; the new screen has not drawn
            await asyncio.sleep(0)
        app.pop_screen()  # and it closes before it draws
        await pilot.pause()

        await pilot.press("slash")  # the filter: its keys replace the main screen's
        await pilot.pause()
        await pilot.pause()
        text = visible_text(app)
        assert "q Quit" not in text and "/ Filter" not in text, text
