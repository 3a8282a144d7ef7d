"""Figures on the command line: ``limber show`` draws one above the steps (and ``--svg``
writes it), ``run --plain`` draws it on a terminal and gives its alt text in a pipe."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.hostile.conftest import figure

GOLDEN = Path(__file__).parent / "golden"
BRAILLE = re.compile("[\u2801-\u28ff]")
SVG = "{http://www.w3.org/2000/svg}"


def test_show_draws_the_figure_above_the_steps(limber):
    """The output, line for line, as ``tests/cli/golden/show-single-knee-to-chest.txt``
    (rewrite it on purpose, and look at it, when the drawing changes)."""
    result = limber("show", "core/single-knee-to-chest")
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / "show-single-knee-to-chest.txt"
    assert result.stdout == golden.read_text(encoding="utf-8")
    lines = result.stdout.splitlines()
    drawn = [n for n, line in enumerate(lines) if BRAILLE.search(line)]
    alt = lines.index(
        "Figure: Lying on your back, right knee pulled to the chest, "
        "the other foot flat on the floor"
    )
    assert 5 <= len(drawn) <= 12 and drawn[-1] == alt - 1 < lines.index("Steps")
    assert max(len(lines[n]) for n in drawn) <= 40


def test_show_svg_writes_a_standalone_svg_titled_with_the_alt_text(limber):
    result = limber("show", "core/cat-cow", "--svg")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    assert root.find(f"{SVG}title").text.startswith("On hands and knees: the back rounds up")
    assert len(root.findall(f".//{SVG}line")) == 13 + 1  # the bones and the floor
    assert len(root.findall(f".//{SVG}circle")) == 1
    working = root.findall(f".//{SVG}line[@class='working']")
    assert len(working) == 2  # the trunk: hip to back, back to neck


def test_show_svg_of_a_routine_is_one_sentence(limber):
    result = limber("show", "core/post-run", "--svg")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "limber: core/post-run is not a stretch; only a stretch has a figure."
    )


def test_a_pack_with_its_own_figure_and_one_with_none(limber, make_pack, data_pack_source):
    own = (
        'id = "hug"\nname = "Own hug"\nsummary = "Hug."\nkind = "hold"\n'
        'position = "lying-on-back"\ntargets = ["lower-back"]\nsides = "none"\n'
        'setup = "Lie down."\nsteps = ["Hug your knees."]\n\n[dose]\nseconds = 20\n\n'
        + figure("Lying on your back, both knees hugged in")
    )
    limber.install("drawn", data_pack_source, make_pack("drawn", files={"stretches/hug.toml": own}))
    limber.install("plain", data_pack_source, make_pack("plain"))
    drawn = limber("show", "drawn/hug")
    assert drawn.returncode == 0 and drawn.stderr == ""
    assert "Figure: Lying on your back, both knees hugged in" in drawn.stdout
    assert BRAILLE.search(drawn.stdout)
    plain = limber("show", "plain/hug")
    assert plain.returncode == 0 and plain.stderr == ""
    assert "Figure:" not in plain.stdout and not BRAILLE.search(plain.stdout)
    assert "Hug your knees." in plain.stdout
    svg = limber("show", "plain/hug", "--svg")
    assert svg.stderr.strip() == "limber: plain/hug has no figure to write as SVG."


def test_plain_in_a_pipe_gives_the_alt_text_not_the_drawing(limber):
    result = limber(
        "run", "core/quick-knee-to-chest", "--plain", env={"LIMBER_PLAIN_SPEED": "1000"}
    )
    assert result.returncode == 0, result.stderr
    assert not BRAILLE.search(result.stdout)
    figures = [line for line in result.stdout.splitlines() if line.startswith("  Figure: ")]
    assert figures, result.stdout
    assert any("left knee pulled to the chest" in line for line in figures)
    assert any("right knee pulled to the chest" in line for line in figures)


def test_plain_on_a_terminal_draws_each_step_once(limber):
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**os.environ, "LIMBER_HOME": str(limber.home), "NO_COLOR": "1"}
    env.update({"LIMBER_PLAIN_SPEED": "1000", "PYTHONPATH": str(limber.site)})
    env.pop("LIMBER_PACKS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "limber", "run", "core/quick-knee-to-chest", "--plain"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    seen = b""
    while True:
        ready = select.select([leader], [], [], 30)[0]
        try:
            chunk = os.read(leader, 65536) if ready else b""
        except OSError:
            chunk = b""
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = seen.decode()
    assert "Session completed" in text
    alts = [line for line in text.splitlines() if line.startswith("  Figure: ")]
    drawings = re.findall(r"(?:\n  [^\n]*[\u2801-\u28ff][^\n]*)+", text)
    assert len(drawings) == len(alts) >= 2


def test_pack_check_names_the_file_line_and_key_of_a_broken_figure(limber, make_pack):
    """A joint off the canvas in the second keyframe: its own line, one error, exit 1."""
    from tests.hostile.conftest import POSE

    bad = POSE.replace("left_knee = [45, 30]", "left_knee = [45, 130]")
    text = (
        'id = "hug"\nname = "Hug"\nsummary = "Hug."\nkind = "hold"\n'
        'position = "lying-on-back"\ntargets = ["lower-back"]\nsides = "none"\n'
        'setup = "Lie down."\nsteps = ["Hug your knees."]\ncautions = ["Stop if it hurts."]\n'
        '\n[[sources]]\ntitle = "A book"\n\n[dose]\nseconds = 20\n\n'
        + figure("Lying on your back, knees in")
        + "\n[[figure.keyframes]]\n"
        + bad
    )
    root = make_pack("broken", files={"stretches/hug.toml": text})
    (root / "stretches" / "hug.toml").write_text(text)
    line = text.splitlines().index("left_knee = [45, 130]") + 1
    result = limber("pack", "check", str(root))
    assert result.returncode == 1
    errors = [x for x in result.stdout.splitlines() if ": warning: " not in x]
    assert errors == [
        f"{root}/stretches/hug.toml:{line}: figure.keyframes[1].left_knee: "
        "expected `float` <= 100.0"
    ]
