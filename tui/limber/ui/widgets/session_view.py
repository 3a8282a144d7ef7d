"""The running session, drawn from the engine's state: big countdown, side, cue, what's next."""

from __future__ import annotations

import math

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Digits, ProgressBar, Static

from limber.core.history.model import StopPoint, mostly_done, not_done
from limber.core.phases import PHASES
from limber.core.plan import Phase
from limber.core.session import SessionEngine
from limber.core.wording import mmss, seconds_text, side_name
from limber.ui.widgets.bigtext import BigText


def phase_title(phase: Phase) -> str:
    if PHASES[phase.kind].title:
        return PHASES[phase.kind].title
    name = phase.stretch_name
    if phase.position:
        name = f"{name} — {phase.position}"
    if phase.rounds > 1:
        name = f"{name} (round {phase.round} of {phase.rounds})"
    return name


def headline(name: str, side: str) -> Content:
    """The stretch's name with a LEFT / RIGHT badge, wrapping as one line of text."""
    if not side:
        return Content.styled(name, "bold")
    return Content.assemble((name, "bold"), "  ", (f" {side_name(side)} ", "bold reverse"))


def _shape(value: object) -> tuple[int, ...] | None:
    """Where a text's spaces and line breaks fall, and its length: texts alike in these
    wrap into the same lines, so one can replace the other without a layout pass."""
    if not isinstance(value, str | Content):
        return None
    text = str(value)
    if cell_len(text) != len(text):
        return None  # wide characters take two cells: leave it to a layout pass
    return (len(text), *(i for i, char in enumerate(text) if char in " \n"))


MORE_STEPS = "i for all the steps"
"""Under an instruction cut to fit: the key that shows the stretch in full."""
TICKING = frozenset({"countdown", "dose", "next"})
"""The parts whose text changes every second of a hold (the time left, a rep's count,
the time through the plan)."""
FIXED_ROWS = 1 + 4 + 2 + 2
"""Rows around the text parts, as the CSS below lays them out: the cue's margin, the
countdown (3 rows and a margin), the bar (1 and a margin), the instruction's margins."""
BIG_INSTRUCTION_LINES = 6
"""In full screen the countdown takes the room left; the instruction keeps this much."""


def _rows(value: object, width: int) -> int:
    """Rows a part's text takes at ``width`` (at least one, as an empty Static does)."""
    text = value if isinstance(value, Content) else Content(str(value))
    return max(1, len(text.wrap(max(width, 1))))


