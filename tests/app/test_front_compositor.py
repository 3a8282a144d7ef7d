"""Limber's screens' compositor sends the terminal what Textual's would, rendering less.

Every update of a session (its seconds, its phase changes, a pause, the full screen and
back, a resize) and of the catalogue (typing a filter, moving through the list), partial
or whole, is made twice, by Textual's compositor and by :class:`FrontCompositor` from
the same changes, and the bytes each would write are compared.
"""

from __future__ import annotations

import pytest
from textual._compositor import Compositor
from textual.widget import Widget

from apptools import FakeClock, make_app, session_of, tick, wait_for_packs
from historytools import fill_history
from limber.core.paths import Paths
from limber.ui.compositor import FrontCompositor


@pytest.fixture
def compared(monkeypatch):  # type: ignore[no-untyped-def]
    """Every update of a FrontCompositor, partial and full, checked against Textual's;
    the list of (frame, Textual's bytes, ours) where they differ, and the counts made."""
    seen = {"frames": 0, "full": 0, "differ": []}
    ours = FrontCompositor.render_partial_update

    def both(self: FrontCompositor):  # type: ignore[no-untyped-def]
        dirty = self._dirty_regions.copy()
        theirs = Compositor.render_partial_update(self)
        self._dirty_regions.update(dirty)
        mine = ours(self)
        if theirs is None or mine is None:
            assert theirs is mine
            return mine
        console = self_app(self).console
        expected, got = theirs.render_segments(console), mine.render_segments(console)
        seen["frames"] += 1
        if expected != got:
            seen["differ"].append((seen["frames"], expected, got))
        return mine

    full = FrontCompositor.render_full_update

    def both_full(self: FrontCompositor, simplify: bool = False):  # type: ignore[no-untyped-def]
        theirs = Compositor.render_full_update(self, simplify=simplify)
        mine = full(self, simplify=simplify)
        console = self_app(self).console
        expected, got = list(console.render(theirs)), list(console.render(mine))
        seen["full"] += 1
        if expected != got:
            seen["differ"].append((f"full {seen['full']}", expected, got))
        return mine

    monkeypatch.setattr(FrontCompositor, "render_partial_update", both)
    monkeypatch.setattr(FrontCompositor, "render_full_update", both_full)
    return seen


def self_app(compositor: Compositor):  # type: ignore[no-untyped-def]
    widget = next(iter(compositor.visible_widgets))
    return widget.app


async def test_a_whole_session_and_the_catalogue_send_what_textual_would(limber_home, compared):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"twist", "down", "down", "up", "escape", "down", "down")
        app.main.start_routine("core/post-run")
        await pilot.pause()
        session = session_of(app)
        for second in range(400):
            if second == 20:
                await pilot.press("space")  # pause
            if second == 25:
                await pilot.press("space")
            if second == 40:
                await pilot.press("f")  # the whole screen
            if second == 70:
                await pilot.press("f")
            if second == 100:
                await pilot.resize_terminal(80, 24)
            await tick(app, pilot, clock, 1)
            if session.engine is not None and session.engine.state == "finished":
                break
        assert session.engine is not None and session.engine.state == "finished"
    assert compared["frames"] > 250, compared["frames"]
    assert compared["full"] >= 5, compared["full"]  # the first frame, the full screen, a resize
    assert not compared["differ"], compared["differ"][:1]


async def test_the_history_screen_sends_what_textual_would(limber_home, compared):
    """Opened over 300 sessions, moved through a row and a page at a time, to the end
    and back, resized, and closed: every update of the history screen compared."""
    fill_history(Paths(limber_home).history_db, 300)
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        before = compared["frames"] + compared["full"]
        await pilot.press("H")
        for _ in range(100):  # until the screen is up and its counts are in
            await pilot.pause(0.02)
            if "Sessions per routine" in str(app.screen.query_one("#history-details").render()):
                break
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("down", "down", "pagedown", "end", "up", "pageup", "home")
        await pilot.resize_terminal(80, 24)
        await pilot.press("down")
        opened = compared["frames"] + compared["full"] - before
        await pilot.press("escape")
    assert opened > 8, opened
    assert not compared["differ"], compared["differ"][:1]


SCREENS = (
    ("B", ["slash", *"twist", "down", "enter", "plus", "plus", "s", "down"], "BuilderScreen"),
    ("P", ["down", "down", "up"], "PacksScreen"),
    ("g", ["down", "pagedown", "end", "home"], "GuidanceScreen"),
)


async def test_the_builder_packs_and_guidance_screens_send_what_textual_would(
    limber_home, compared
):
    """Each opened, used (the builder: filter, add a stretch, change it), resized and
    closed: every update compared."""
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        main = app.screen
        made = {}
        for key, keys, name in SCREENS:
            before = compared["frames"] + compared["full"]
            await pilot.press(key)
            assert type(app.screen).__name__ == name
            await pilot.press(*keys)
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            made[name] = compared["frames"] + compared["full"] - before
            for _ in range(3):  # the builder asks once before leaving unsaved work
                if app.screen is not main:
                    await pilot.press("escape")
            assert app.screen is main
    assert all(count > 3 for count in made.values()), made
    assert not compared["differ"], compared["differ"][:1]


async def test_a_second_of_a_hold_renders_neither_header_nor_footer(limber_home, monkeypatch):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 12)  # into the first hold
        await tick(app, pilot, clock, 1)
        rendered: list[str] = []
        render_lines = Widget.render_lines

        def counted(widget: Widget, crop):  # type: ignore[no-untyped-def]
            rendered.append(type(widget).__name__)
            return render_lines(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        await tick(app, pilot, clock, 1)
        assert "BigText" in rendered  # the countdown moved
        assert "Header" not in rendered and "CalmFooter" not in rendered, rendered
        assert "MainScreen" not in rendered, rendered
