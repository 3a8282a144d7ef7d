"""When a pain rating points the runner to the self-care and when-to-stop pages.

This is Limber's own pointer, not a medical rule: a rating of 9 or 10 at any time, or a
rise of 2 or more from before a session to after it (or to the moment it was stopped),
is reason enough to read those two pages. The app and ``limber run --plain`` both ask
this module, so they point the same way; each says the pointer is Limber's own.
"""

from __future__ import annotations

SEVERE = 9
"""A rating from here up is severe (seed 002: rest one or two days if pain is severe)."""
RISE = 2
"""A rise of this much from before to after points to the pages too."""
CARE_PAGES = ("core/strained-back-self-care", "core/when-to-stop")
"""The pages a severe or rising rating points to, in reading order."""


def points_to_care(before: int | None, after: int | None = None) -> bool:
    """True for a rating of 9–10 (before or after) or a rise of 2 or more."""
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
        f"Limber's own pointer, not a diagnosis: {why}. Read the self-care and "
        "when-to-stop pages; the Q&A article suggests a "
        "short rest of one or two days when pain is severe."
    )
