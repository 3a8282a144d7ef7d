"""Programmes: weeks of routines a clinician prescribes, checked and turned into sessions.

A programme comes in a pack (``programmes/*.toml``) or as one file a physio sends
(``limber programme start FILE.toml``). Its routines are named like a step's stretch:
``id`` in the same pack, or ``pack/id``. Every rule the app applies (when to get in
touch) is the author's; :func:`rule_owner` says whose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec

from limber.core.errors import ContentError, LimberError
from limber.core.files import read_small_text, read_toml
from limber.core.model import Routine, RoutineStep, Stretch
from limber.core.plan import PlanSettings, build_plan
from limber.core.programme_model import (
    Author,
    DoseChange,
    DoseLevel,
    GetInTouch,
    Programme,
    week_key,
)
from limber.core.validate import decode, did_you_mean, line_of


def _qualified(ref: str, pack: str) -> str:
    return ref if "/" in ref or not ref else f"{pack}/{ref}"


def qualify_programme(programme: Programme, pack: str) -> Programme:
    """Namespace the programme's id and the routines it names under ``pack``."""
    weeks = tuple(
        msgspec.structs.replace(
            week,
            routines=tuple(_qualified(r, pack) for r in week.routines),
            doses=tuple(
                msgspec.structs.replace(
                    d, routine=_qualified(d.routine, pack), stretch=_qualified(d.stretch, pack)
                )
                for d in week.doses
            ),
        )
        for week in programme.weeks
    )
    return msgspec.structs.replace(programme, id=f"{pack}/{programme.id}", weeks=weeks)


def check_programme(
    programme: Programme, routines: Mapping[str, Routine], *, file: str, text: str = ""
) -> list[ContentError]:
    """Routines the weeks name that are not loaded, and dose changes that do not fit."""
    problems: list[ContentError] = []

    def problem(message: str, key: str) -> None:
        line = line_of(text, key)
        problems.append(ContentError(message, file=file, key=week_key(key), line=line))

    for w, week in enumerate(programme.weeks):
        for ref in week.routines:
            if ref not in routines:
                problem(
                    f"no routine `{ref}` in this pack or any installed pack"
                    + did_you_mean(ref, routines),
                    f"weeks[{w}].routines",
                )
        for d, change in enumerate(week.doses):
            key = f"weeks[{w}].doses[{d}]"
            name = change.routine or (week.routines[0] if len(week.routines) == 1 else "")
            if not name:
                problem("this week names several routines; say which with `routine`", key)
            elif name not in week.routines:
                problem(f"`{name}` is not one of this week's routines", f"{key}.routine")
            elif name in routines and change.stretch:
                used = {step.stretch for step in routines[name].steps}
                if change.stretch not in used:
                    problem(
                        f"`{name}` has no step with the stretch `{change.stretch}`"
                        + did_you_mean(change.stretch, used),
                        f"{key}.stretch",
                    )
            elif name in routines and (change.step or 0) > len(routines[name].steps):
                count = len(routines[name].steps)
                problem(
                    f"`{name}` has {count} steps, so there is no step {change.step}", f"{key}.step"
                )
    return problems


def week_level(programme: Programme, week: int) -> DoseLevel | None:
    """Where week ``week``'s ranges sit: the week's own ``dose``; without one, the low
    end in week 1 (a programme starts gently), and the runner's setting (None) after."""
    level = programme.weeks[week - 1].dose
    return level if level is not None else ("low" if week == 1 else None)


def week_routine(
    programme: Programme,
    week: int,
    routine: Routine,
    stretches: Mapping[str, Stretch] | None = None,
) -> Routine:
    """``routine`` as week ``week`` (1-based) of ``programme`` doses it: its dose
    changes, and each range at the week's level (:func:`week_level`), looked up in
    ``stretches`` for a step that keeps its stretch's dose."""
    this_week = programme.weeks[week - 1]
    changes = [c for c in this_week.doses if (c.routine or this_week.routines[0]) == routine.id]
    level = week_level(programme, week) if stretches is not None else None
    if not changes and level is None:
        return routine
    steps = list(routine.steps)
    for change in changes:
        for number, step in enumerate(steps, start=1):
            if number == change.step or step.stretch == change.stretch:
                steps[number - 1] = _changed(step, change)
    if level is not None:
        assert stretches is not None
        steps = [_at_level(step, stretches.get(step.stretch), level) for step in steps]
    if tuple(steps) == routine.steps:
        return routine
    name = f"{routine.name} (week {week})"[:200]
    return msgspec.structs.replace(routine, name=name, steps=tuple(steps))


