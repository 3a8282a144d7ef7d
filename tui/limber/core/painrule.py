"""When a pain rating points the runner to the self-care and when-to-stop pages.

This is Limber's own pointer, not a medical rule: a rating of 7 to 10 at any time (the
common reading of the 0–10 scale is that 7 and up is severe pain; the cut-off is
Limber's own, no seed gives one), or a rise of 2 or more from before a session to after
it (or to the moment it was stopped), is reason enough to read those two pages. Before a
session, such a rating makes "not today" the choice Enter takes. The app and ``limber
run --plain`` both ask this module, so they point the same way; each says the pointer is
Limber's own.
"""

from __future__ import annotations

SEVERE = 7
"""A rating from here up is severe: Limber's own cut-off (seed 002 says to rest one or
two days if pain is severe, without saying what severe is)."""
RISE = 2
"""A rise of this much from before to after points to the pages too."""
WHEN_TO_STOP = "core/when-to-stop"
"""The core's page on when to stop and see a professional: shown after "this hurts",
in the safety notice's full wording and beside a programme author's rules."""
CARE_PAGES = ("core/strained-back-self-care", WHEN_TO_STOP)
"""The pages a severe or rising rating points to, in reading order."""


def points_to_care(before: int | None, after: int | None = None) -> bool:
    """True for a rating of 7–10 (before or after) or a rise of 2 or more."""
    if any(r is not None and r >= SEVERE for r in (before, after)):
        return True
    return before is not None and after is not None and after - before >= RISE


def care_pointer(before: int | None, after: int | None = None) -> str:
    """One sentence saying why the pages are worth reading, worded as Limber's own."""
    if before is not None and after is not None and after - before >= RISE:
        why = f"your pain went from {before} to {after}"
    else:
        why = f"you rated your pain {after if after is not None else before} out of 10"
    return (
        f"Limber's own pointer, not a diagnosis: {why}. Limber counts 7 to 10 as severe "
        "pain. Read the self-care and when-to-stop pages; the Q&A article suggests a "
        "short rest of one or two days when pain is severe."
    )


NOT_TODAY = "Not today: no session was started or recorded. Rest, and read when to stop."
"""What the runner is told after choosing not to start (the app and ``--plain``)."""
