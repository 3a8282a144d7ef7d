"""A session that sleeps: while a hold counts down, only the countdown, the progress and
the elapsed time redraw, with no layout of the screen (about 1 % of a core)."""

from __future__ import annotations

import msgspec
import rich.cells
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from apptools import FakeClock, make_app, record_layouts, record_refreshes, session_of, tick
from limber.core.instructions import WAY_OUT
from limber.ui.widgets.bigtext import BigText
from limber.ui.widgets.figure_view import FigureView
from limber.ui.widgets.repaint import changed_regions
from limber.ui.widgets.session_bar import SessionBar


async def into_a_hold(app, pilot, clock):  # type: ignore[no-untyped-def]
    """Start post-run and tick to a hold with more than 5 seconds left; its engine."""
    await pilot.press("slash", *"post-run", "enter", "enter")
    engine = session_of(app).engine
    assert engine is not None
    while not (engine.current and engine.current.kind == "hold" and engine.remaining > 5):
        await tick(app, pilot, clock, 1)
    return engine


async def test_a_hold_counting_down_redraws_its_text_without_a_layout_pass(
    limber_home, monkeypatch
):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await into_a_hold(app, pilot, clock)
        layouts = record_layouts(monkeypatch)
        countdown = app.main.query_one("#countdown", BigText)
        shown = [countdown.text]
        for _ in range(3):
            await tick(app, pilot, clock, 1)
            shown.append(countdown.text)
        assert len(set(shown)) == 4  # it counted down, second by second
        assert layouts == []


async def test_a_new_phase_lays_the_screen_out_once(limber_home, monkeypatch):
    """Each phase of post-run changes the instruction, the figure or the countdown's room:
    one layout pass each (Textual asked for a second, finding the same, for every widget
    resized; ``ui/textual_fixes.py``)."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        engine = await into_a_hold(app, pilot, clock)
        passes: list[int] = []
        for _ in range(4):  # into the next four phases
            index = engine.index
            layouts = record_layouts(monkeypatch)
            while engine.index == index:  # to the phase's end, drawn once
                await tick(app, pilot, clock, max(1, int(engine.remaining)))
            passes.append(len(layouts))
            monkeypatch.undo()
        assert passes == [1, 1, 1, 1]


async def test_a_holds_way_out_takes_its_place_without_moving_the_figure(limber_home, monkeypatch):
    """In a hold's last seconds its way out replaces the movement in the same box: the
    screen is not laid out again, and the figure above keeps its place and size."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        engine = await into_a_hold(app, pilot, clock)
        while not (engine.current and engine.current.way_out and engine.remaining <= 6):
            # to the reclining twist's last 6 seconds, a phase at a time
            last = 6 if engine.current and engine.current.way_out else 0
            await tick(app, pilot, clock, max(1, int(engine.remaining) - last))
        layouts = record_layouts(monkeypatch)
        figure = app.main.query_one("#figure", FigureView)
        instruction = app.main.query_one("#instruction")
        before = (figure.region, str(instruction.render()))
        await tick(app, pilot, clock, 2)  # into the last five seconds
        assert WAY_OUT in str(instruction.render())
        assert str(instruction.render()) != before[1]
        assert figure.region == before[0]
        assert layouts == []


