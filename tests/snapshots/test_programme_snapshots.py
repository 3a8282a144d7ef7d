"""Snapshots of a programme followed: the bar over the panes, and the dialog after a
session that crossed the physio's rule."""

from __future__ import annotations

from apptools import SNAPSHOT_SIZE, FakeClock, make_app
from programmetools import Wall, follow, programme_session


def test_programme_bar_on_the_main_screen(snap_compare, limber_home):
    """The plan's title, "Week 1 of 2 · 0 of 2 sessions this week · next: Post-run ...",
    and "t: start it" over the panes; t in the footer."""
    wall = Wall()
    follow(limber_home, wall)
    app = make_app(limber_home, now=wall)
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE)


def test_physio_rule_crossed(snap_compare, limber_home):
    """After a programme session rated 6 after: "Get in touch: Jane Doe, MCSP", the rule
    and whose it is, the clinic's number, the advice, then when to stop."""
    wall, clock = Wall(), FakeClock()
    follow(limber_home, wall)
    app = make_app(limber_home, clock=clock, now=wall, ask_pain=True)

    async def run_before(pilot) -> None:
        await programme_session(app, pilot, clock, before=5, after=6)

    assert snap_compare(app, run_before=run_before, terminal_size=SNAPSHOT_SIZE)
