"""Full screen from two metres away, 80×24 with nothing below the fold, all the steps."""

from __future__ import annotations

from apptools import FakeClock, at_twist_left, make_app, session_of, tick, visible_text
from limber.ui.screens.steps import StepsScreen
from limber.ui.widgets.bigtext import BigText, drawable, fit


def big_rows(app, widget_id: str) -> list[str]:
    widget = app.main.query_one(widget_id, BigText)
    return [row for row in str(widget.render()).split("\n") if row.strip()]


async def test_full_screen_scales_the_countdown_and_the_name_to_the_room(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    heights = {}
    for size in ((120, 40), (200, 60)):
        async with app.run_test(size=size) as pilot:
            await at_twist_left(app, pilot, clock)
            await pilot.press("f")
            await pilot.pause()
            countdown = big_rows(app, "#countdown")
            name = big_rows(app, "#big-name")
            heights[size] = len(countdown)
            assert len(countdown) > 3  # Digits' three rows, outgrown
            if size[1] >= 50:  # tall enough for the name in big glyphs too
                assert len(name) >= 3 and not app.main.query_one("#headline").display
            widget = app.main.query_one("#countdown", BigText)
            box = widget.region
            rows = visible_text(app).split("\n")[box.y : box.bottom]
            drawn = [row[box.x : box.right] for row in rows if row[box.x : box.right].strip()]
            left = min(len(row) - len(row.lstrip()) for row in drawn)
            right = min(len(row) - len(row.rstrip()) for row in drawn)
            assert len(drawn) == len(countdown) and abs(left - right) <= 2  # centred
            for part in ("#dose", "#instruction", "#next"):
                assert app.main.query_one(part).region.bottom <= size[1] - 1
            app.exit()
            app = make_app(limber_home, clock=(clock := FakeClock()))
    assert heights[(200, 60)] > heights[(120, 40)]


async def test_enter_after_a_full_screen_session_goes_back_to_the_catalogue(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.start_routine("core/quick-knee-to-chest")
        await pilot.pause()
        await pilot.press("f")
        await tick(app, pilot, clock, 200)
        assert session_of(app).engine.state == "finished"
        assert "go back to the catalogue" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.main.has_class("-zoom")
        assert app.main.query_one("#catalogue").display
        assert app.focused is app.main.query_one("#items")


async def test_at_80x24_mid_hold_the_progress_and_next_stay_on_screen(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_twist_left(app, pilot, clock)
        await tick(app, pilot, clock, 1)
        pane = session_of(app).region
        for part in ("#countdown", "#headline", "#instruction", "#progress", "#next"):
            region = app.main.query_one(part).region
            assert region.height and region.bottom < pane.bottom, part
        shown = visible_text(app)
        assert "i for all the steps" in shown and "Next: Reclining twist (right)" in shown
        await pilot.press("question_mark", "escape")  # the cue now takes two lines
        await pilot.pause()
        assert "PAUSED — Paused while another screen" in visible_text(app)
        for part in ("#instruction", "#progress", "#next"):
            assert app.main.query_one(part).region.bottom < pane.bottom, part


async def test_i_shows_the_whole_stretch_and_pauses_the_session(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await at_twist_left(app, pilot, clock)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, StepsScreen)
        shown = visible_text(app)
        assert "Set-up" in shown and "Lie flat on your back." in shown
        assert "Hug both knees into your chest" in shown  # step 1, which the hold leaves out
        engine = session_of(app).engine
        before = engine.remaining
        await tick(app, pilot, clock, 20)
        assert engine.state == "paused" and engine.remaining == before
        await pilot.press("escape")
        await pilot.pause()
        assert "Paused while another screen was open" in visible_text(app)


async def test_help_lists_the_all_steps_key(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "All the steps" in visible_text(app)


def test_big_glyphs_fit_the_width_and_refuse_what_they_cannot_draw():
    scale, lines = fit("0:13", 116, 20, 12)
    assert lines == ["0:13"] and scale == 6  # 4 glyphs of 3 pixels and 3 gaps: 19 × 6
    scale, lines = fit("RECLINING TWIST", 40, None, 2)
    assert lines == ["RECLINING", "TWIST"] and scale == 1
    assert drawable("Piriformis — left") == "PIRIFORMIS - LEFT"
    assert drawable("Étirement") is None  # shown as plain text, not half a word


async def test_down_from_the_filter_goes_into_the_results(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"twist", "down")
        await pilot.pause()
        assert app.focused is app.main.query_one("#items")


async def test_plus_ten_seconds_shows_in_the_dose_and_the_bar_and_time_agree(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await at_twist_left(app, pilot, clock)
        await pilot.press("plus")
        await tick(app, pilot, clock, 1)
        shown = visible_text(app)
        assert "HOLD · 5 breaths + 10 s" in shown
        engine = session_of(app).engine
        plan_total = engine.plan.total_seconds
        from limber.core.wording import mmss

        beside_bar = str(app.main.query_one("#next").render())
        assert f"{mmss(engine.progress * plan_total)} of {mmss(plan_total)}" in (beside_bar)


async def test_ctrl_q_asks_once_during_a_session_like_q(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.main.start_routine("core/post-run")
        await pilot.pause()
        await tick(app, pilot, clock, 10)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and session_of(app).running
        assert any("Press q (or ctrl+q) again" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert session_of(app).engine.status == "ended-early"


async def test_the_palette_has_no_keys_panel_beside_help(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)):
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert "Keys" not in titles and "Theme" in titles