async def test_a_movement_counting_down_never_repaints_its_figure(limber_home, monkeypatch):
    """The countdown's tick redraws the countdown, not the figure beside it (its
    keyframes are the figure's own timer's business: none in tests)."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, start_routine="core/flare-up")
    async with app.run_test(size=(80, 24)) as pilot:
        engine = session_of(app).engine
        assert engine is not None
        view = app.main.query_one("#figure", FigureView)
        while not (
            engine.current and engine.current.work and view.figure and view.figure.frames > 1
        ):
            await tick(app, pilot, clock, 1)  # to cat-cow, a movement
        assert engine.remaining > 3  # three more ticks in it
        painted: list[int] = []
        render_line = FigureView.render_line

        def counting(self, y):  # type: ignore[no-untyped-def]
            painted.append(y)
            return render_line(self, y)

        monkeypatch.setattr(FigureView, "render_line", counting)
        countdown = app.main.query_one("#countdown", BigText)
        shown = [countdown.text]
        for _ in range(3):
            await tick(app, pilot, clock, 1)
            shown.append(countdown.text)
        assert len(set(shown)) == 4  # it counted down, second by second
        assert painted == []


async def test_a_hold_counting_down_repaints_only_the_digits_that_change(limber_home, monkeypatch):
    """1:23 → 1:22 repaints the last glyph's columns, not the whole countdown, and the
    time through the plan its changed digits; the progress bar keeps no timer of its
    own (the session's tick is the only wake-up)."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await into_a_hold(app, pilot, clock)
        countdown = app.main.query_one("#countdown", BigText)
        bar = app.main.query_one("#progress", SessionBar)
        assert not list(bar._timers)
        repainted = record_refreshes(monkeypatch, BigText)
        elapsed: list[tuple[Region, ...]] = []
        ticking = Widget.refresh

        def recording_next(self, *regions, **kwargs):  # type: ignore[no-untyped-def]
            if self.id == "next":
                elapsed.append(regions)
            return ticking(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", recording_next)
        for _ in range(2):
            await tick(app, pilot, clock, 1)
        assert len(repainted) == 2 and all(repainted)  # two ticks, each a few regions
        for regions in repainted:
            assert max(r.width for r in regions) < countdown.size.width / 2
        # "… · 0:33 of 4:20" → "0:34": the digits that changed, not the line.
        assert len(elapsed) == 2 and all(len(r) == 1 and r[0].width <= 4 for r in elapsed)
        # What it repainted is what a full repaint draws.
        shown = countdown.render_lines(countdown.size.region)
        countdown.notify_style_update()  # forget the kept lines
        assert countdown.render_lines(countdown.size.region) == shown


def test_changed_regions_cover_every_cell_that_differs():
    old = [Strip([Segment("ab  cd")]), Strip([Segment("xyz")])]
    new = [Strip([Segment("ab  ce")]), Strip([Segment("xyz")])]
    assert changed_regions(old, new) == [Region(5, 0, 1, 1)]
    bold = [Strip([Segment("ab  c"), Segment("d", Style(bold=True))]), old[1]]
    assert changed_regions(old, bold) == [Region(5, 0, 1, 1)]  # the same text, restyled
    assert changed_regions(old, new[:1]) is None  # another height: repaint it all
    wide = [Strip([Segment("日本")]), Strip([Segment("xyz")])]
    assert changed_regions(old, wide) is None


async def test_a_long_session_keeps_no_more_text_widths_than_a_phase_needs(limber_home):
    """Each second's times ("0:33 of 4:20") are new texts, whose widths Rich keeps (up
    to 4,096 of them, over 1 MiB); the view forgets them as each phase starts, so a
    session's memory stays flat."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock, start_routine="core/post-run")
    async with app.run_test(size=(100, 30)) as pilot:
        engine = session_of(app).engine
        assert engine is not None
        await tick(app, pilot, clock, 150)
        assert engine.state == "running" and engine.index > 4  # several phases in
        assert rich.cells.cached_cell_len.cache_info().currsize < 300


async def test_one_timer_wakes_the_session_each_second_until_the_seconds_move(limber_home):
    """The session is woken just after each whole second of its countdown by one timer
    that repeats each second, not a new timer every tick; a pause sets one that keeps
    watch each second, and a resume one to the countdown's next whole second from then."""
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await into_a_hold(app, pilot, clock)
        pane = session_of(app)
        engine = pane.engine
        assert engine is not None
        made: list[tuple[str, float]] = []

        class Unstarted:  # a timer that records what was asked of it and never runs
            def __init__(self, kind: str, delay: float) -> None:
                made.append((kind, round(delay, 3)))

            def stop(self) -> None:
                pass

        pane.services = msgspec.structs.replace(pane.services, auto_tick=True)
        pane.set_timer = lambda delay, callback: Unstarted("once", delay)  # type: ignore[method-assign]
        pane.set_interval = lambda delay, callback: Unstarted("each", delay)  # type: ignore[method-assign]
        clock.advance(0.5)  # between two seconds: first to just after the next one
        pane._schedule()
        assert made == [("once", 0.51)]
        clock.advance(0.51)
        pane._ticker._start()  # the one-off fired: from here, each second
        assert made == [("once", 0.51), ("each", 1.0)]
        for _ in range(5):
            clock.advance(1.0)
            pane.tick()
        assert made == [("once", 0.51), ("each", 1.0)]  # still that one timer
        await pilot.press("space")  # pause, 0.99 s before the countdown's next second
        assert made[2:] == [("each", 1.0)]
        clock.advance(0.3)
        await pilot.press("space")  # resume: that second is 0.99 s away again
        assert made[3:] == [("once", 1.0)]
        clock.advance(0.2)
        pane.tick()  # a late or early wake: the timer is set again to the next second
        assert made[4:] == [("once", 0.8)]
