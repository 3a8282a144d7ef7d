"""The routine builder: add, change, reorder, save; the routine is then under My routines."""

from __future__ import annotations

import tomllib

from textual import events
from textual.widgets import Input, OptionList

from apptools import make_app
from limber.ui.screens.builder import BuilderScreen
from limber.ui.widgets.catalogue_pane import item_of


async def open_builder_on_a_stretch(app, pilot):
    await pilot.press("slash", *"child", "enter")  # a stretch previewed, not a routine
    await pilot.press("B")
    assert isinstance(app.screen, BuilderScreen)
    assert app.screen.editing is None and app.screen.drafts == []
    return app.screen


async def test_keys_read_with_the_slash_go_to_the_filter_not_the_steps(limber_home):
    """ "/sides" in one read (fast typing, a slow link): every key after "/" is the
    filter's. On the steps, "s" would have changed a step's sides."""
    app = make_app(limber_home)
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await open_builder_on_a_stretch(app, pilot)
        await pilot.press("enter")  # one step, its sides as the stretch gives them
        steps = builder.query_one("#steps", OptionList)
        steps.focus()
        await pilot.pause()
        drafts = list(builder.drafts)
        for character in "/sides":  # posted back to back, as the driver posts one read
            app.post_message(events.Key("slash" if character == "/" else character, character))
        await pilot.pause()
        assert builder.query_one("#builder-catalogue #filter", Input).value == "sides"
        assert builder.drafts == drafts


async def test_build_save_and_find_it_under_my_routines(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await open_builder_on_a_stretch(app, pilot)
        builder.query_one("#routine-name", Input).value = "Evening hips"
        items = builder.query_one("#builder-catalogue #items", OptionList)
        first = item_of(items.highlighted_option.id)[0]
        await pilot.press("enter", "down", "enter")  # two stretches added
        second = item_of(items.highlighted_option.id)[0]
        assert [d.stretch for d in builder.drafts] == [first, second]

        builder.query_one("#steps", OptionList).focus()
        await pilot.press("shift+up")  # second moves to the top
        assert [d.stretch for d in builder.drafts] == [second, first]
        await pilot.press("plus", "plus", "r", "s")
        top = builder.drafts[0]
        stretch = app.state.catalogue.stretches[second]
        assert top.amount == stretch.dose.amount[1] + (10 if stretch.dose.unit == "seconds" else 2)
        assert (top.rounds, top.sides) == (2, "each")
        await pilot.press("down", "x")
        assert [d.stretch for d in builder.drafts] == [second]
        assert "Total" in str(builder.query_one("#builder-total").render())

        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, BuilderScreen)
        assert "mine/evening-hips" in app.state.catalogue.routines

    saved = tomllib.loads((limber_home / "routines" / "evening-hips.toml").read_text())
    assert saved["name"] == "Evening hips"
    assert saved["steps"] == [
        {"stretch": second, stretch.dose.unit: top.amount, "sides": "each", "rounds": 2}
    ]


async def test_a_saved_routine_loads_next_time_and_edits_in_place(limber_home):
    from limber.core.packs.host import load_catalogue

    app = make_app(limber_home)
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await open_builder_on_a_stretch(app, pilot)
        builder.query_one("#routine-name", Input).value = "Quick one"
        await pilot.press("enter", "ctrl+s")

    catalogue, report, _ = load_catalogue(only=frozenset())
    assert "mine/quick-one" in catalogue.routines
    assert {p.name: p.status for p in report.packs}["mine"] == "loaded"

    app = make_app(limber_home)
    app.state.catalogue.add([catalogue.routines["mine/quick-one"]])
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.show_item("mine/quick-one")
        await pilot.press("B")
        builder = app.screen
        assert isinstance(builder, BuilderScreen) and builder.editing is not None
        assert len(builder.drafts) == 1


async def test_leaving_with_unsaved_changes_asks_first(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_builder_on_a_stretch(app, pilot)
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, BuilderScreen)
        assert any("Not saved" in n.message for n in app._notifications)
        await pilot.press("escape")
        assert not isinstance(app.screen, BuilderScreen)
    assert not (limber_home / "routines").exists()


async def test_slash_filters_the_stretches_and_a_routine_name_may_hold_one(limber_home):
    """As on the main screen, "/" takes the runner to the stretches' filter; typed in the
    routine's name it is a character of the name."""
    app = make_app(limber_home)
    async with app.run_test(size=(120, 40)) as pilot:
        builder = await open_builder_on_a_stretch(app, pilot)
        builder.query_one("#steps", OptionList).focus()
        await pilot.pause()
        await pilot.press("slash", *"pelvic")
        await pilot.pause()
        assert builder.query_one("#builder-catalogue #filter", Input).value == "pelvic"
        items = builder.query_one("#builder-catalogue #items", OptionList)
        found = [items.get_option_at_index(i).id for i in range(items.option_count)]
        assert [item_of(i) for i in found if not i.startswith("header:")] == [
            ("core/pelvic-tilt", "stretches")
        ], found

        name = builder.query_one("#routine-name", Input)
        name.value = ""
        name.focus()
        await pilot.pause()
        await pilot.press(*"hips/back")
        assert name.value == "hips/back"
        assert builder.query_one("#builder-catalogue #filter", Input).value == "pelvic"
