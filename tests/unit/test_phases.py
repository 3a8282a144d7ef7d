"""One table of phase kinds: every kind the plan can make has a row, and callers agree."""

from __future__ import annotations

from typing import get_args

from limber.core.history.model import WORK_KINDS_SQL
from limber.core.phases import PHASES, WORK_KINDS, PhaseKind


def test_every_phase_kind_has_a_row_and_every_row_a_kind():
    assert set(get_args(PhaseKind)) == set(PHASES)


def test_every_row_has_its_words_and_sql_name():
    for kind, info in PHASES.items():
        assert info.label and info.cue and info.line, kind
        assert info.sql_name == kind  # frozen with the history schema, version 1


def test_the_history_counts_the_same_work_kinds_as_the_plan():
    assert WORK_KINDS == {"hold", "flow", "reps"}
    assert WORK_KINDS_SQL == "('hold', 'flow', 'reps')"
