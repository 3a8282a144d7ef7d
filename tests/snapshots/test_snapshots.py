"""Snapshots of what a person sees. Each SVG was looked at before it was committed.

Update on purpose with `make snapshots`, then open snapshot_report.html and look."""

from __future__ import annotations

import json

from apptools import SNAPSHOT_SIZE, FakeClock, make_app, session_of, tick
from limber.core.packs.host import FolderPack


def test_main_screen_80x24(snap_compare, limber_home):
    """Catalogue on the left with routines first, the highlighted routine's plan in the
    middle, the history pane below the catalogue, keys in the footer."""
    assert snap_compare(make_app(limber_home), terminal_size=SNAPSHOT_SIZE)


def test_main_screen_120x40(snap_compare, limber_home):
    """The same screen with room to spare: longer plan, more of the catalogue."""
    assert snap_compare(make_app(limber_home), terminal_size=(120, 40))


def test_main_screen_wide_200x60(snap_compare, limber_home):
    """At 200 columns the history pane gets a column of its own."""
    assert snap_compare(make_app(limber_home), terminal_size=(200, 60))


def test_filtered_catalogue(snap_compare, limber_home):
    """`/` then "twist": only the twists are listed, the first one previewed."""
    assert snap_compare(
        make_app(limber_home), press=["slash", *"twist"], terminal_size=SNAPSHOT_SIZE
    )


def test_long_catalogue_filtered(snap_compare, limber_home, make_pack):
    """A catalogue longer than the list draws (80 items), filtered to four twists: the
    scrollbar's track stays beside the rows, empty."""
    root = make_pack("many", stretches={f"hug{n:02d}": {} for n in range(60)})
    app = make_app(limber_home, packs=[("many", FolderPack(root))])
    assert snap_compare(app, press=["slash", *"twist"], terminal_size=SNAPSHOT_SIZE)


def test_stretch_details(snap_compare, limber_home):
    """Child's pose highlighted: dose, position, set-up, steps, easier version, source."""

    async def highlight(pilot):
        await pilot.press("slash", *"child", "enter")

    assert snap_compare(make_app(limber_home), run_before=highlight, terminal_size=(100, 40))


async def _run_to(pilot, routine: str, seconds: float, clock: FakeClock) -> None:
    pilot.app.main.start_routine(routine)
    await pilot.pause()
    await tick(pilot.app, pilot, clock, seconds)


