"""``limber run ROUTINE --plain`` as a person (or a pipe) meets it: real process, real clock.

``LIMBER_PLAIN_SPEED`` runs the clock faster so a whole routine takes about a second.
A test pack is "installed" on a path so the lines can be asserted exactly, whatever
the core catalogue holds.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading

import pytest

STRETCHES = {
    "stretches/twist.toml": """\
        id = "twist"
        name = "Side \\u001b[31mtwist"
        summary = "Turns the lower back."
        kind = "hold"
        position = "lying-on-back"
        targets = ["lower-back"]
        sides = "each"
        setup = "Lie on your back. Knees bent."
        steps = ["Drop both knees to one side."]

        [dose]
        seconds = 10
        """,
    "stretches/rock.toml": """\
        id = "rock"
        name = "Rock"
        summary = "Moves the spine both ways."
        kind = "flow"
        position = "hands-and-knees"
        targets = ["spine"]
        sides = "none"
        setup = "Kneel on all fours."
        steps = ["Move slowly between the two shapes."]

        [[flow]]
        name = "Back"
        cue = "Sit back toward your heels."

        [[flow]]
        name = "Forward"
        cue = "Rock forward over your hands."

        [dose]
        seconds = 5
        total_seconds = 20
        """,
    "routines/demo.toml": """\
        id = "demo"
        name = "Demo routine"
        description = "Three stretches for a test."
        transition_seconds = 5
        cautions = ["Stop if it hurts."]

        [[steps]]
        stretch = "hug"

        [[steps]]
        stretch = "twist"

        [[steps]]
        stretch = "rock"
        """,
}

EXPECTED = [
    "Demo routine",
    "3 steps, 1:30 in all. Press ctrl-c to end the session early.",
    "Caution: Stop if it hurts.",
    "",
    "[00:00] Get ready: Hug (5 s). Lie on your back.",
    "[00:05] Hug — hold 20 s. Hug your knees. Breathe slowly.",
    "[00:25] Rest 5 s. Next: Side twist.",
    "[00:30] Get ready: Side twist, left side (5 s). Lie on your back. Knees bent. "
    "Start on your left side.",
    "[00:35] Side twist, left side — hold 10 s. Drop both knees to one side.",
    "[00:45] Switch sides: RIGHT (5 s).",
    "[00:50] Side twist, right side — hold 10 s. Drop both knees to one side.",
    "[01:00] Rest 5 s. Next: Rock.",
    "[01:05] Get ready: Rock (5 s). Kneel on all fours.",
    "[01:10] Rock — Back, 5 s. Sit back toward your heels.",
    "[01:15] Rock — Forward, 5 s. Rock forward over your hands.",
    "[01:20] Rock — Back, 5 s. Sit back toward your heels.",
    "[01:25] Rock — Forward, 5 s. Rock forward over your hands.",
    "Session completed in 1:30 (about 2 minutes). Well done.",
]


@pytest.fixture
def demo(limber, make_pack, data_pack_source):
    limber.install("demo", data_pack_source, make_pack("demo", files=STRETCHES))
    return limber


def cue_lines(stdout: str) -> list[str]:
    """The output without countdowns and without the sleep guard's note on a slow machine."""
    return [
        line
        for line in stdout.splitlines()
        if not re.fullmatch(r"\s+[321]….*", line) and not line.startswith("The clock jumped")
    ]


