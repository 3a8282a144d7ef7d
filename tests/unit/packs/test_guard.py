"""The guard around a pack's code: each piece gets its own outcome, in order; a piece
that hangs is reported too slow and left behind, and the pieces after it still run."""

from __future__ import annotations

import threading

from limber.core.packs.guard import timed_each


def test_each_piece_has_its_own_outcome_in_order():
    def exits() -> None:
        raise SystemExit(3)

    outcomes = timed_each([lambda: 1, exits, lambda: "x"], 5)
    assert outcomes[0] == (True, 1, None)
    assert outcomes[1][:2] == (True, None) and isinstance(outcomes[1][2], SystemExit)
    assert outcomes[2] == (True, "x", None)
    assert timed_each([], 5) == []


def test_a_hung_piece_is_left_behind_and_the_rest_run_in_another_thread():
    release = threading.Event()
    ran: list[tuple[str, threading.Thread]] = []

    def piece(name: str) -> str:
        ran.append((name, threading.current_thread()))
        return name

    def hangs() -> str:
        piece("hangs")
        release.wait(30)
        return "too late"

    works = [lambda: piece("a"), hangs, lambda: piece("b"), lambda: piece("c")]
    outcomes = timed_each(works, 1.0)
    assert outcomes == [
        (True, "a", None),
        (False, None, None),
        (True, "b", None),
        (True, "c", None),
    ]
    threads = dict(ran)
    assert threads["a"] is threads["hangs"] and threads["b"] is not threads["hangs"]
    release.set()
    threads["hangs"].join(10)
    assert not threads["hangs"].is_alive()
    assert [name for name, _ in ran] == ["a", "hangs", "b", "c"]  # it ran nothing more