def pick(amount: tuple[int, int], level: DoseLevel) -> int:
    """The one number of a range at ``level``: ``[20, 30]`` → 20, 25 or 30."""
    low, high = amount
    return {"low": low, "middle": (low + high + 1) // 2, "high": high}[level]


def _at_level(step: RoutineStep, stretch: Stretch | None, level: DoseLevel) -> RoutineStep:
    """``step`` with its dose's range (its own, or its stretch's) fixed at ``level``."""
    if stretch is None or stretch.kind == "flow":
        return step
    dose = step.dose_for(stretch)
    low, high = dose.amount
    if low == high:
        return step
    return msgspec.structs.replace(step, **{dose.unit: pick((low, high), level)})


def _changed(step: RoutineStep, change: DoseChange) -> RoutineStep:
    dose = {"seconds": change.seconds, "breaths": change.breaths, "reps": change.reps}
    if any(v is not None for v in dose.values()):
        step = msgspec.structs.replace(step, **dose)
    if change.rounds is not None:
        step = msgspec.structs.replace(step, rounds=change.rounds)
    if change.note:
        step = msgspec.structs.replace(step, note=change.note)
    return step


_NUMBER = re.compile(r"(\d+)(?:\s*(s\b|sec|second|min|hour|week|day|session|time|%|x\b))?", re.I)
"""A number in a week's note, and the word after it that says what it counts."""
_NOT_A_DOSE = {"min", "hour", "week", "day", "session", "time", "%", "x"}
_NOT_THIS_WEEK = re.compile(r"(?:week|weeks|was|from|step)\W*$", re.I)
"""Words before a number that is not this week's dose: "from week 1", "(was 30 s)"."""


def note_contradictions(
    programme: Programme,
    week: int,
    routines: Mapping[str, Routine],
    stretches: Mapping[str, Stretch],
) -> list[str]:
    """Numbers week ``week``'s note names that none of its doses is ("8 press-ups" when
    every set is 10 reps): seconds against holds, other counts against reps and breaths,
    at either end of the runner's setting where the week leaves it to them."""
    note = programme.weeks[week - 1].note
    said = [
        (int(found.group(1)), (found.group(2) or "").lower())
        for found in _NUMBER.finditer(note)
        if not _NOT_THIS_WEEK.search(note[: found.start()])
    ]
    seconds: set[int] = set()
    counts: set[int] = set()
    texts: set[str] = set()
    for ref in programme.weeks[week - 1].routines:
        if ref not in routines:
            return []
        routine = week_routine(programme, week, routines[ref], stretches)
        for dose in ("low", "high"):
            try:
                plan = build_plan(routine, stretches, PlanSettings(dose=dose))
            except LimberError:
                return []
            for phase in plan.phases:
                if phase.work and phase.dose_text:
                    number, _, unit = phase.dose_text.partition(" ")
                    (seconds if unit == "s" else counts).add(int(number))
                    texts.add(phase.dose_text)
    wrong = [
        f"{n} s" if unit in ("s", "sec", "second") else str(n)
        for n, unit in said
        if unit not in _NOT_A_DOSE
        and n not in (seconds if unit in ("s", "sec", "second") else counts)
    ]
    if not wrong or not texts:
        return []
    doses = ", ".join(sorted(texts, key=lambda t: (t.split()[1], int(t.split()[0]))))
    return [f"the note names {w}, but no dose this week is {w} (its doses: {doses})" for w in wrong]


def who(author: Author) -> str:
    """``Jane Doe, MCSP``."""
    return f"{author.name}, {author.credentials}" if author.credentials else author.name


def rule_owner(author: Author) -> str:
    """Whose rule it is, in the runner's words: ``Your physio's rule (Jane Doe, MCSP)``."""
    if author.role:
        return f"Your {author.role}'s rule ({who(author)})"
    return f"The rule of this programme's author ({who(author)})"


SEE_A_PROFESSIONAL = "See a professional"
NO_CONTACT = (
    "This programme names no one to get in touch with: see a physiotherapist or doctor "
    "instead. The rule, and whose it is:"
)


def follow_up(
    author: str, contact: str, advice: str, crossed: list[str], sources: Sequence[str] = ()
) -> tuple[str, list[str]]:
    """The title and lines shown when a session crosses the author's rules: whom to get
    in touch with; without a contact, to see a physiotherapist or doctor, with whose rule
    it is (never "Get in touch" with an author nobody can reach); then the advice and the
    programme's sources by full name, once (the advice may name them briefly)."""
    if contact:
        title, lines = f"Get in touch: {author}", [*crossed, f"{author} · {contact}"]
    else:
        title, lines = SEE_A_PROFESSIONAL, [NO_CONTACT, *crossed]
    named = [f"Sources: {'; '.join(sources)}"] if sources else []
    return title, [*lines, *([advice] if advice else []), *named]


def rules(get_in_touch: GetInTouch) -> dict[str, str]:
    """Each rule the author gave: its key → "get in touch if …"."""
    found: dict[str, str] = {}
    if get_in_touch.pain_after is not None:
        found["pain_after"] = f"get in touch if pain after is {get_in_touch.pain_after} or more"
    if get_in_touch.pain_rise is not None:
        found["pain_rise"] = (
            f"get in touch if pain after is {get_in_touch.pain_rise} or more above pain before"
        )
    if get_in_touch.stopped_for_pain:
        found["stopped_for_pain"] = "get in touch if you stop a session because it hurts"
    if get_in_touch.missed_in_a_row is not None:
        found["missed_in_a_row"] = (
            f"get in touch if you miss {get_in_touch.missed_in_a_row} sessions in a row"
        )
    return found


def crossed_after_session(
    get_in_touch: GetInTouch, pain_before: int | None, pain_after: int | None, stopped: bool
) -> list[str]:
    """The keys of the rules one finished session crosses."""
    keys = []
    if get_in_touch.pain_after is not None and pain_after is not None:
        if pain_after >= get_in_touch.pain_after:
            keys.append("pain_after")
    if get_in_touch.pain_rise is not None and None not in (pain_before, pain_after):
        assert pain_before is not None and pain_after is not None
        if pain_after - pain_before >= get_in_touch.pain_rise:
            keys.append("pain_rise")
    if get_in_touch.stopped_for_pain and stopped:
        keys.append("stopped_for_pain")
    return keys


def parse_programme(text: str, *, file: str, routines: Mapping[str, Routine]) -> Programme:
    """A single programme file → a programme whose routines are all loaded.

    Bare routine ids are looked up among the loaded routines (``post-run`` →
    ``core/post-run``). Raises :class:`ContentError` naming the file, key and line.
    """
    data = read_toml(text.encode(), file=file)
    try:
        programme = decode(Programme, data, file=file, text=text)
    except ContentError as error:
        error.key = week_key(error.key)
        raise
    by_bare: dict[str, list[str]] = {}
    for rid in routines:
        by_bare.setdefault(rid.rpartition("/")[2], []).append(rid)

    def resolve(ref: str) -> str:
        if "/" in ref or not ref:
            return ref
        found = by_bare.get(ref, [])
        return found[0] if len(found) == 1 else ref

    def resolve_stretch(change: DoseChange, week_routines: tuple[str, ...]) -> DoseChange:
        """A bare stretch id → the one step stretch of the change's routine it names."""
        routine = routines.get(change.routine or week_routines[0])
        if "/" in change.stretch or not change.stretch or routine is None:
            return change
        found = {s.stretch for s in routine.steps if s.stretch.rpartition("/")[2] == change.stretch}
        return msgspec.structs.replace(change, stretch=found.pop()) if len(found) == 1 else change

    weeks = []
    for week in programme.weeks:
        named = tuple(resolve(r) for r in week.routines)
        doses = (msgspec.structs.replace(d, routine=resolve(d.routine)) for d in week.doses)
        changes = tuple(resolve_stretch(d, named) for d in doses)
        weeks.append(msgspec.structs.replace(week, routines=named, doses=changes))
    programme = msgspec.structs.replace(programme, id=f"file/{programme.id}", weeks=tuple(weeks))
    problems = check_programme(programme, routines, file=file, text=text)
    if problems:
        raise problems[0]
    return programme


def read_programme_file(path: Path, routines: Mapping[str, Routine]) -> tuple[Programme, str]:
    """The programme in ``path`` and the file's text (kept, so the file may move).

    Read as pack files are (:func:`limber.core.files.read_small`): a FIFO, a device such
    as ``/dev/zero`` or a file over the size limit is refused before it is read."""
    text = read_small_text(path)
    return parse_programme(text, file=str(path), routines=routines), text
