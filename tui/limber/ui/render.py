"""Pack items → Textual ``Content``. Pack text is data: cleaned, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from limber.core.catalogue import Catalogue
from limber.core.model import Guidance, Routine, Source, Stretch
from limber.core.plan import Plan
from limber.core.programme_model import Programme
from limber.core.text import clean, clean_line
from limber.core.wording import mmss, plural, sides_text, step_line

HEADING = "bold $accent"
DIM = "$text-muted"


def _heading(text: str) -> Content:
    return Content.styled(text, HEADING)


def _bullets(lines: tuple[str, ...] | list[str], numbered: bool = False) -> list[Content]:
    return [
        Content.assemble((f" {n}. " if numbered else " • ", DIM), clean(line))
        for n, line in enumerate(lines, 1)
    ]


def _sources(sources: tuple[Source, ...]) -> list[Content]:
    return [
        Content.assemble(
            (" • ", DIM),
            clean_line(s.title),
            (f" — {clean_line(s.publisher)}" if s.publisher else "", DIM),
        )
        for s in sources
    ]


def _source_block(sources: tuple[Source, ...]) -> list[Content]:
    """The sources under one heading: "Source", or "Sources" for more than one."""
    return _block("Sources" if len(sources) > 1 else "Source", _sources(sources))


def _block(title: str, lines: list[Content]) -> list[Content]:
    return [Content(""), _heading(title), *lines] if lines else []


def stretch_details(stretch: Stretch) -> Content:
    facts = " · ".join(
        x
        for x in (
            stretch.dose.describe(),
            sides_text(stretch.sides),
            stretch.position.replace("-", " "),
            ", ".join(t.replace("-", " ") for t in stretch.targets),
        )
        if x
    )
    parts: list[Content] = [
        Content.styled(clean_line(stretch.name), "bold"),
        Content.styled(facts, DIM),
        Content(""),
        Content(clean(stretch.summary)),
    ]
    if stretch.aliases:
        parts.append(
            Content.styled("Also called " + ", ".join(map(clean_line, stretch.aliases)), DIM)
        )
    parts += _block("Set-up", [Content(" " + clean(stretch.setup))])
    parts += _block("Steps", _bullets(stretch.steps, numbered=True))
    if stretch.flow:
        flow = [
            Content.assemble((f" {clean_line(p.name)}: ", "bold"), clean(p.cue))
            for p in stretch.flow
        ]
        parts += _block("Positions", flow)
    parts += _block("Easier", _bullets(stretch.easier))
    parts += _block("Harder", _bullets(stretch.harder))
    parts += _block("Cautions", _bullets(stretch.cautions))
    parts += _source_block(stretch.sources)
    return Content("\n").join(parts)


def routine_preview(routine: Routine, plan: Plan, catalogue: Catalogue) -> Content:
    parts: list[Content] = [
        Content.styled(clean_line(routine.name), "bold"),
        Content.styled(
            f"{mmss(plan.total_seconds)} in all · {plural(len(routine.steps), 'step')} · "
            f"{mmss(plan.work_seconds)} stretching",
            DIM,
        ),
        Content(""),
        Content(clean(routine.description)),
        Content(""),
        _heading("Plan"),
    ]
    for number, step in enumerate(routine.steps, 1):
        stretch = catalogue.stretches[step.stretch]
        work = [p for p in plan.phases if p.step_index == number - 1 and p.work]
        seconds = sum(p.seconds for p in work)
        line = step_line(step, stretch)
        parts.append(
            Content.assemble(
                (f" {number:>2}. ", DIM),
                (clean_line(line.name), "bold"),
                f"  {line.dose}",
                (f", {line.sides}" if line.sides else "", ""),
                (f"  ({mmss(seconds)})", DIM),
            )
        )
        if step.note:
            parts.append(Content.styled(f"     {clean_line(step.note)}", DIM))
    parts += _block("Cautions", _bullets(routine.cautions))
    parts += _source_block(routine.sources)
    parts += [Content(""), Content.styled("Press Enter to start.", "bold $success")]
    return Content("\n").join(parts)


def guidance_page(page: Guidance, *, titled: bool = True) -> Content:
    parts = [Content.styled(clean_line(page.title), "bold")] if titled else []
    parts.append(Content(clean(page.summary)))
    parts += [Content(""), *_bullets(page.points)]
    parts += _source_block(page.sources)
    return Content("\n").join(parts)


def programme_preview(programme: Programme, catalogue: Catalogue) -> Content:
    """A programme as its author wrote it: who, the weeks, the review point, and their
    rules for getting in touch, each said as theirs."""
    from limber.core.programme import rule_owner, rules, who  # off the start-up path

    author = programme.author
    contact = f" · {author.contact}" if author.contact else ""
    parts: list[Content] = [
        Content.styled(clean_line(programme.title), "bold"),
        Content.styled(clean_line(f"By {who(author)}{contact}"), DIM),
        Content(""),
        Content(clean(programme.summary)),
        Content(""),
        _heading(plural(len(programme.weeks), "week")),
    ]
    for number, week in enumerate(programme.weeks, 1):
        names = [
            catalogue.routines[r].name if r in catalogue.routines else r for r in week.routines
        ]
        parts.append(
            Content.assemble(
                (f" {number:>2}. ", DIM),
                clean_line(", ".join(names)),
                (f"  {plural(week.sessions, 'session')} a week", DIM),
            )
        )
        note = week.note or (f"{plural(len(week.doses), 'dose change')}" if week.doses else "")
        if note:
            parts.append(Content.styled(f"     {clean_line(note)}", DIM))
    parts += _block("Review", [Content(clean(programme.review))])
    owner = rule_owner(author)
    touch = [f"{owner}: {text}" for text in rules(programme.get_in_touch).values()]
    if programme.get_in_touch.advice:
        touch.append(programme.get_in_touch.advice)
    parts += _block("When to get in touch", _bullets(touch))
    parts += _block("Cautions", _bullets(programme.cautions))
    parts += _source_block(programme.sources)
    follow = "Press Enter to follow this programme from today (one at a time)."
    parts += [Content(""), Content.styled(follow, "bold $success")]
    return Content("\n").join(parts)
