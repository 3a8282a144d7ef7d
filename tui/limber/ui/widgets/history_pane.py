"""The history pane: streak, this week against the goal, pain before → after, recent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from limber.core.text import clean_line
from limber.core.wording import minutes as minutes_text

if TYPE_CHECKING:
    from limber.core.following import Status
    from limber.core.history.model import HistoryStats, PainPoint

BARS = "▁▂▃▄▅▆▇█"

EMPTY = Content.assemble(
    ("No sessions yet.\n", "bold"),
    "Finish a routine and your streak, this week against your goal, and your pain "
    "before → after will show here.",
)


def spark(values: list[int | None]) -> Content:
    """One block per session: taller is more pain; a dot where it was not rated."""
    parts: list[str | tuple[str, str]] = []
    for value in values:
        if value is None:
            parts.append(("·", "$text-muted"))
        else:
            parts.append((BARS[min(7, round(value * 7 / 10))], "$warning"))
    return Content.assemble(*parts)


def _pain_lines(trend: list[PainPoint]) -> list[Content]:
    if not trend:
        return [Content.styled("Rate your pain before and after to see a trend.", "$text-muted")]
    rated = [(p.before, p.after) for p in trend if p.before is not None and p.after is not None]
    lines = [
        Content.assemble(("Pain before ", "$text-muted"), spark([p.before for p in trend])),
        Content.assemble(("Pain after  ", "$text-muted"), spark([p.after for p in trend])),
    ]
    if rated:
        change = sum(a - b for b, a in rated) / len(rated)
        lines.append(Content.styled(f"after − before: {change:+.1f} on average", "$text-muted"))
    return lines


def summary(stats: HistoryStats, programme: Status | None = None) -> Content:
    """The figures; while ``programme`` is followed, its week's prescription is the
    weekly goal (the runner's own goal returns when it ends)."""
    if stats.total_sessions == 0:
        return EMPTY
    counted, target, minutes = stats.week_goal_sessions, stats.goal_sessions, stats.goal_minutes
    if programme is not None:
        from limber.core.following import programme_goal  # only with a programme: off start-up

        goal = programme_goal(programme)
    elif stats.week_goal_met:
        goal = f"goal met ✓ ({counted} of {target} × {minutes}+ min)"
    else:
        goal = f"{counted} of {target} sessions of {minutes}+ min"
    lines = [
        Content.assemble(
            ("Streak ", "$text-muted"),
            (f"{stats.streak_days} day", "bold"),
            ("s" if stats.streak_days != 1 else ""),
            (
                f" · goal met {stats.goal_week_streak} wk running"
                if stats.goal_week_streak and programme is None
                else "",
                "$text-muted",
            ),
        ),
        Content.assemble(
            ("This week ", "$text-muted"),
            (goal, "bold"),
            (f" · {minutes_text(stats.week_minutes * 60)}", "$text-muted"),
        ),
        *_pain_lines(stats.pain_trend),
        Content(""),
        Content.styled("Recent", "bold $accent"),
    ]
    for session in stats.recent:
        pain = ""
        if session.pain_before is not None or session.pain_after is not None:
            before = "–" if session.pain_before is None else str(session.pain_before)
            after = "–" if session.pain_after is None else str(session.pain_after)
            pain = f" · pain {before}→{after}"
        if session.pain_after is None and session.pain_at_stop is not None:
            before = "–" if session.pain_before is None else str(session.pain_before)
            pain = f" · pain {before}→{session.pain_at_stop} at the stop"
        shown = session.shown_status
        status = "" if shown == "completed" else f" ({shown})"
        lines.append(
            Content.assemble(
                (session.local_start.strftime("%a %d  "), "$text-muted"),
                clean_line(session.routine_name),
                (f" · {minutes_text(session.active_minutes * 60)}{pain}{status}", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


READING = Content.styled("Reading your history…", "$text-muted")


class HistoryPane(VerticalScroll):
    BORDER_TITLE = "History"

    def __init__(self, *, has_history: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._has_history = has_history

    def compose(self) -> ComposeResult:
        # With a history file, say it is being read rather than "no sessions yet".
        yield Static(READING if self._has_history else EMPTY, id="history-body")

    _stats: HistoryStats | None = None
    _notice: str | None = None
    _programme: Status | None = None

    def show(self, stats: HistoryStats, notice: str | None = None) -> None:
        """The figures, under the store's notice when it has one (history unavailable,
        read-only, recovered): the pane says what the command line says."""
        self._stats, self._notice = stats, notice
        body = summary(stats, self._programme)
        if notice:
            body = Content.assemble((clean_line(notice), "$warning"), "\n\n", body)
        self.query_one("#history-body", Static).update(body)

    def follow(self, programme: Status | None) -> None:
        """The programme followed now (None: none, or it is paused or done): its week's
        prescription is the weekly goal shown."""
        if programme is not None and (programme.paused or programme.finished):
            programme = None
        if programme != self._programme:
            self._programme = programme
            if self._stats is not None:
                self.show(self._stats, self._notice)