class SessionView(Vertical):
    """Shows one moment of a session; :meth:`show` is called on every tick.

    Mounted only when the first session starts, so start-up does not pay for it (nor
    for parsing its CSS).
    """

    DEFAULT_CSS = """
    SessionView { height: 1fr; align-horizontal: center; }
    SessionView > * {
        width: 100%; height: auto; content-align: center middle; text-align: center;
    }
    SessionView #cue { color: $warning; margin-top: 1; }
    SessionView #headline { color: $text; }
    SessionView #countdown { width: auto; margin: 1 0 0 0; color: $text; }
    SessionView #dose { color: $text-muted; }
    SessionView #instruction { margin: 1 2; height: auto; }
    SessionView #progress { width: auto; margin: 1 0 0 0; }
    SessionView #next { color: $text-muted; }
    SessionView.-paused #countdown { color: $text-muted; }
    SessionView.-paused #cue { color: $error; }
    SessionView.-finished #countdown { color: $success; }
    SessionView.-finished #cue { color: $success; }
    SessionView #big-name, SessionView #big-countdown { display: none; }
    SessionView.-big #big-name { display: block; color: $text; margin-top: 1; }
    SessionView.-big #big-countdown { display: block; height: 1fr; margin-top: 1; }
    SessionView.-big #headline, SessionView.-big #countdown-row { display: none; }
    SessionView.-big.-paused #big-countdown { color: $text-muted; }
    SessionView.-big.-finished #big-countdown { color: $success; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._pending: tuple[SessionEngine, str, str, StopPoint | None] | None = None
        self._ready = False
        self._shown: dict[str, object] = {}
        self._instruction = ""
        """The current phase's instruction, in full (what :meth:`_refit` fits)."""

    def _set(self, widget_id: str, value: object) -> None:
        """Update one part only if it changed; re-lay the screen out only if its text
        changed shape (the countdown ticking keeps it: 1:23 → 1:22 redraws two digits)."""
        old = self._shown.get(widget_id)
        if old == value:
            return
        self._shown[widget_id] = value
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Static):
            # Only the parts that tick each second skip the layout pass, and only while
            # their text keeps its shape; anything else may change the rows it needs.
            layout = widget_id not in TICKING or _shape(old) != _shape(value)
            widget.update(value, layout=layout)  # type: ignore[arg-type]
        else:
            widget.update(value)  # type: ignore[attr-defined]
        if widget_id == "countdown":
            self.query_one("#big-countdown", BigText).update(str(value))

    def _show_name(self, name: str, side: str) -> None:
        """The headline, and in full screen the same name (and side) in big glyphs."""
        self._set("headline", headline(name, side))
        big = f"{name} · {side_name(side)}" if side else name
        self.query_one("#big-name", BigText).update(big)

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            engine, cue, note, stopped = self._pending
            self.show(engine, cue, pause_note=note, stopped=stopped)

    def compose(self) -> ComposeResult:
        yield Static(id="cue")
        yield Static(id="headline")
        yield BigText(id="big-name", most=2)
        with Center(id="countdown-row"):
            yield Digits("0:00", id="countdown")
        yield BigText(id="big-countdown", fill_height=True)
        yield Static(id="dose")
        yield Static(id="instruction")
        with Center():
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
        yield Static(id="next")

    def show(
        self,
        engine: SessionEngine,
        cue: str,
        *,
        pause_note: str = "",
        stopped: StopPoint | None = None,
    ) -> None:
        if not self._ready:
            self._pending = (engine, cue, pause_note, stopped)
            return
        phase = engine.current
        self.set_class(self.screen.has_class("-zoom"), "-big")
        self.set_class(engine.state == "paused", "-paused")
        self.set_class(engine.state == "finished", "-finished")
        bar = self.query_one("#progress", ProgressBar)
        bar.update(
            total=max(engine.plan.total_seconds, 1),
            progress=engine.progress * max(engine.plan.total_seconds, 1),
        )
        if phase is None:
            self._show_finished(engine, stopped)
            return
        if engine.state == "paused":
            cue = f"PAUSED — {pause_note + ' — ' if pause_note else ''}space to resume"
        self._set("cue", Content.styled(cue, "bold"))
        self._show_name(phase_title(phase), phase.side)
        label = PHASES[phase.kind].label
        dose = f"{label} · {phase.dose_text}" if phase.dose_text and phase.work else label
        extra = engine.phase_seconds - phase.seconds
        if extra > 0:  # +10 s: the dose shown is the dose now
            dose += f" + {seconds_text(extra)}"
        if phase.kind == "reps" and phase.reps:
            tempo = phase.seconds / phase.reps
            rep = min(phase.reps, int(engine.phase_elapsed // tempo) + 1)
            self._set("countdown", f"{rep}/{phase.reps}")
            dose = f"rep {rep} of {phase.reps} · one every {tempo:g} s · "
            dose += f"{mmss(math.ceil(engine.remaining))} left"
        else:
            self._set("countdown", mmss(math.ceil(engine.remaining)))
        self._set("dose", Content(dose))
        self._instruction = phase.instruction
        upcoming = engine.plan.next_work_phase(phase.index)
        if upcoming is None:
            next_text = "Next: finish"
        else:
            side = f" ({upcoming.side})" if upcoming.side else ""
            next_text = f"Next: {phase_title(upcoming)}{side} · {upcoming.dose_text}"
        # The bar and this time measure the same: how far through the plan (a skip
        # jumps both, a pause or +10 s holds both back), not the time spent.
        total = engine.plan.total_seconds
        elapsed = f"{mmss(engine.progress * total)} of {mmss(total)}"
        self._set("next", Content.assemble(next_text, (" · " + elapsed, "$text-muted")))
        self._set("instruction", self._fitted(phase.instruction))  # last: it takes what is left

    def on_resize(self) -> None:
        if self._instruction and not self.has_class("-finished"):
            self._set("instruction", self._fitted(self._instruction))

    def _fitted(self, instruction: str) -> Content:
        """The instruction in the room the other parts leave (they stay on screen at
        80×24), cut with a pointer to the full steps when it is longer."""
        box = self.query_one("#instruction", Static)
        width = box.content_size.width or self.size.width - 4
        lines = Content(instruction).wrap(max(width - 1, 10))  # room for the "…"
        if self.has_class("-big"):
            room = BIG_INSTRUCTION_LINES
        else:
            parts = ("cue", "headline", "dose", "next")
            others = sum(_rows(self._shown.get(part, ""), self.size.width) for part in parts)
            room = max(self.size.height - FIXED_ROWS - others, 2)
        if not self.size.height or len(lines) <= room:
            return Content(instruction)
        kept = Content("\n").join(lines[: room - 1]).rstrip() + "…"
        return Content.assemble(kept, "\n", (MORE_STEPS, "$text-muted"))

    def _show_finished(self, engine: SessionEngine, stopped: StopPoint | None) -> None:
        done = engine.status == "completed"
        counts = mostly_done(engine.plan.total_seconds, engine.active_seconds)
        title = "Session complete" if done else "Session ended early"
        if done and not counts:
            title = "Skipped through"
        if stopped is not None:
            title = "Stopped because it hurts"
        self._set("cue", Content.styled(title, "bold"))
        self._show_name(engine.plan.routine_name, "")
        self._set("countdown", mmss(engine.active_seconds))
        stretched = sum(r.done_seconds for r in engine.results if r.phase.work)
        skipped = engine.skipped_work
        summary = f"{mmss(engine.active_seconds)} in all · {mmss(stretched)} stretching"
        if skipped:
            summary += f" · {skipped} skipped"
        self._set("dose", Content(summary))
        back = "Press Enter or Escape to go back to the catalogue."
        if stopped is not None:
            where = stopped.stretch_name or "a rest"
            if stopped.side:
                where += f", {stopped.side} side"
            pain = f", pain {stopped.pain} of 10" if stopped.pain is not None else ""
            text = f"Saved in your history: stopped at {where}{pain}. {back}"
        else:
            text = f"Well done. {back}" if done and counts else back
            if not counts:
                text = f"{not_done(engine.plan.total_seconds, engine.active_seconds)} {back}"
        self._set("instruction", Content(text))
        self._set("next", "")
