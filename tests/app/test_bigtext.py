"""BigText draws its glyphs' lines itself (a session does it each second): what it draws
is what Textual draws from the same text, cell for cell and style for style."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.visual import Visual

from limber.ui.widgets.bigtext import GLYPHS, BigText, draw_line, draw_pixels


class _Host(App[None]):
    CSS = """
    #countdown { height: 1fr; content-align: center bottom; text-wrap: nowrap; }
    #name { content-align: center middle; }
    #top { height: 9; content-align: center top; }
    """

    def compose(self) -> ComposeResult:
        yield BigText(id="name", most=2)
        yield BigText(id="top", fill_height=True)
        yield BigText(id="countdown", fill_height=True)


def _cells(strips) -> list[list[tuple[str, object]]]:  # type: ignore[no-untyped-def]
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.parametrize("size", [(100, 30), (57, 24), (80, 41), (23, 19)])
async def test_the_glyphs_are_drawn_as_textual_draws_them(size):
    app = _Host()
    async with app.run_test(size=size) as pilot:
        texts = ["0:25", "12:34", "3/10", "Seated butterfly · Left", "Knee to chest", "1"]
        compared = 0
        for widget_id in ("countdown", "name", "top"):
            widget = app.query_one(f"#{widget_id}", BigText)
            for text in texts:
                widget.update(text)
                await pilot.pause()
                width, height = widget.size
                drawn = widget._blocks(width, height)
                if drawn is None:
                    continue
                textual = Visual.to_strips(
                    widget, widget.render(), width, height, widget.visual_style
                )
                assert _cells(drawn) == _cells(textual), (widget_id, text, size)
                compared += 1
        assert compared >= 12  # most cases are drawn directly, not handed back


async def test_text_the_glyphs_lack_is_left_to_textual():
    app = _Host()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one("#countdown", BigText)
        widget.update("Ça va")
        await pilot.pause()
        assert widget._blocks(*widget.size) is None
        assert "Ça va" in "".join(strip.text for strip in widget._drawn())


@pytest.mark.parametrize("scale", [1, 2, 3, 4, 6, 12])
def test_a_line_drawn_glyph_by_glyph_is_the_line_drawn_pixel_by_pixel(scale):
    """The countdown's rows are its glyphs' cells put side by side (each glyph drawn once
    per scale): the very cells of the whole line drawn pixel by pixel."""
    texts = ["", "0:25", "12:34", "3/10", "SEATED BUTTERFLY - LEFT", *GLYPHS]
    for text in texts:
        assert draw_line(text, scale) == draw_pixels(text, scale), text
    assert draw_line("1", 2) == ["  ██  ", "████  ", "  ██  ", "  ██  ", "██████"]  # a one
