"""Generate a large catalogue on disk: N pack folders × M stretches, plus a routine per pack.

bench/envs.py turns each folder into a wheel and installs it; standard library only."""

from __future__ import annotations

from pathlib import Path

STRETCH = """\
id = "s{n}"
name = "Stretch number {n} of pack {p}"
summary = "A generated stretch for the benchmark, holding the lower back gently."
kind = "hold"
position = "{position}"
targets = ["{target}"]
sides = "{sides}"
setup = "Lie on your back with your knees bent."
steps = ["Bring one knee toward your chest.", "Hold and breathe slowly."]
easier = ["Keep the other foot on the floor."]
cautions = ["Stop if it hurts."]

[dose]
seconds = [20, 30]

[[sources]]
title = "Generated"
"""

POSITIONS = ["lying-on-back", "seated", "kneeling", "standing", "hands-and-knees"]
TARGETS = ["lower-back", "hips", "glutes", "hamstrings", "core"]


def write_packs(base: Path, packs: int = 50, stretches: int = 200) -> list[tuple[str, Path]]:
    made = []
    for p in range(packs):
        name = f"gen{p:02d}"
        root = base / name
        (root / "stretches").mkdir(parents=True)
        (root / "routines").mkdir()
        (root / "pack.toml").write_text(
            f'name = "{name}"\ntitle = "Generated {p}"\ndescription = "Bench."\nauthor = "Bench"\n'
        )
        for n in range(stretches):
            (root / "stretches" / f"s{n}.toml").write_text(
                STRETCH.format(
                    n=n,
                    p=p,
                    position=POSITIONS[n % 5],
                    target=TARGETS[n % 5],
                    sides="each" if n % 2 else "none",
                )
            )
        steps = "".join(f'\n[[steps]]\nstretch = "s{n}"\n' for n in range(0, stretches, 20))
        (root / "routines" / "r.toml").write_text(
            f'id = "r"\nname = "Generated routine {p}"\ndescription = "Bench."\n{steps}'
        )
        made.append((name, root))
    return made