def test_plain_run_prints_each_cue_in_order(demo):
    # Only the core and the demo pack: the voice pack, installed in the venv, says on
    # stderr when no speech engine is found, which depends on the machine.
    result = demo(
        "run", "demo/demo", "--plain", env={"LIMBER_PLAIN_SPEED": "40", "LIMBER_PACKS": "demo"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    assert cue_lines(result.stdout) == EXPECTED
    assert "  3… 2… 1…" in result.stdout.splitlines()


def test_plain_run_of_a_core_routine(limber):
    """Whatever routine the core lists first runs to the end, stretch by stretch."""
    listed = json.loads(limber("list", "--json").stdout)["routines"]
    if not listed:
        pytest.skip("the core catalogue has no routines yet")
    routine = listed[0]
    result = limber("run", routine["id"], "--plain", env={"LIMBER_PLAIN_SPEED": "1000"})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    lines = cue_lines(result.stdout)
    assert lines[0] == routine["name"]
    assert lines[1].startswith(f"{len(routine['steps'])} steps, {routine['total_time']} in all.")
    assert lines[-1].startswith(f"Session completed in {routine['total_time']}")
    work = [p for p in routine["plan"]["phases"] if p["kind"] in ("hold", "reps", "flow")]
    cued = [line for line in lines if line.startswith("[") and " — " in line]
    assert [line.split(" — ")[0].split("] ")[1] for line in cued] == [
        f"{p['stretch_name']}, {p['side']} side" if p["side"] else p["stretch_name"] for p in work
    ]


def test_ctrl_c_ends_the_session_early(demo):
    env = {
        **os.environ,
        "PYTHONPATH": str(demo.site),
        "LIMBER_HOME": str(demo.home),
        "LIMBER_PLAIN_SPEED": "5",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "limber", "run", "demo/demo", "--plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Run as from a terminal even if this test was started with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        seen = []
        while not any(line.startswith("[00:05] Hug") for line in seen):
            line = proc.stdout.readline()
            assert line, f"the session stopped early: {seen}"
            seen.append(line)
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate()
    finally:
        watchdog.cancel()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    last = rest.strip().splitlines()[-1]
    assert re.fullmatch(r"Session ended early after 0:0\d\.", last), rest


def test_unknown_routine_is_one_sentence(limber):
    result = limber("run", "no-such-routine", "--plain")
    assert result.returncode == 1
    assert result.stderr.startswith("limber: There is no routine called 'no-such-routine'.")
    assert "Traceback" not in result.stderr


def test_a_bad_speed_is_one_sentence(demo):
    result = demo("run", "demo/demo", "--plain", env={"LIMBER_PLAIN_SPEED": "fast"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "limber: LIMBER_PLAIN_SPEED must be a positive number, not 'fast'."
    )


def test_a_failing_event_hook_is_reported_once_and_the_session_goes_on(demo, make_pack):
    source = (
        "from pathlib import Path\n"
        "from limber import hookimpl\n\n"
        "@hookimpl\n"
        "def limber_content_dir():\n"
        "    return Path(__file__).parent / 'content'\n\n"
        "@hookimpl\n"
        "def limber_session_event(event):\n"
        "    raise RuntimeError('speaker \\x1b[31munplugged')\n"
    )
    demo.install("noisy", source, make_pack("noisy"))
    # Not the voice pack: whether it finds a speech engine depends on the machine.
    env = {"LIMBER_PLAIN_SPEED": "200", "LIMBER_PACKS": "demo,noisy"}
    result = demo("run", "demo/demo", "--plain", env=env)
    assert result.returncode == 0
    assert cue_lines(result.stdout) == EXPECTED
    assert result.stderr.splitlines() == [
        "limber: Pack 'noisy' failed on session-started: RuntimeError: speaker unplugged"
    ]


def test_a_packs_notice_at_load_is_said_once_on_stderr_before_the_cues(demo, make_pack):
    """A speaker pack with no engine says so as it loads; its event hook saying the same
    again does not repeat it."""
    source = (
        "from pathlib import Path\n"
        "from limber import hookimpl\n\n"
        "@hookimpl\n"
        "def limber_content_dir():\n"
        "    return Path(__file__).parent / 'content'\n\n"
        "@hookimpl\n"
        "def limber_notice():\n"
        "    return 'No speech engine was found.'\n\n"
        "@hookimpl\n"
        "def limber_session_event(event):\n"
        "    return 'No speech engine was found.'\n"
    )
    demo.install("mute", source, make_pack("mute"))
    env = {"LIMBER_PLAIN_SPEED": "200", "LIMBER_PACKS": "demo,mute"}  # not the voice pack
    result = demo("run", "demo/demo", "--plain", env=env)
    assert result.returncode == 0, result.stderr
    assert cue_lines(result.stdout) == EXPECTED
    assert result.stderr.splitlines() == ["limber: Pack 'mute': No speech engine was found."]


def _pains(home) -> tuple[object, object]:
    import sqlite3

    with sqlite3.connect(home / "history.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "sessions" not in tables:
            return None  # nothing was ever recorded
        return db.execute("SELECT pain_before, pain_after FROM sessions").fetchone()


def _on_a_terminal(demo, answers: list[tuple[bytes, bytes]]) -> str:
    """Run demo/demo --plain on a pseudo-terminal, typing each answer once its prompt
    shows; everything the terminal showed, once the run exits 0."""
    import pty
    import select
    import time

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(demo.site), "LIMBER_HOME": str(demo.home)}
    env.update({"NO_COLOR": "1", "LIMBER_PLAIN_SPEED": "200"})
    env.pop("LIMBER_PACKS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "limber", "run", "demo/demo", "--plain"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    seen = b""

    def read_until(text: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while text not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.5)[0]:
                seen += os.read(leader, 1024)
        assert text in seen, seen.decode(errors="replace")

    for prompt, answer in answers:
        read_until(prompt)
        os.write(leader, answer)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    try:
        while select.select([leader], [], [], 0.5)[0]:
            seen += os.read(leader, 1024)
    except OSError:
        pass  # the terminal closed with the process
    os.close(leader)
    return seen.decode()


def test_on_a_terminal_plain_asks_the_pain_before_and_after(demo):
    text = _on_a_terminal(
        demo, [(b"how is your back?", b"3\n"), (b"How is your back now?", b"9\n")]
    )
    assert text.index("how is your back?") < text.index("Session completed")
    assert "Limber's own pointer, not a diagnosis: your pain went from 3 to 9" in text
    assert _pains(demo.home) == (3, 9)


def test_on_a_terminal_a_rating_of_seven_makes_enter_not_today(demo):
    """The same choice as the app: after 7 or more, Enter is "not today"."""
    text = _on_a_terminal(demo, [(b"how is your back?", b"7\n"), (b"Start anyway?", b"\n")])
    assert "you rated your pain 7 out of 10. Limber counts 7 to 10 as severe pain." in text
    assert "Not today: no session was started or recorded." in text
    assert "Session completed" not in text
    assert not (demo.home / "history.sqlite3").exists() or _pains(demo.home) is None
    text = _on_a_terminal(
        demo,
        [(b"how is your back?", b"8\n"), (b"Start anyway?", b"y\n"), (b"now?", b"\n")],
    )
    assert "Session completed" in text
    assert _pains(demo.home) == (8, None)


def test_in_a_pipe_plain_asks_no_pain(demo):
    result = demo("run", "demo/demo", "--plain", env={"LIMBER_PLAIN_SPEED": "200"})
    assert result.returncode == 0, result.stderr
    assert "how is your back" not in result.stdout.lower()
    assert _pains(demo.home) == (None, None)


HANGING_HOOK = """\
import time
from pathlib import Path
from limber import hookimpl

@hookimpl
def limber_content_dir():
    return Path(__file__).parent / "content"

@hookimpl
def limber_session_event(event):
    time.sleep(20)  # a clinic exporter whose network call never returns
"""


def test_a_hanging_event_hook_is_given_up_once_and_the_session_runs_on(limber, make_pack):
    """The cues keep coming on time; the pack is named once and left out after that."""
    limber.install("demo", HANGING_HOOK, make_pack("demo", files=STRETCHES))
    result = limber(
        "run",
        "demo/demo",
        "--plain",
        env={"LIMBER_PLAIN_SPEED": "40", "LIMBER_PACKS": "demo", "LIMBER_HOOK_SECONDS": "1"},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert cue_lines(result.stdout) == EXPECTED
    assert result.stderr.count("Pack 'demo'") == 1
    assert "took longer than 1 s, so Limber went on without it" in result.stderr


def test_plain_run_says_the_way_out_as_the_hold_ends(limber):
    """The glute bridge's way out (lowering the hips) comes with the 3-2-1, not in the
    hold's cue."""
    # The 3-2-1 lasts 3 s of the session: 30 ms at this speed. (At 400 it was 7.5 ms, and a
    # test process kept off the core that long under load woke past it: no way-out line.)
    result = limber("run", "core/core-and-hips", "--plain", env={"LIMBER_PLAIN_SPEED": "100"})
    assert result.returncode == 0, result.stderr
    lines = cue_lines(result.stdout)
    hold = next(i for i, line in enumerate(lines) if line.startswith("[") and "Glute" in line)
    after = next(line for line in lines[hold + 1 :] if "Coming out: " in line)
    way_out = after.split("Coming out: ")[1]
    assert "hips" in way_out and way_out not in lines[hold]
    rest = result.stdout.split(after + "\n")[1]
    assert rest.split("\n")[0].strip().endswith("…")  # then the 3-2-1 (fast: some merge)
