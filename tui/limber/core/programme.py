"""Programmes: weeks of routines a clinician prescribes, checked and turned into sessions.

A programme comes in a pack (``programmes/*.toml``) or as one file a physio sends
(``limber programme start FILE.toml``). Its routines are named like a step's stretch:
``id`` in the same pack, or ``pack/id``. Every rule the app applies (when to get in
touch) is the author's; :func:`rule_owner` says whose.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import msgspec

from limber.core.errors import ContentError
from limber.core.model import Routine, RoutineStep
from limber.core.programme_model import Author, DoseChange, GetInTouch, Programme
from limber.core.validate import line_of


def _qualified(ref: str, pack: str) -> str:
    return ref if "/" in ref or not ref else f"{pack}/{ref}"


def qualify_programme(programme: Programme, pack: str) -> Programme:
    """Namespace the programme's id and the routines it names under ``pack``."""
    weeks = tuple(
        msgspec.structs.replace(
            week,
            routines=tuple(_qualified(r, pack) for r in week.routines),
            doses=tuple(
                msgspec.structs.replace(d, routine=_qualified(d.routine, pack)) for d in week.doses
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
        problems.append(ContentError(message, file=file, key=key, line=line_of(text, key)))

    for w, week in enumerate(programme.weeks):
        for ref in week.routines:
            if ref not in routines:
                problem(
                    f"no routine `{ref}` in this pack or any installed pack", f"weeks[{w}].routines"
                )
        for d, change in enumerate(week.doses):
            key = f"weeks[{w}].doses[{d}]"
            name = change.routine or (week.routines[0] if len(week.routines) == 1 else "")
            if not name:
                problem("this week names several routines; say which with `routine`", key)
            elif name not in week.routines:
                problem(f"`{name}` is not one of this week's routines", f"{key}.routine")
            elif name in routines and change.step > len(routines[name].steps):
                count = len(routines[name].steps)
                problem(
                    f"`{name}` has {count} steps, so there is no step {change.step}", f"{key}.step"
                )
    return problems


def week_routine(programme: Programme, week: int, routine: Routine) -> Routine:
    """``routine`` as week ``week`` (1-based) of ``programme`` doses it."""
    changes = [
        c
        for c in programme.weeks[week - 1].doses
        if (c.routine or programme.weeks[week - 1].routines[0]) == routine.id
    ]
    if not changes:
        return routine
    steps = list(routine.steps)
    for change in changes:
        steps[change.step - 1] = _changed(steps[change.step - 1], change)
    name = f"{routine.name} (week {week})"[:200]
    return msgspec.structs.replace(routine, name=name, steps=tuple(steps))


def _changed(step: RoutineStep, change: DoseChange) -> RoutineStep:
    dose = {"seconds": change.seconds, "breaths": change.breaths, "reps": change.reps}
    if any(v is not None for v in dose.values()):
        step = msgspec.structs.replace(step, **dose)
    if change.rounds is not None:
        step = msgspec.structs.replace(step, rounds=change.rounds)
    if change.note:
        step = msgspec.structs.replace(step, note=change.note)
    return step


def who(author: Author) -> str:
    """``Jane Doe, MCSP``."""
    return f"{author.name}, {author.credentials}" if author.credentials else author.name


def rule_owner(author: Author) -> str:
    """Whose rule it is, in the runner's words: ``Your physio's rule (Jane Doe, MCSP)``."""
    if author.role:
        return f"Your {author.role}'s rule ({who(author)})"
    return f"The rule of this programme's author ({who(author)})"


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
    from limber.core.files import read_toml
    from limber.core.validate import decode

    data = read_toml(text.encode(), file=file)
    programme = decode(Programme, data, file=file, text=text)
    by_bare: dict[str, list[str]] = {}
    for rid in routines:
        by_bare.setdefault(rid.rpartition("/")[2], []).append(rid)

    def resolve(ref: str) -> str:
        if "/" in ref or not ref:
            return ref
        found = by_bare.get(ref, [])
        return found[0] if len(found) == 1 else ref

    weeks = tuple(
        msgspec.structs.replace(
            week,
            routines=tuple(resolve(r) for r in week.routines),
            doses=tuple(msgspec.structs.replace(d, routine=resolve(d.routine)) for d in week.doses),
        )
        for week in programme.weeks
    )
    programme = msgspec.structs.replace(programme, id=f"file/{programme.id}", weeks=weeks)
    problems = check_programme(programme, routines, file=file, text=text)
    if problems:
        raise problems[0]
    return programme


def read_programme_file(path: Path, routines: Mapping[str, Routine]) -> tuple[Programme, str]:
    """The programme in ``path`` and the file's text (kept, so the file may move).

    Read as pack files are (:func:`limber.core.files.read_small`): a FIFO, a device such
    as ``/dev/zero`` or a file over the size limit is refused before it is read."""
    from limber.core.files import read_small_text

    text = read_small_text(path)
    return parse_programme(text, file=str(path), routines=routines), text
