"""Plain-text description of a stretch, routine or guidance page for ``limber show``."""

from __future__ import annotations

from limber.commands.figures import figure_lines
from limber.core.catalogue import Catalogue
from limber.core.model import Guidance, Routine, Source, Stretch
from limber.core.text import clean, clean_line
from limber.core.wording import step_line, stretch_sides


def _sources(sources: tuple[Source, ...]) -> list[str]:
    return ["  - " + clean_line(s.label) for s in sources]


def _section(title: str, lines: tuple[str, ...] | list[str], numbered: bool = False) -> list[str]:
    if not lines:
        return []
    body = [
        f"  {n}. {clean(line)}" if numbered else f"  - {clean(line)}"
        for n, line in enumerate(lines, 1)
    ]
    return ["", title, *body]


def describe(item: Stretch | Routine | Guidance, catalogue: Catalogue) -> str:
    if isinstance(item, Stretch):
        out = [
            f"{clean_line(item.name)}  ({item.id})",
            clean(item.summary),
            "",
            f"Kind: {item.kind}   Position: {item.position}   Sides: {stretch_sides(item.sides)}",
            f"Dose: {item.dose.describe()}",
            f"Targets: {', '.join(item.targets)}",
        ]
        if item.aliases:
            out.append("Also called: " + ", ".join(clean_line(a) for a in item.aliases))
        if item.figure is not None:
            out += ["", *figure_lines(item.figure)]
            if item.figure.note:
                out.append(clean_line(item.figure.note))
        out += ["", "Set-up", "  " + clean(item.setup)]
        out += _section("Steps", item.steps, numbered=True)
        out += _section("Easier", item.easier)
        out += _section("Harder", item.harder)
        out += _section("Cautions", item.cautions)
        if item.sources:
            out += ["", "Sources", *_sources(item.sources)]
        return "\n".join(out)
    if isinstance(item, Routine):
        out = [f"{clean_line(item.name)}  ({item.id})", clean(item.description), "", "Steps"]
        for number, step in enumerate(item.steps, 1):
            stretch = catalogue.stretches[step.stretch]
            line = step_line(step, stretch, note=True)
            out.append(f"  {number}. {clean_line(line.text())}")
            if step.note:
                out.append(f"     {clean_line(step.note)}")
        out += _section("Cautions", item.cautions)
        if item.sources:
            out += ["", "Sources", *_sources(item.sources)]
        return "\n".join(out)
    out = [f"{clean_line(item.title)}  ({item.id})", clean(item.summary)]
    out += _section("", item.points)[1:]
    if item.sources:
        out += ["", "Sources", *_sources(item.sources)]
    return "\n".join(out)