def test_session_mid_hold_left_side(snap_compare, limber_home):
    """Reclining twist, LEFT side, mid-hold at 80×24, the session on the whole width: the
    figure beside a countdown in big glyphs (five rows), the cue and name above, the
    movement and the caution whole below, progress, what comes next (the right side)."""
    clock = FakeClock()

    async def run(pilot):
        # post-run: 5 s get ready, butterfly 25 s, 10 s rest, 5 s get ready, then the twist
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 12, clock)

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_paused(snap_compare, limber_home):
    """Paused mid-hold: PAUSED in the cue line, the countdown frozen."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 10, clock)
        await pilot.press("space")
        await tick(pilot.app, pilot, clock, 40)

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_switch_sides(snap_compare, limber_home):
    """The switch from the left to the right side of the reclining twist."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 25 + 1, clock)

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_finished(snap_compare, limber_home):
    """The quick routine run to the end: complete, minutes stretched."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/quick-knee-to-chest", 30, clock)
        for _ in range(6):
            await tick(pilot.app, pilot, clock, 15)
        assert session_of(pilot.app).engine.state == "finished"

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_help_screen(snap_compare, limber_home):
    """`?`: every key with its binding id, the palette, where the safety advice is."""
    assert snap_compare(make_app(limber_home), press=["question_mark"], terminal_size=(100, 40))


def test_safety_notice_read_to_the_end(snap_compare, limber_home):
    """First run on a small terminal (50×16), scrolled to its end with Enter: the urgent
    signs and the sources are on screen, and the hint now says Enter goes on."""

    async def to_the_end(pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(20):
            if pilot.app.screen.at_end:
                return
            await pilot.press("enter")
            await pilot.pause()

    app = make_app(limber_home, safety_read=False)
    assert snap_compare(app, run_before=to_the_end, terminal_size=(50, 16))


HOSTILE = (
    "[@click=app.quit]Quit[/] [link=https://x.test]l[/link] [bold]b \x1b[31mred\x1b]0;owned\x07 ["
)


def test_hostile_pack_text_shows_literally(snap_compare, limber_home, make_pack):
    """Markup in a pack's names shows as literal brackets; escape sequences are gone; the
    app did not quit or follow a link."""
    root = make_pack("hostile", routines={"evil": "hug"})
    stretch = root / "stretches" / "hug.toml"
    stretch.write_text(
        stretch.read_text()
        .replace('name = "Hug"', f"name = {json.dumps(HOSTILE)}")
        .replace('"Stretches the lower back."', json.dumps(HOSTILE))
    )
    routine = root / "routines" / "evil.toml"
    routine.write_text(routine.read_text().replace('name = "Evil"', 'name = "[b]Evil[/b] ["'))
    app = make_app(limber_home, packs=[("hostile", FolderPack(root))])
    assert not app.state.report.failures, app.state.report.summary()

    clock = app.services.clock

    async def open_it(pilot):
        await pilot.press("slash", *"hostile", "enter", "enter")
        await tick(pilot.app, pilot, clock, 6)
        assert pilot.app.is_running

    assert snap_compare(app, run_before=open_it, terminal_size=(100, 30))


def test_packs_screen_with_a_broken_pack(snap_compare, limber_home, make_pack):
    """P: the failed pack first, with its file, key and reason, and how to start
    without it; the loaded packs listed with version and counts."""
    bad = make_pack("clinic", stretches={"hug": {"seconds": '"long"'}})
    good = make_pack("coach", routines={"easy": "hug"})
    app = make_app(limber_home, packs=[("clinic", FolderPack(bad)), ("coach", FolderPack(good))])
    assert snap_compare(app, press=["P"], terminal_size=(120, 30))


def test_routine_builder(snap_compare, limber_home):
    """B on Post-run relief: a copy to make your own, its four steps with doses and sides,
    the total time, the stretches to add on the left, the keys along the bottom."""

    async def open_builder(pilot):
        pilot.app.main.show_item("core/post-run")
        await pilot.press("B")
        await pilot.pause()

    assert snap_compare(make_app(limber_home), run_before=open_builder, terminal_size=(120, 30))


def test_safety_notice_first_screen_80x24(snap_compare, limber_home):
    """First run at 80×24: the whole notice on one screen, nothing to scroll: what Limber
    is, the stop rule, the warning signs, the urgent signs (Limber's own), whose rule each
    is and the sources; the hint says Enter goes on and g shows the full wording."""
    assert snap_compare(make_app(limber_home, safety_read=False), terminal_size=(80, 24))


def test_session_stopped_because_it_hurts(snap_compare, limber_home):
    """After h and a pain of 6, then Enter on when-to-stop: where it stopped and the pain,
    saved; no "well done"."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 12, clock)
        await pilot.press("h", "6")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_end_asks_once(snap_compare, limber_home):
    """e mid-hold: the cue line asks to press e again and says the session is saved as
    ended early; q then shows the quit question in a toast."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 10, clock)
        await pilot.press("e", "q")
        await pilot.pause()

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_reps_counting(snap_compare, limber_home):
    """The pelvic tilt's reps: 3/15 in big digits, "rep 3 of 15 · one every 4 s" small."""
    from limber.core.plan import single_stretch_routine

    clock = FakeClock()

    async def run(pilot):
        tilt = pilot.app.state.catalogue.stretches["core/pelvic-tilt"]
        session_of(pilot.app).begin(single_stretch_routine(tilt), None)
        await pilot.pause()
        await tick(pilot.app, pilot, clock, 5 + 9)

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_session_paused_by_a_modal(snap_compare, limber_home):
    """Help opened over a hold and closed: PAUSED — Paused while another screen was
    open — space to resume; the countdown where it was."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 10, clock)
        await pilot.press("question_mark")
        await pilot.pause()
        clock.advance(30)
        await pilot.press("escape")
        await pilot.pause()

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_full_screen_200x60(snap_compare, limber_home):
    """f mid-hold at 200×60: no header, the name and side in big block glyphs, the figure
    on half the width beside the countdown in big glyphs, with the dose under it and the
    instruction, the bar and what is next below."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 12, clock)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(make_app(limber_home, clock=clock), run_before=run, terminal_size=(200, 60))


def test_footer_at_60x20_keeps_this_hurts(snap_compare, limber_home):
    """A running session at 60×20: one pane, and the footer starts with h This hurts."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 10, clock)

    assert snap_compare(make_app(limber_home, clock=clock), run_before=run, terminal_size=(60, 20))


def test_all_steps_over_a_hold(snap_compare, limber_home):
    """i mid-hold: the reclining twist in full (set-up, every step) over the paused
    session."""
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 12, clock)
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(
        make_app(limber_home, clock=clock), run_before=run, terminal_size=SNAPSHOT_SIZE
    )


def test_voice_notice_beside_a_running_session_80x24(snap_compare, limber_home, monkeypatch):
    """The voice pack on a machine with no speech engine, mid-hold of the reclining
    twist: its sentence is one line above the footer ("P: packs" first); the countdown,
    the progress bar and "Next" are all on screen, nothing covers them."""
    import limber_voice

    monkeypatch.setenv("PATH", str(limber_home / "no-engines-here"))
    clock = FakeClock()

    async def run(pilot):
        await _run_to(pilot, "core/post-run", 5 + 25 + 10 + 5 + 12, clock)

    app = make_app(limber_home, clock=clock, packs=[("voice", limber_voice)])
    assert snap_compare(app, run_before=run, terminal_size=SNAPSHOT_SIZE)
