"""Hostile figures: a NaN or huge coordinate, 10,000 keyframes, a joint nested 100 deep,
escapes and markup in the alt text. Each broken figure is one sentence naming the pack,
the file and the key; its stretch still shows, without the figure; nothing crashes and
nothing is drawn outside its box."""

from __future__ import annotations

import re

from tests.hostile.conftest import ESCAPE
from tests.hostile.test_hostile_app import hostile

from apptools import make_app
from limber.core.figure_draw import raster
from limber.ui.widgets.figure_view import FigureView

BROKEN = {
    "nan": r"stretches/nan\.toml:\d+: figure\.keyframes\[0\]\.hip: ",
    "huge": r"stretches/huge\.toml:\d+: figure\.keyframes\[0\]\.head: ",
    "deep": r"stretches/deep\.toml(:\d+)?: figure: nested too deeply",
    "frames": r"<code: [^>]*>: figure\.keyframes: ",
}


def test_each_broken_figure_is_one_sentence_and_its_stretch_still_shows(limber_run):
    run = limber_run("list", packs="figures")
    assert run.code == 0, run.err
    assert run.clean()
    lines = run.err.splitlines()
    for sid, pattern in BROKEN.items():
        said = [line for line in lines if re.search(pattern, line)]
        prefix = "limber: Pack 'figures' shows a stretch without its figure: "
        assert len(said) == 1 and said[0].startswith(prefix), (sid, lines)
        assert len(said[0]) < 400
        assert f"figures/{sid} " in run.out, f"{sid} is not listed"
    assert "Pack 'figures' did not load" not in run.err
    assert not any("alt.toml" in line or "fine.toml" in line for line in lines)


def test_show_draws_a_good_figure_and_shows_a_broken_ones_stretch_without(limber_run):
    fine = limber_run("show", "figures/fine", packs="figures")
    assert fine.code == 0 and "Figure: Lying on your back, knees in" in fine.out
    for sid in BROKEN:
        run = limber_run("show", f"figures/{sid}", packs="figures")
        assert run.code == 0, run.err
        assert f"Figure {sid}" in run.out and "Figure:" not in run.out
        assert "Hug your knees." in run.out and run.clean()


def test_escapes_in_the_alt_text_are_gone_and_markup_is_only_text(limber_run):
    run = limber_run("show", "figures/alt", packs="figures")
    assert run.code == 0 and run.clean()
    (alt,) = [line for line in run.out.splitlines() if line.startswith("Figure:")]
    assert alt == "Figure: [bold red]Lying[/] down [@click=app.quit]x[/]"
    svg = limber_run("show", "figures/alt", "--svg", packs="figures")
    assert "<title>[bold red]Lying[/] down [@click=app.quit]x[/]</title>" in svg.out
    assert svg.clean()


async def test_the_app_previews_every_figure_in_its_box(hostile_site, limber_home):
    """Each stretch of the pack previewed: the figure (or none) inside its box, the
    markup of the alt text never run."""
    app = make_app(limber_home, packs=hostile(hostile_site, "figures"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notices = [(str(n.title), str(n.message)) for n in app._notifications]
        left_out = [m for t, m in notices if t == "A figure of 'figures' was left out"]
        assert len(left_out) == 4 and all("without its figure" in m for m in left_out)
        catalogue = app.state.catalogue
        for sid in ("fine", "alt", *BROKEN):
            stretch = catalogue.stretches[f"figures/{sid}"]
            app.main.session.preview(stretch)
            await pilot.pause()
            view = app.main.session.query_one("#preview-figure", FigureView)
            assert (view.figure is not None) == (sid in ("fine", "alt")), sid
            drawn = view.drawn()
            if drawn is not None:
                width, height = view.content_size
                assert len(drawn.lines) == height and {len(x) for x in drawn.lines} == {width}
            assert not ESCAPE.search(app.export_screenshot())
        assert app.is_running  # [@click=app.quit] in the alt text did nothing
        fine = catalogue.stretches["figures/fine"].figure
        assert fine is not None
        for cols, rows in ((0, 0), (1, 1), (20, 8), (500, 3)):
            drawn = raster(fine, cols=cols, rows=rows)
            assert len(drawn.lines) == rows and all(len(x) == cols for x in drawn.lines)
