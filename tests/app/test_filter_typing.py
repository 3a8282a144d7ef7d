"""Typing in the filter redraws the filter box and the list, never the whole screen's
layout: at 10,000 stretches a layout pass per key was half of each key's time."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from apptools import make_app, record_layouts
from limber.core.packs.host import FolderPack


async def test_typing_in_the_filter_does_not_lay_the_screen_out(limber_home, monkeypatch):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", "z")  # nothing matches from here on: only the box changes
        await pilot.pause()
        layouts = record_layouts(monkeypatch)
        await pilot.press(*"zzqq")
        await pilot.pause()
        assert app.main.query_one("#filter", Input).value == "zzzqq"
        assert "0 found" in str(app.main.query_one("#catalogue").border_subtitle)
        assert layouts == []


async def test_a_query_longer_than_the_box_keeps_its_end_in_view(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        query = "lower back hips glutes hamstrings seated kneeling twist end"
        await pilot.press("slash", *query)
        await pilot.pause()
        box = app.main.query_one("#filter", Input)
        assert box.value == query
        shown = "".join(box.render_line(0).text)
        assert "twist end" in shown  # scrolled to the cursor
        assert not shown.strip().startswith("lower")


async def test_a_long_catalogue_keeps_its_rows_in_place_as_a_filter_makes_them_fit(
    limber_home, make_pack
):
    """More items than the list draws: its scrollbar stays when the rows found fit, so
    they keep their width (nothing shifts by a column, and the screen is not laid out
    again for it: at 10,000 stretches that pass made the slowest keys)."""
    root = make_pack("many", stretches={f"hug{n:02d}": {} for n in range(60)})
    app = make_app(limber_home, packs=[("many", FolderPack(root))])
    async with app.run_test(size=(100, 30)) as pilot:
        items = app.main.query_one("#items")
        await pilot.press("slash")
        await pilot.pause()
        width = items.scrollable_content_region.width
        await pilot.press(*"twist")
        await pilot.pause()
        assert str(app.main.query_one("#catalogue").border_subtitle) == "4 found"
        assert items.show_vertical_scrollbar
        assert items.scrollable_content_region.width == width


async def test_a_key_that_narrows_the_list_keeps_the_rows_it_still_shows(limber_home):
    """Rows still shown after a key are the rows drawn before it, wrapped once: wrapping
    every row again was half of a key's time at 10,000 stretches."""
    app = make_app(limber_home)
    async with app.run_test(size=(100, 30)) as pilot:
        items = app.main.query_one("#items", OptionList)

        def rows() -> dict[str, object]:
            return {o.id: o.prompt for o in items.options if o.id and not o.disabled}

        await pilot.press("slash", "t")
        await pilot.pause()
        before = rows()
        await pilot.press("w")
        await pilot.pause()
        after = rows()
        assert 0 < len(after) < len(before)
        assert all(after[key] is before[key] for key in after)
