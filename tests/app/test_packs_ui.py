"""A broken pack: the app still starts, says so at once, and the packs screen explains."""

from __future__ import annotations

from apptools import make_app
from limber.core.packs.host import FolderPack
from limber.ui.screens.packs import PacksScreen


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
        await pilot.pause(0.2)
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
