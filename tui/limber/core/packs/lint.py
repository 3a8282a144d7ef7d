"""Warnings for pack authors: content that loads, but that a runner would trip over.

``limber pack check`` prints these after the errors. A warning never stops a pack from
loading; each names the file, the line where it can tell, and the key:

- a routine that does one side of a sided stretch and not the other (a step with a
  ``note`` saying why is left alone);
- a hold whose instruction takes longer to read than the hold lasts (about 3 words a
  second, at the short end of the dose, as the plan shows it);
- a stretch or routine without ``cautions``, an item without ``sources``;
- an id used twice: by two kinds of item in the pack, or by another installed pack;
- a text hard to read at a glance: a sentence over 25 words, or a reading ease under 60
  (:mod:`limber.core.readability`; the ease only when textstat is installed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import msgspec

from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError, LimberError
from limber.core.instructions import WORDS_PER_SECOND  # the plan fits holds to it too
from limber.core.model import Guidance, Routine, RoutineStep, Stretch
from limber.core.packs.content import PackContent, qualify
from limber.core.phases import PHASES
from limber.core.plan import Phase, PlanSettings, build_plan
from limber.core.programme_model import Programme
from limber.core.readability import Scorer, item_problems
from limber.core.validate import line_of

_SHORT_END = PlanSettings(dose="low")
"""Holds are measured at the short end of a range: the least time anyone gets to read."""


class LintWarning(msgspec.Struct, frozen=True):
    """One warning: ``file:line: key: warning: message``."""

    message: str
    file: str
    key: str
    line: int | None = None

    def located(self, file: str | None = None) -> str:
        where = file if file is not None else self.file
        return ContentError(
            f"warning: {self.message}", file=where, key=self.key, line=self.line
        ).located()


TextOf = Callable[[str], str]
"""File (relative to the content folder) → its text, to find the line of a key."""


def lint_pack(
    content: PackContent,
    pack: str,
    installed: Catalogue,
    text_of: TextOf,
    *,
    ignore: frozenset[str] = frozenset(),
    scorer: Scorer | None = None,
) -> list[LintWarning]:
    """Every warning for the items of ``content`` (a pack named ``pack``), file by file.

    ``installed`` is what is loaded besides: other packs' stretches that routines may
    use, and their ids, which this pack's ids should not repeat (except the ids of the
    packs in ``ignore``, which the people using this pack will not have). ``scorer``
    gives a text's reading ease; without one only sentence length is checked.
    """
    own = {f"{pack}/{s.id}": qualify(s, pack) for s in content.stretches}
    stretches: dict[str, Stretch] = {**installed.stretches}
    stretches.update((k, v) for k, v in own.items() if isinstance(v, Stretch))
    lint = _Linter(content, pack, stretches, installed, text_of, ignore | {pack})
    found = [*lint.duplicates()]
    for item in content.items:
        file = content.file_of(item)
        found += lint.sources_and_cautions(item, file)
        found += (
            lint.warn(file, hard.key, f"hard to read at a glance: {hard.message}")
            for hard in item_problems(item, scorer)
        )
        if isinstance(item, Stretch):
            found += lint.stretch_reading_time(item, file)
        elif isinstance(item, Routine):
            found += lint.routine(item, file)
        elif isinstance(item, Programme):
            found += lint.programme(item, file)
    return sorted(found, key=lambda w: (w.file, w.line or 0))


def _kind(item: Stretch | Routine | Guidance | Programme) -> str:
    if isinstance(item, Stretch):
        return "stretch"
    if isinstance(item, Programme):
        return "programme"
    return "routine" if isinstance(item, Routine) else "guidance page"


class _Linter:
    def __init__(
        self,
        content: PackContent,
        pack: str,
        stretches: Mapping[str, Stretch],
        installed: Catalogue,
        text_of: TextOf,
        ignore: frozenset[str],
    ) -> None:
        self.ignore = ignore
        self.content = content
        self.pack = pack
        self.stretches = stretches
        self.installed = installed
        self.text_of = text_of

    def warn(self, file: str, key: str, message: str, *, at_top: bool = False) -> LintWarning:
        try:
            line = line_of(self.text_of(file), key)
        except (OSError, UnicodeDecodeError):
            line = None
        if line is None and at_top:
            line = 1  # a key that is missing: point at the file itself
        return LintWarning(message, file=file, key=key, line=line)

    # -- every item ------------------------------------------------------------------

    def sources_and_cautions(
        self, item: Stretch | Routine | Guidance | Programme, file: str
    ) -> Iterator[LintWarning]:
        kind = _kind(item)
        if not isinstance(item, Guidance) and not item.cautions:
            yield self.warn(
                file,
                "cautions",
                f"this {kind} has no `cautions`; say when to hold back or stop",
                at_top=True,
            )
        if not item.sources:
            yield self.warn(
                file,
                "sources",
                f"this {kind} has no `sources`; name the article, book or guideline "
                "it comes from in a [[sources]] table",
                at_top=True,
            )

    def duplicates(self) -> Iterator[LintWarning]:
        """Ids that make a bare id (``limber show hug``) ambiguous or shadowed."""
        seen: dict[str, str] = {}
        others: dict[str, list[str]] = {}
        for table in (self.installed.routines, self.installed.stretches, self.installed.guidance):
            for key in table:
                pack, _, local = key.rpartition("/")
                if pack not in self.ignore:
                    others.setdefault(local, []).append(key)
        for item in self.content.items:
            file = self.content.file_of(item)
            if item.id in seen:
                yield self.warn(
                    file,
                    "id",
                    f"the id `{item.id}` is also used by {seen[item.id]}; "
                    f"`limber show {self.pack}/{item.id}` can show only one of them",
                )
            else:
                seen[item.id] = file
            if item.id in others:
                names = ", ".join(sorted(others[item.id]))
                yield self.warn(
                    file,
                    "id",
                    f"the id `{item.id}` is also used by {names}; "
                    f"runners will need the full id `{self.pack}/{item.id}`",
                )

    def programme(self, programme: Programme, file: str) -> Iterator[LintWarning]:
        """A programme that never says when to get in touch, or how; a week whose note
        names a number its doses are not."""
        from limber.core.programme import note_contradictions, rules
        from limber.core.programme_model import week_key

        full = qualify(programme, self.pack)
        assert isinstance(full, Programme)
        routines: dict[str, Routine] = {**self.installed.routines}
        for own in self.content.routines:
            qualified = qualify(own, self.pack)
            assert isinstance(qualified, Routine)
            routines[qualified.id] = qualified
        for week in range(1, len(full.weeks) + 1):
            for message in note_contradictions(full, week, routines, self.stretches):
                found = self.warn(file, f"weeks[{week - 1}].note", message)
                yield LintWarning(message, file, week_key(found.key) or "", found.line)

        if not rules(programme.get_in_touch):
            yield self.warn(
                file,
                "get_in_touch",
                "this programme gives no `get_in_touch` rules, so the app will never tell "
                "the runner to contact you; Limber adds none of its own",
                at_top=True,
            )
        if not programme.author.contact.strip():
            yield self.warn(
                file,
                "author.contact",
                "no `contact` for the author: a runner who crosses a rule is told to see a "
                "physiotherapist or doctor, not how to reach you",
                at_top=True,
            )

    # -- reading time ----------------------------------------------------------------

    def _too_long(self, phases: tuple[Phase, ...]) -> Phase | None:
        for phase in phases:
            if PHASES[phase.kind].read_during and _words(phase) > WORDS_PER_SECOND * phase.seconds:
                return phase
        return None

    def stretch_reading_time(self, stretch: Stretch, file: str) -> Iterator[LintWarning]:
        full = f"{self.pack}/{stretch.id}"
        alone = Routine(
            id="lint", name="lint", description="lint", steps=(RoutineStep(stretch=full),)
        )
        phases = build_plan(alone, self.stretches, _SHORT_END).phases
        phase = self._too_long(phases)
        if phase is not None:
            yield self.warn(
                file,
                "steps",
                f"{_reading(phase)}; shorten the steps (the hold shows the first sentence of "
                "as many as fit, the last one always), or hold longer",
            )

    # -- routines --------------------------------------------------------------------

    def routine(self, routine: Routine, file: str) -> Iterator[LintWarning]:
        full = qualify(routine, self.pack)
        assert isinstance(full, Routine)
        try:
            plan = build_plan(full, self.stretches, _SHORT_END)
        except LimberError:
            return  # a step names a missing stretch: an error, reported already
        for index, step in enumerate(routine.steps):
            changed = step.note or any(
                x is not None for x in (step.seconds, step.breaths, step.reps)
            )
            if not changed:
                continue  # the stretch's own reading time is the stretch's warning
            phase = self._too_long(tuple(p for p in plan.phases if p.step_index == index))
            if phase is not None:
                yield self.warn(
                    file,
                    f"steps[{index}]",
                    f"{_reading(phase)}; shorten the note, or hold longer",
                )
        yield from self.sides(full, plan.phases, file)

    def sides(
        self, routine: Routine, phases: tuple[Phase, ...], file: str
    ) -> Iterator[LintWarning]:
        """One side of a sided stretch without the other, unless a note says why."""
        one_sided: dict[str, list[int]] = {}
        for index, step in enumerate(routine.steps):
            stretch = self.stretches[step.stretch]
            if stretch.sides == "each" and step.sides in ("left", "right"):
                one_sided.setdefault(step.stretch, []).append(index)
        for stretch_id, indexes in one_sided.items():
            seconds = {"left": 0.0, "right": 0.0}
            for phase in phases:
                if phase.work and phase.stretch_id == stretch_id and phase.side in seconds:
                    seconds[phase.side] += phase.seconds
            if abs(seconds["left"] - seconds["right"]) < 0.5:
                continue
            more = "left" if seconds["left"] > seconds["right"] else "right"
            less = "right" if more == "left" else "left"
            unexplained = [
                i
                for i in indexes
                if routine.steps[i].sides == more and not routine.steps[i].note.strip()
            ]
            if not unexplained:
                continue
            index = unexplained[0]
            name = routine.steps[index].stretch
            yield self.warn(
                file,
                f"steps[{index}].sides",
                f"`{name}` gets {_s(seconds[more])} on the {more} side and "
                f"{_s(seconds[less])} on the {less}; add a step for the {less} side, "
                "or a `note` saying why",
            )


def _words(phase: Phase) -> int:
    """The words of the movement and the note: the caution, shown whole whatever the time,
    is not the author's to shorten here."""
    return len(phase.instruction.removesuffix(phase.caution).split())


def _s(seconds: float) -> str:
    return f"{seconds:g} s"


def _reading(phase: Phase) -> str:
    words = _words(phase)
    need = -(-words // WORDS_PER_SECOND)
    return (
        f"the {words} words of movement shown during the {_s(phase.seconds)} hold (the caution "
        f"aside) take about {need} s to read"
    )
