"""The footer shows the keys that work where the runner is: in the filter, how to leave
it, and after a screen opened and closed in a hurry (a "?" then Esc on a busy machine)
still the keys of the moment (it once stopped changing for good; a CI run caught it)."""

from __future__ import annotations

import asyncio

from textual.screen import Screen
from textual.widgets import Input

from apptools import footer_when, make_app, wait_for_packs
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
        footer = await footer_when(app, pilot, lambda row: "q Quit" in row)
        assert "q Quit" in footer, footer
        for _ in range(2):
            await pilot.pause()  # start-up's own footer redraws are done
        main = app.screen

        main.query_one(CalmFooter).bindings_changed(main)  # the main screen's keys change
        app.push_screen(Screen())  # ...as a screen opens over it
        for _ in range(5):  # the footer's redraw is asked for; the new screen has not drawn
            await asyncio.sleep(0)
        app.pop_screen()  # and it closes before it draws
        await pilot.pause()

        await pilot.press("slash")  # the filter: its keys replace the main screen's
        footer = await footer_when(app, pilot, lambda row: "q Quit" not in row)
        assert "q Quit" not in footer and "/ Filter" not in footer, footer


async def test_in_the_filter_the_footer_says_how_to_clear_it_and_reach_the_results(limber_home):
    """While typing, letters are text, so the screen's keys are not offered: the footer
    shows Esc and down instead of going blank. Back on the list, Esc is offered while
    the filter narrows it, and not once it is clear."""
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        footer = await footer_when(app, pilot, lambda row: "q Quit" in row)
        assert "q Quit" in footer and "Clear filter" not in footer, footer

        await pilot.press("slash", *"twist")
        footer = await footer_when(app, pilot, lambda row: "Clear filter" in row)
        assert "esc Clear filter" in footer and "↓ To the results" in footer, footer
        assert "q Quit" not in footer, footer

        await pilot.press("down")  # to the results, still narrowed
        footer = await footer_when(app, pilot, lambda row: "q Quit" in row)
        assert "esc Clear filter" in footer and "q Quit" in footer, footer
        assert "To the results" not in footer, footer

        await pilot.press("escape")  # cleared: nothing left to clear
        footer = await footer_when(app, pilot, lambda row: "Clear filter" not in row)
        assert app.main.query_one("#filter", Input).value == ""
        assert "Clear filter" not in footer and "q Quit" in footer, footer
