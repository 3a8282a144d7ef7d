"""A phase's instruction: what it says at each moment (a hold's way out in its last
seconds), fitted to the rows a screen has for it.

A hold keeps its caution whole at every size: when rows are short, its earliest
sentences go first (get-ready showed them, after the set-up), a sentence is never cut
in the middle, and the caution is never cut at all. Other phases (get-ready, a rest)
keep their start and are cut at the end, with a pointer to the full steps.
"""

from __future__ import annotations

import re
from functools import lru_cache

from textual.content import Content

from limber.core.instructions import WAY_OUT
from limber.core.plan import Phase
from limber.core.session import SessionEngine

WAY_OUT_SECONDS = 5
"""A hold's way out shows for its last 5 s (or its last third, if shorter)."""
MORE_STEPS = "i for all the steps"
"""Under an instruction cut to fit: the key that shows the stretch in full."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _rows(text: Content, width: int) -> int:
    return len(text.wrap(width)) if text.plain else 0


@lru_cache(maxsize=8)  # asked again on every tick of a session with the same answer
def fit_hold(body: str, caution: str, width: int, room: int) -> Content:
    """``body`` (the movement, sentence by sentence) above ``caution``, in ``room`` rows
    of ``width``: the earliest sentences dropped until it fits, the caution never."""
    width = max(width, 10)
    warning = Content.styled(caution, "bold") if caution else Content("")
    need = _rows(warning, width)
    sentences = [s for s in _SENTENCE_END.split(body.strip()) if s]
    dropped = False
    while sentences and _rows(Content(" ".join(sentences)), width) + need > room:
        sentences.pop(0)
        dropped = True
    parts = [Content(" ".join(sentences))] if sentences else []
    if warning.plain:
        parts.append(warning)
    used = sum(_rows(part, width) for part in parts)
    if dropped and used < room:
        parts.append(Content.styled(MORE_STEPS, "$text-muted"))
    return Content("\n").join(parts)


@lru_cache(maxsize=8)
def fit_start(text: str, width: int, room: int) -> Content:
    """``text`` in ``room`` rows, its start kept: cut with "…" and a pointer to the steps."""
    lines = Content(text).wrap(max(width - 1, 10))  # room for the "…"
    if len(lines) <= room:
        return Content(text)
    kept = Content("\n").join(lines[: max(room - 1, 1)]).rstrip() + "…"
    return Content.assemble(kept, "\n", (MORE_STEPS, "$text-muted"))


def fit_instruction(text: tuple[str, str], width: int, room: int) -> Content:
    """An instruction and the caution that ends it (see :func:`instruction_texts`) in
    ``room`` rows: a hold's (with a caution) by :func:`fit_hold`, else :func:`fit_start`."""
    instruction, caution = text
    if caution:
        return fit_hold(instruction.removesuffix(caution), caution, width, room)
    return fit_start(instruction, width, room)


def instruction_now(engine: SessionEngine, phase: Phase) -> tuple[str, str]:
    """What the instruction says at this moment, and the caution that ends it: a hold's
    way out replaces its movement for the hold's last seconds."""
    texts = instruction_texts(phase)
    if len(texts) > 1 and engine.remaining <= min(WAY_OUT_SECONDS, phase.seconds / 3):
        return texts[1]
    return texts[0]


def instruction_texts(phase: Phase) -> tuple[tuple[str, str], ...]:
    """Each instruction a phase shows, with the caution that ends it: its own, then (a
    hold with a way out) the way out it shows in its last seconds."""
    caution = phase.caution if phase.caution and phase.instruction.endswith(phase.caution) else ""
    own = (phase.instruction, caution)
    if phase.caution and phase.way_out:
        return own, (f"{WAY_OUT}{phase.way_out} {phase.caution}", phase.caution)
    return (own,)
