"""Every key does what the footer and help say, driven through Pilot as a person would."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, OptionList

from apptools import FakeClock, make_app, read_to_the_end, session_of, tick, wait_for_packs
from limber.ui.screens.guidance import GuidanceScreen
from limber.ui.screens.help import HelpScreen
from limber.ui.screens.safety import SafetyScreen


async def start_post_run(app, pilot):
    app.main.start_routine("core/post-run")
    await pilot.pause()


async def test_slash_focuses_the_filter_and_typing_filters(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"twist")
        items = app.main.query_one("#items", OptionList)
        prompts = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        assert any("Reclining twist" in p for p in prompts)
        assert not any("Child" in p for p in prompts)
        await pilot.press("escape")
        assert app.main.query_one("#filter", Input).value == ""


async def test_keys_read_with_the_slash_go_to_the_filter(limber_home):
    """Typed fast or over a slow link, "/quick" arrives in one read: the app has all six
    keys queued before it acts on "/". They must land in the filter, not the list (where
    "q" quits)."""
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.focused, OptionList)
        for character in "/quick":  # posted back to back, as the driver posts one read
            app.post_message(events.Key("slash" if character == "/" else character, character))
        await pilot.pause()
        assert app.is_running
        assert app.main.query_one("#filter", Input).value == "quick"
        await pilot.press("slash")  # in the filter "/" is a character, not the binding
        assert app.main.query_one("#filter", Input).value == "quick/"
        await pilot.press("H", "question_mark", "B", "g", "P")  # and so are these
        assert app.main.query_one("#filter", Input).value == "quick/H?BgP"
        assert app.screen is app.main


@pytest.mark.parametrize("key", ["question_mark", "H", "B", "P", "g"])
async def test_keys_read_with_a_key_that_opens_a_screen_go_to_that_screen(limber_home, key):
    """A screen's key and Esc read together (a quick tap and back, a slow link): the
    screen opens and the Esc closes it, not whatever was on the main screen before
    ("B" then Esc once left the builder open, the Esc spent on the list)."""
    app = make_app(limber_home)
    opened: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        push = app.push_screen

        def recording_push(screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            opened.append(type(screen).__name__)
            return push(screen, *args, **kwargs)

        app.push_screen = recording_push  # type: ignore[method-assign]
        main = app.screen
        for name in (key, "escape"):  # posted back to back, as the driver posts one read
            app.post_message(events.Key(name, "?" if name == "question_mark" else None))
        for _ in range(100):  # until it has opened and closed, or some seconds on
            await pilot.pause(0.02)
            if opened and app.screen is main:
                break
        assert len(opened) == 1, opened
        assert app.screen is main, f"{key} then Esc left {type(app.screen).__name__} open"


async def test_a_key_remapped_onto_this_hurts_stays_this_hurts_in_a_session(limber_home):
    """The screens' keys act before the list's, but never take a key from the session:
    with History remapped to "h", "h" in a session is still "This hurts"."""
    app = make_app(limber_home, config='[keys]\nhistory = "h"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_packs(app, pilot)
        await start_post_run(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "PainPrompt", app.screen
        assert session_of(app).engine.state == "paused"


async def test_filter_terms_narrow_by_area_position_tag_and_length(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"tag:post-run max:3")
        items = app.main.query_one("#items", OptionList)
        ids = [items.get_option_at_index(i).id for i in range(items.option_count)]
        assert "routines:core/quick-knee-to-chest" in ids
        assert "routines:core/post-run" not in ids  # longer than three minutes


async def test_enter_on_a_routine_starts_it_and_session_keys_work(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"post-run", "enter", "enter")
        session = session_of(app)
        engine = session.engine
        assert engine is not None and engine.state == "running"
        assert engine.plan.routine_id == "core/post-run"

        await pilot.press("space")
        assert engine.state == "paused"
        await tick(app, pilot, clock, 30)
        assert engine.index == 0
        await pilot.press("space")
        assert engine.state == "running"

        before = engine.remaining
        await pilot.press("plus")
        assert engine.remaining == pytest.approx(before + 10)

        await pilot.press("n")
        assert engine.index == 1
        await pilot.press("b")
        assert engine.index == 0

        await pilot.press("e")
        assert engine.state == "running"  # a stray e ends nothing: it asks first
        await pilot.press("e")
        assert engine.state == "finished" and engine.status == "ended-early"
        await pilot.press("escape")
        assert session.engine is None


async def test_f_zooms_the_session_to_the_whole_screen(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        assert app.main.has_class("-zoom")
        assert not app.main.query_one("#catalogue").display
        await pilot.press("f")
        assert app.main.query_one("#catalogue").display


async def test_help_guidance_and_safety_keys(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("g")
        assert isinstance(app.screen, GuidanceScreen)
        await pilot.press("escape")
        await pilot.press("s")
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("enter")
        await pilot.press("q")
    assert app.return_code == 0


async def test_safety_notice_shows_once_then_is_remembered(limber_home):
    app = make_app(limber_home, safety_read=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        await read_to_the_end(app, pilot)
        assert not isinstance(app.screen, SafetyScreen)
    again = make_app(limber_home, safety_read=False)
    async with again.run_test(size=(100, 30)):
        assert not isinstance(again.screen, SafetyScreen)


async def test_command_palette_starts_a_routine_by_name(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Start routine: quick knee")
        for _ in range(300):  # the palette searches in the background: wait for a match
            await pilot.pause(0.01)
            found = app.screen.query(OptionList)
            if found and found.first().option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        engine = session_of(app).engine
        assert engine is not None and engine.plan.routine_id == "core/quick-knee-to-chest"


async def test_keys_can_be_remapped_in_config(limber_home):
    app = make_app(limber_home, config='[keys]\npause = "p"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await start_post_run(app, pilot)
        await pilot.press("p")
        assert session_of(app).engine.state == "paused"


async def test_a_broken_config_is_reported_and_left_as_it_was(limber_home):
    broken = 'bell = true\nbreath_seconds = "slow"\n'
    app = make_app(limber_home, config=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            "config.toml:2" in m and "breath_seconds" in m and "default settings" in m
            for m in messages
        ), messages
        assert app.services.settings.breath_seconds == 5
    assert (limber_home / "config.toml").read_text() == broken


async def test_shrinking_to_a_tiny_terminal_and_back_does_not_crash(limber_home):
    clock = FakeClock()
    app = make_app(limber_home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_post_run(app, pilot)
        for size in [(40, 12), (20, 6), (200, 60), (80, 24)]:
            await pilot.resize_terminal(*size)
            await tick(app, pilot, clock, 7)
        assert session_of(app).engine.state == "running"


async def test_limber_run_opens_straight_into_the_session(limber_home):
    app = make_app(limber_home, start_routine="core/post-run")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        engine = session_of(app).engine
        assert engine is not None and engine.state == "running"
        assert engine.plan.routine_id == "core/post-run"


async def test_limber_run_on_first_run_starts_only_after_the_safety_notice(limber_home):
    app = make_app(limber_home, start_routine="core/post-run", safety_read=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        assert not app.main.is_attached  # nothing starts behind the notice
        await read_to_the_end(app, pilot)
        await pilot.pause()
        assert session_of(app).engine.state == "running"


async def test_a_narrow_terminal_shows_one_pane_at_a_time(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        main = app.main
        assert main.query_one("#catalogue").display
        assert not main.query_one("#session").display
        await start_post_run(app, pilot)
        assert main.query_one("#session").display
        assert not main.query_one("#catalogue").display


async def test_a_theme_chosen_in_the_app_is_kept_in_config(limber_home):
    app = make_app(limber_home, config="bell = false\n")
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    config = (limber_home / "config.toml").read_text()
    assert 'theme = "nord"' in config and "bell = false" in config


async def test_a_theme_change_never_overwrites_a_broken_config(limber_home):
    broken = 'breath_seconds = "slow"\n'
    app = make_app(limber_home, config=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
        assert any("Theme not saved" in n.message for n in app._notifications)
    assert (limber_home / "config.toml").read_text() == broken


async def test_the_app_loads_installed_packs_after_its_first_frame(limber_home, monkeypatch):
    """The real start-up path: no catalogue handed in, packs found by entry point."""
    from limber.core.paths import Paths
    from limber.ui.app import create_app

    monkeypatch.setenv("LIMBER_PACKS", "")  # the core catalogue only
    app = create_app(paths=Paths(limber_home))
    assert not app.state.loaded and not app.state.catalogue.routines
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)  # first run: the notice is up
        await read_to_the_end(app, pilot)
        await wait_for_packs(app, pilot)
        assert "core/post-run" in app.state.catalogue.routines
        items = app.main.query_one("#items", OptionList)
        ids = [items.get_option_at_index(i).id for i in range(items.option_count)]
        assert "routines:core/post-run" in ids


async def test_help_shows_remapped_keys_once_each(limber_home):
    """`g` remapped to `G` in config.toml: help lists Guidance under G, and no key twice."""
    app = make_app(limber_home, config='[keys]\nguidance = "G"\n')
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = str(app.screen.query_one("#help-body Static").render()).splitlines()
        rows = [line.split() for line in lines if line.startswith("  ")]
        guidance = [row for row in rows if "Guidance" in row]
        assert [row[0] for row in guidance] == ["G"]
        ids = [row[-1] for row in rows if row[-2] == "id:"]
        assert len(ids) == len(set(ids)), ids
        anywhere = lines[lines.index("Anywhere") : lines.index("Catalogue")]
        keys = [line.split()[0] for line in anywhere[1:] if line.strip()]
        assert len(keys) == len(set(keys)), keys
        await pilot.press("escape", "G")
        await pilot.pause()
        assert type(app.screen).__name__ == "GuidanceScreen"
