"""A broken pack: the app still starts, says so at once, and the packs screen explains."""

from __future__ import annotations

import threading

from textual.widgets import OptionList

from apptools import NOW, make_app, session_of, wait_for_packs
from limber.core.packs.host import FolderPack
from limber.core.paths import Paths
from limber.core.settings import State, save_state
from limber.ui.app import create_app
from limber.ui.screens.packs import PacksScreen
from limber.ui.screens.pain import PainPrompt
from programmetools import Wall, follow


def broken_and_good(make_pack):
    bad = make_pack("clinic", stretches={"hug": {"seconds": '"long"'}})
    good = make_pack("coach", routines={"easy": "hug"})
    return [("clinic", FolderPack(bad)), ("coach", FolderPack(good))]


async def test_app_starts_with_a_broken_pack_and_shows_why(limber_home, make_pack):
    app = make_app(limber_home, packs=broken_and_good(make_pack))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [n.title for n in app._notifications]
        assert "Pack 'clinic' did not load" in titles
        assert "coach/easy" in app.state.catalogue.routines
        await pilot.press("P")
        assert isinstance(app.screen, PacksScreen)
        body = str(app.screen.query_one("#pack-body").render())
        assert "This pack did not load" in body
        assert "stretches/hug.toml" in body and "dose.seconds" in body
        assert "LIMBER_PACKS=coach limber" in body
        await pilot.press("escape")
        assert not isinstance(app.screen, PacksScreen)


async def test_markup_in_a_broken_packs_error_is_shown_as_text(limber_home, make_pack):
    """The error quotes the pack's own (hostile) key; the notice must not act on it."""
    bad = make_pack("clinic", files={"stretches/evil.toml": '"[@click=app.quit]x" = 1\n'})
    app = make_app(limber_home, packs=[("clinic", FolderPack(bad))])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        (notice,) = [n for n in app._notifications if n.title == "Pack 'clinic' did not load"]
        assert "[@click=app.quit]x" in notice.message
        assert notice.markup is False
        await pilot.pause()  # whatever the notice set off has run
        assert app.is_running


async def test_space_on_the_packs_screen_turns_the_highlighted_pack_off_and_on(
    limber_home, make_pack
):
    """The runner highlights a pack and presses space: it is off from the next start
    (disabled_packs in config.toml), and a second press turns it back on."""
    from limber.core.settings import load_settings

    app = make_app(limber_home, packs=broken_and_good(make_pack))
    config = limber_home / "config.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        screen = app.screen
        assert isinstance(screen, PacksScreen)
        names = [r.name for r in screen.report.packs]
        screen.query_one("#pack-list").highlighted = names.index("coach")
        await pilot.press("space")
        await pilot.pause()
        assert load_settings(config)[0].disabled_packs == ("coach",)
        assert "Pack 'coach' turns off the next time Limber starts." in [
            n.message for n in app._notifications
        ]
        await pilot.press("space")
        await pilot.pause()
        assert load_settings(config)[0].disabled_packs == ()


def gated_pack_load(monkeypatch) -> threading.Event:
    """The installed packs load only once the returned event is set: the moment a runner
    presses keys while they are still loading, held open."""
    from limber.ui import app as app_module

    gate = threading.Event()
    load = app_module._load_installed_packs

    def slow_load():  # type: ignore[no-untyped-def]
        gate.wait(30)
        return load()

    monkeypatch.setenv("LIMBER_PACKS", "")
    monkeypatch.setattr(app_module, "_load_installed_packs", slow_load)
    return gate


async def test_p_while_the_packs_load_says_so_then_lists_them(limber_home, monkeypatch):
    """Not "Packs (0 installed, 0 failed)" for good: "loading…", then the packs."""
    gate = gated_pack_load(monkeypatch)
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        assert isinstance(app.screen, PacksScreen)
        packs = app.screen.query_one("#pack-list", OptionList)
        assert packs.border_title == "Packs (loading…)"
        assert "Loading the installed packs" in str(app.screen.query_one("#pack-body").render())
        gate.set()
        await wait_for_packs(app, pilot)
        await pilot.pause()
        installed = len(app.state.report.packs)
        assert installed >= 1 and packs.option_count == installed
        assert packs.border_title == f"Packs ({installed} installed, 0 failed)"
        assert "core" in str(packs.get_option_at_index(0).prompt)
        assert "routines" in str(app.screen.query_one("#pack-body").render())


async def test_t_while_the_packs_load_starts_todays_session_once_they_are_in(
    limber_home, monkeypatch
):
    """The key is kept, not dropped: today's programme session starts when it can."""
    gate = gated_pack_load(monkeypatch)
    follow(limber_home, Wall())
    save_state(Paths(limber_home).state_file, State(safety_notice_read=True))
    app = create_app(paths=Paths(limber_home), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        assert app.screen is app.main
        gate.set()
        await wait_for_packs(app, pilot)
        for _ in range(100):
            await pilot.pause(0.01)
            if isinstance(app.screen, PainPrompt):
                break
        assert isinstance(app.screen, PainPrompt)  # today's session asks the pain first
        await pilot.press("3")
        await pilot.pause()
        run = session_of(app).run
        assert run is not None and run.programme == ("file/back", 1)


async def test_the_packs_screen_names_a_packs_programmes(limber_home, make_pack):
    from textual.widgets import OptionList

    plan = (
        'id = "plan"\ntitle = "Back plan"\nsummary = "S."\nreview = "After 2 weeks."\n'
        '\n[author]\nname = "Jane Doe"\n\n[[weeks]]\nroutines = ["easy"]\nsessions = 3\n'
    )
    root = make_pack("physio", routines={"easy": "hug"}, files={"programmes/plan.toml": plan})
    app = make_app(limber_home, packs=[("physio", FolderPack(root))])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        screen = app.screen
        assert isinstance(screen, PacksScreen)
        names = [r.name for r in screen.report.packs]
        screen.query_one(OptionList).highlighted = names.index("physio")
        await pilot.pause()
        body = str(screen.query_one("#pack-body").render())
        assert "1 programme: Back plan" in body
        assert "0 guidance pages" in body
