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
