"""Every kind of phase, in one table: what a session shows, says and counts for each.

The plan builds phases of these kinds; the engine, the session view, ``--plain``, the
history's SQL and the pack linter all read a kind's behaviour from its row here. Adding
a kind of phase is its name in :data:`PhaseKind`, a row in :data:`PHASES` and the plan
rule that makes it, then the prose lists of the kinds (CONTRIBUTING, "Adding a phase
kind"; ``tests/unit/test_docs.py`` finds any that miss it).
"""

from __future__ import annotations

from typing import Literal

import msgspec

PhaseKind = Literal["get-ready", "hold", "flow", "reps", "switch-sides", "rest"]
"""Every kind of phase; :data:`PHASES` has a row for each (``tests/unit/test_phases.py``)."""


class PhaseInfo(msgspec.Struct, frozen=True):
    """How one kind of phase behaves and reads."""

    label: str
    """The badge above the countdown (``HOLD``)."""
    cue: str
    """What the app says when a phase of this kind starts."""
    line: str
    """The ``--plain`` line, a :meth:`str.format` template over ``who``, ``seconds``,
    ``side``, ``position``, ``dose``, ``instruction`` and ``after``."""
    work: bool = False
    """Counts as stretching: work time, side balance, history's work phases."""
    countdown: bool = False
    """Announces 3, 2, 1 before it ends."""
    lead_in: bool = False
    """Leads into a block of work; going back a stretch starts from it."""
    switches_side: bool = False
    """Starting it emits a ``switch-sides`` event."""
    read_during: bool = False
    """The linter checks that its words can be read in its time."""
    title: str = ""
    """The headline, for a kind that belongs to no stretch; else the stretch's name."""
    sql_name: str = ""
    """Its name in the history's ``phases.kind`` column (frozen with the schema)."""


PHASES: dict[PhaseKind, PhaseInfo] = {
    "get-ready": PhaseInfo(
        label="GET READY",
        cue="Get into position",
        line="Get ready: {who} ({seconds}). {instruction}",
        countdown=True,
        lead_in=True,
        sql_name="get-ready",
    ),
    "hold": PhaseInfo(
        label="HOLD",
        cue="Hold — breathe slowly",
        line="{who} — hold {dose}. {instruction}",
        work=True,
        countdown=True,
        read_during=True,
        sql_name="hold",
    ),
    "flow": PhaseInfo(
        label="FLOW",
        cue="Move with your breath",
        line="{who} — {position}, {dose}. {instruction}",
        work=True,
        countdown=True,
        sql_name="flow",
    ),
    "reps": PhaseInfo(
        label="REPS",
        cue="Steady reps",
        line="{who} — {dose}. {instruction}",
        work=True,
        countdown=True,
        sql_name="reps",
    ),
    "switch-sides": PhaseInfo(
        label="SWITCH SIDES",
        cue="Switch sides",
        line="Switch sides: {side} ({seconds}).",
        lead_in=True,
        switches_side=True,
        sql_name="switch-sides",
    ),
    "rest": PhaseInfo(
        label="REST",
        cue="Rest and breathe",
        line="Rest {seconds}.{after}",
        title="Rest",
        sql_name="rest",
    ),
}

WORK_KINDS: frozenset[PhaseKind] = frozenset(kind for kind, info in PHASES.items() if info.work)
"""Phases that count as stretching (for work time, side balance and history)."""


def work_kinds_sql() -> str:
    """The work kinds as an SQL list, ``('hold', 'flow', 'reps')``."""
    return "(" + ", ".join(f"'{i.sql_name}'" for i in PHASES.values() if i.work) + ")"
