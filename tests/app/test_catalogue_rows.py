"""The catalogue at 80×24: every routine's whole name, and the post-run routine first."""

from __future__ import annotations

import re

from textual.widgets import OptionList

from apptools import SNAPSHOT_SIZE, make_app, visible_text

CATALOGUE_COLUMNS = slice(1, 37)
"""The catalogue pane's inside at 80×24 (38 columns, less its border)."""


def _catalogue_words(app) -> str:
    """The catalogue pane's text as one line: a wrapped name reads as it would aloud."""
    lines = visible_text(app).splitlines()
    return re.sub(r"\s+", " ", " ".join(line[CATALOGUE_COLUMNS] for line in lines))


async def test_every_core_routine_shows_its_whole_name_at_80x24(limber_home):
    app = make_app(limber_home)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await pilot.pause()
        shown = _catalogue_words(app)
        routines = [r for r in app.state.catalogue.routines.values() if r.pack == "core"]
        assert routines
        for routine in routines:
            assert routine.name in shown, routine.name
        assert "…" not in shown


async def test_the_post_run_routine_is_listed_first_and_highlighted(limber_home):
    """The runner back from a run finds "Post-run lower-back relief" at the top, ready
    for Enter, and its plan in the session pane."""
    app = make_app(limber_home)
    async with app.run_test(size=SNAPSHOT_SIZE) as pilot:
        await pilot.pause()
        items = app.main.query_one("#items", OptionList)
        ids = [items.get_option_at_index(i).id for i in range(items.option_count)]
        routines = [i for i in ids if i and i.startswith("routines:")]
        assert routines[0] == "routines:core/post-run"
        assert items.highlighted is not None
        assert items.get_option_at_index(items.highlighted).id == "routines:core/post-run"
        assert "4:20 in all" in visible_text(app)
