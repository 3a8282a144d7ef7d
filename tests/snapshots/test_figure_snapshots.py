"""Snapshots of figures as a person sees them. Each SVG was looked at before it was
committed: the pose reads, the working limb is in the accent colour, nothing spills
out of its box."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import figure
from textual.app import App, ComposeResult
from textual.containers import Grid

from apptools import SNAPSHOT_SIZE, make_app
from limber.core.packs.content import read_pack_dir
from limber.core.packs.host import FolderPack
from limber.ui.widgets.figure_view import FigureView

REPO = Path(__file__).resolve().parents[2]
OWN = (
    'id = "hug"\nname = "Zebra knee hug"\nsummary = "Hug both knees in."\nkind = "hold"\n'
    'position = "lying-on-back"\ntargets = ["lower-back"]\nsides = "none"\n'
    'setup = "Lie on your back."\nsteps = ["Hug your knees."]\n\n[dose]\nseconds = 20\n\n'
    + figure("Lying on your back, both knees hugged in")
)


class Gallery(App[None]):
    """Four figures in a 2 × 2 grid: cat-cow's two keyframes, and single knee-to-chest's
    right side (as drawn) and left side (mirrored)."""

    CSS = "Grid { grid-size: 2 2; } FigureView { border: round $panel; }"

    def compose(self) -> ComposeResult:
        with Grid():
            for name in ("cat", "cow", "right", "left"):
                yield FigureView(id=name)

    def on_mount(self) -> None:
        core = {s.id: s.figure for s in read_pack_dir(REPO / "content").stretches}
        cat_cow, knee = core["cat-cow"], core["single-knee-to-chest"]
        for name, shown, mirror in (
            ("cat", cat_cow, False),
            ("cow", cat_cow, False),
            ("right", knee, knee.mirror_for("right")),
            ("left", knee, knee.mirror_for("left")),
        ):
            view = self.query_one(f"#{name}", FigureView)
            view.show(shown, mirror=mirror)
            view.border_title = name
        self.query_one("#cow", FigureView).step()


def test_a_movement_s_two_keyframes_and_both_sides(snap_compare):
    """Top: cat (the back rounded up, head down) and cow (the back dipped, head up), the
    trunk in the accent colour. Bottom: single knee-to-chest, right knee in (as drawn,
    head on the left) and left knee in (the same drawing mirrored, head on the right);
    the pulled-in leg in the accent colour."""
    assert snap_compare(Gallery(), terminal_size=(80, 24))


def _preview(stretch: str):
    async def highlight(pilot):
        await pilot.press("slash", *stretch, "enter")
        await pilot.pause()

    return highlight


def test_preview_of_a_pack_s_own_figure(snap_compare, limber_home, make_pack):
    """A pack's stretch with a figure of its own: the figure above its details."""
    root = make_pack("drawn", files={"stretches/hug.toml": OWN})
    app = make_app(limber_home, packs=[("drawn", FolderPack(root))])
    assert snap_compare(app, run_before=_preview("zebra"), terminal_size=SNAPSHOT_SIZE)


def test_preview_of_a_stretch_without_a_figure(snap_compare, limber_home, make_pack):
    """A pack's stretch without a figure: its details as before, no empty box."""
    root = make_pack("plain", stretches={"hug": {"title": "Plain knee hug"}})
    app = make_app(limber_home, packs=[("plain", FolderPack(root))])
    assert snap_compare(app, run_before=_preview("plain knee"), terminal_size=SNAPSHOT_SIZE)
