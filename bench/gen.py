"""Generate a large catalogue on disk: N pack folders × M stretches, plus ten routines per
pack (505 routines with the core's five at 50 packs, as issue 22 measured).

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
ROUTINES = 10


def _routine(r: int, p: int, stretches: int) -> str:
    """Routine ``r`` of pack ``p``: ten steps, every twentieth stretch from ``r``; every
    third step done twice, and half the routines with a longer rest between steps."""
    steps = "".join(
        f'\n[[steps]]\nstretch = "s{n}"\n' + ("rounds = 2\n" if k % 3 == 0 else "")
        for k, n in enumerate(range(r, stretches, 20))
    )
    rest = "transition_seconds = 15\n" if r % 2 else ""
    name = f'name = "Generated routine {r} of pack {p}"'
    return f'id = "r{r}"\n{name}\ndescription = "Bench."\n{rest}{steps}'


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
        for r in range(ROUTINES):
            (root / "routines" / f"r{r}.toml").write_text(_routine(r, p, stretches))
        made.append((name, root))
    return made
