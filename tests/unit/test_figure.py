"""A stretch's figure: read from its file, drawn in braille, mirrored for the other side."""

from __future__ import annotations

from pathlib import Path

import pytest

from limber.core.figure import Figure
from limber.core.figure_draw import ROLES, flip_line, raster
from limber.core.packs.content import read_pack_dir

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def core():
    content = read_pack_dir(REPO / "content")
    assert not content.errors and not content.figure_errors
    return {s.id: s for s in content.stretches}


def per_side_figures(core) -> list[Figure]:
    return [s.figure for s in core.values() if s.figure is not None and s.sides == "each"]


@pytest.mark.parametrize(("cols", "rows"), [(20, 8), (37, 11), (80, 30)])
def test_every_line_is_exactly_as_wide_as_the_box(core, cols, rows):
    for stretch in core.values():
        if stretch.figure is None:
            continue
        for frame in range(stretch.figure.frames):
            drawn = raster(stretch.figure, frame=frame, cols=cols, rows=rows)
            assert len(drawn.lines) == rows
            assert all(len(line) == cols for line in drawn.lines), stretch.id
            assert all(len(codes) == cols for codes in drawn.roles)
            assert drawn.text().strip(), f"{stretch.id} draws nothing at {cols}x{rows}"


def test_the_other_side_is_the_drawn_side_mirrored(core):
    """Right = left mirrored, cell by cell, and the working cells move with the limb."""
    figures = per_side_figures(core)
    assert figures
    for figure in figures:
        drawn = raster(figure, cols=40, rows=14)
        other = raster(figure, cols=40, rows=14, mirror=True)
        assert other.lines == tuple(flip_line(line) for line in drawn.lines)
        assert other.roles == tuple(codes[::-1] for codes in drawn.roles)
        assert other.lines != drawn.lines


def test_the_working_limb_is_styled_as_working(core):
    figure = core["single-knee-to-chest"].figure
    drawn = raster(figure, cols=40, rows=14)
    working = {
        (col, row) for row in range(14) for col in range(40) if drawn.role_at(col, row) == "working"
    }
    body = [1 for row in range(14) for col in range(40) if drawn.role_at(col, row) == "body"]
    assert working and body
    # The right leg is pulled in, the left foot stays on the floor: the working cells
    # are the raised knee's, above the floor's row and away from the feet's end.
    assert set(ROLES) >= {drawn.role_at(c, r) for c, r in working}
    assert figure.working == ("right-leg",)


def test_the_alt_text_swaps_sides_with_the_drawing(core):
    figure = core["single-knee-to-chest"].figure
    assert figure.side == "right"
    assert "right knee" in figure.alt_for("right")
    assert "left knee" in figure.alt_for("left")
    assert figure.mirror_for("left") and not figure.mirror_for("right")


def test_a_box_too_small_draws_nothing_outside_it(core):
    figure = core["single-knee-to-chest"].figure
    drawn = raster(figure, cols=3, rows=1)
    assert drawn.lines == ("   ",)
    assert raster(figure, cols=0, rows=0).lines == ()


def test_drawings_are_cached(core):
    figure = core["single-knee-to-chest"].figure
    assert raster(figure, cols=30, rows=10) is raster(figure, cols=30, rows=10)


def test_every_core_stretch_has_a_figure_and_a_per_side_one_says_its_side(core):
    assert len(core) == 15
    missing = [sid for sid, stretch in core.items() if stretch.figure is None]
    assert missing == []
    for stretch in core.values():
        assert stretch.figure is not None
        assert (stretch.figure.side != "none") == (stretch.sides == "each"), stretch.id
        if stretch.sides == "each":
            # The alt text names the side it shows, so the mirrored one names the other.
            assert stretch.figure.side in stretch.figure.alt, stretch.id


def test_contributing_s_worked_example_is_the_shipped_figure():
    """The pack reference's example is single knee-to-chest's own table, word for word."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Figures") :]
    example = section[section.index("```toml\n") + 8 : section.index("```\n", 10)]
    shipped = (REPO / "content" / "stretches" / "single-knee-to-chest.toml").read_text()
    assert example.strip() == shipped[shipped.index("[figure]") :].strip()
