"""The words a session shows in each phase, fitted to the time there is to read them.

Get-ready shows the set-up (and any first steps the hold has no room for); a hold or a
set of reps shows the movement in no more words than can be read in its time, and the
key caution whole, whatever the time or the screen; the steps out of the pose show as
it ends. :mod:`limber.core.plan` puts them in its phases; ``limber pack check``
warns when even the shortest form is too long.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import msgspec

from limber.core.text import clean_line

if TYPE_CHECKING:
    from limber.core.model import Stretch

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str, limit: int = 2) -> str:
    """The first ``limit`` sentences of pack text, on one line, safe to show."""
    parts = _SENTENCE_END.split(clean_line(text))
    return " ".join(parts[:limit])


def full_stop(text: str) -> str:
    return text if not text or text[-1] in ".!?" else text + "."


WAY_OUT = "Coming out: "
"""How a hold's way out is introduced as the hold ends, in the app and with ``--plain``."""
WORDS_PER_SECOND = 3
"""How fast a runner in a stretch reads the instruction on screen, roughly: a hold shows
no more words than can be read in its time (and ``limber pack check`` warns if even its
shortest form cannot be)."""
_FILLER_WORDS = 1
"""A one-word step ("Hold.", "Repeat.") says nothing the countdown does not."""


class HoldText(msgspec.Struct, frozen=True):
    """What a hold or a set of reps shows, in parts a screen can fit without losing the
    caution: the movement (one sentence per step, earliest first), the routine's note,
    the key caution, and the way out of the pose, which shows as the hold ends."""

    moves: tuple[str, ...]
    note: str
    caution: str
    way_out: str

    @property
    def text(self) -> str:
        """All of it but the way out, in reading order: the movement, the note, the caution."""
        return " ".join(filter(None, (*self.moves, self.note, self.caution)))


def hold_text(stretch: Stretch, note: str, seconds: float) -> HoldText:
    """What to read during a hold or reps: the movement in no more words than can be read
    in ``seconds`` (one step always stays), and the key caution whole, whatever the time.

    The movement is the first sentence of each step, without one-word steps ("Hold.");
    the last ``way_out_steps`` steps lead out of the pose and show as the hold ends, not
    during it (nobody ends a hold early, or does both sides in one). The key caution is
    the stretch's first, whole. When the movement is too long to read in time, its
    earliest steps go first (the get-ready phase shows them, after the set-up), but
    never the last one left nor the note.
    """
    out = min(stretch.way_out_steps, len(stretch.steps) - 1)
    steps = stretch.steps[: len(stretch.steps) - out]
    moves = [full_stop(sentences(step, 1)) for step in steps]
    moves = [m for m in moves if len(m.split()) > _FILLER_WORDS] or moves[:1]
    way_out = " ".join(full_stop(sentences(step, 1)) for step in stretch.steps[len(steps) :])
    caution = full_stop(sentences(stretch.cautions[0], 1)) if stretch.cautions else ""
    tail = full_stop(clean_line(note)) if note else ""
    budget = WORDS_PER_SECOND * seconds - len(tail.split())
    while len(moves) > 1 and sum(len(m.split()) for m in moves) > budget:
        moves.pop(0)
    return HoldText(tuple(moves), tail, caution, way_out)


def lead_in_steps(stretch: Stretch, hold: HoldText) -> str:
    """The steps the hold has no room for, in order: the get-ready phase shows them."""
    moves = [full_stop(sentences(step, 1)) for step in stretch.steps]
    first_shown = next((i for i, m in enumerate(moves) if hold.moves[:1] == (m,)), len(moves))
    return " ".join(m for m in moves[:first_shown] if len(m.split()) > _FILLER_WORDS)
