"""The programme being followed, first on the main screen: the week, the sessions done
this week against the plan, and the next routine ("t" starts it). Hidden when none is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from limber.core.text import clean_line

if TYPE_CHECKING:
    from limber.core.following import Status


class ProgrammeBar(Static):
    """One or two lines over the panes; shown only while a programme is followed."""

    DEFAULT_CSS = """
    ProgrammeBar { display: none; height: auto; padding: 0 1; background: $boost; }
    ProgrammeBar.-following { display: block; }
    """

    def show(self, found: Status | None, *, startable: bool, problem: str = "") -> None:
        """``found``: where the runner is (None: no programme); ``problem``: why the
        programme followed cannot be shown (its pack was uninstalled, say)."""
        self.set_class(found is not None or bool(problem), "-following")
        if problem:
            self.update(Content.styled(clean_line(problem), "$warning"))
            return
        if found is None:
            self.update("")
            return
        line = Content.assemble(
            Content.styled(clean_line(found.title), "bold"),
            "  ",
            clean_line(found.line()),
        )
        if startable:
            line = Content.assemble(line, "  ", Content.styled("t: start it", "bold $success"))
        self.update(line)
