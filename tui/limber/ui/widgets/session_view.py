"""The running session, drawn from the engine's state: big countdown, side, cue, what's next."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TypeVar

import rich.cells
from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from limber.core.events import StopPoint
from limber.core.figure import Figure
from limber.core.history.model import mostly_done, not_done
from limber.core.phases import PHASES, PhaseKind
from limber.core.plan import Phase
from limber.core.session import SessionEngine
from limber.core.wording import mmss, seconds_text, side_name
from limber.ui.widgets.bigtext import BigText
from limber.ui.widgets.figure_view import FigureView
from limber.ui.widgets.fitting import fit_instruction, instruction_now, instruction_texts
from limber.ui.widgets.repaint import TickingStatic
from limber.ui.widgets.session_bar import SessionBar


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


W = TypeVar("W", bound=Widget)
TICKING = frozenset({"cue", "dose", "next"})
"""The text parts that change every second (a get-ready's last three seconds, a rep's
count and the time left, the time through the plan); the countdown is a
:class:`BigText`, which never asks for a layout pass."""
FIXED_ROWS = 1 + 1
"""Rows around the text parts, as the CSS below lays them out: the instruction's top
margin and the progress bar."""
STAGE_ROWS = 8
"""The least the stage (the figure beside the countdown) keeps: a figure of 8 rows, and a
countdown of 5 (big glyphs at twice their size) with its dose line below. The
instruction gets the rest, and the stage grows into whatever the instruction leaves."""
TALL = 50
"""From this many rows the full-screen view also shows the stretch's name in big glyphs
(below it, those rows are the figure's)."""
FIGURE_KINDS: frozenset[PhaseKind] = frozenset(
    {"get-ready", "switch-sides", "hold", "reps", "flow"}
)
"""The phases that show their stretch's figure (a rest shows none: it names what is next)."""


def forget_measured_texts() -> None:
    """Empty Rich's cache of text widths. It keeps the last 4,096 texts measured, and a
    running session measures a few new ones every second (its times: "0:33 of 4:20"),
    so over 20 minutes the cache alone would grow by more than 1 MiB. Emptied as each
    phase starts, it holds one phase's texts at most."""
    cache = getattr(rich.cells, "cached_cell_len", None)
    if cache is not None and hasattr(cache, "cache_clear"):
        cache.cache_clear()


def _rows(value: object, width: int) -> int:
    """Rows a part's text takes at ``width`` (at least one, as an empty Static does)."""
    return _text_rows(str(value), width)


@lru_cache(maxsize=16)  # the same few texts and widths, asked on every tick
def _text_rows(text: str, width: int) -> int:
    """Rows ``text`` wraps into at ``width`` (its styles do not change where it wraps)."""
    return max(1, len(Content(text).wrap(max(width, 1))))


class SessionView(Vertical):
    """Shows one moment of a session; :meth:`show` is called on every tick.

    The cue, the name, then the stage: the stretch's figure beside a countdown in big
    glyphs (at least five rows), both growing with the room; under them the
    instruction, fitted to the rows left, the progress and what comes next.

    Mounted only when the first session starts, so start-up does not pay for it (nor
    for parsing its CSS).
    """

    DEFAULT_CSS = """
    SessionView { height: 1fr; align-horizontal: center; }
    SessionView > * {
        width: 100%; height: auto; content-align: center middle; text-align: center;
    }
    SessionView #cue { color: $warning; }
    SessionView #headline { color: $text; }
    SessionView #stage { height: 1fr; min-height: 8; }
    SessionView #figure { width: 40%; height: 100%; min-width: 20; min-height: 8; }
    SessionView.-big #figure { width: 50%; }
    SessionView #clock { width: 1fr; height: 100%; }
    SessionView #countdown {
        height: 3fr; min-height: 5; color: $text; content-align: center bottom;
        text-wrap: nowrap;  /* its lines are fitted to the width: skip Textual's wrap */
    }
    SessionView #dose { height: 1fr; color: $text-muted; content-align: center top; }
    SessionView #instruction { margin: 1 2 0 2; height: auto; }
    SessionView #next { color: $text-muted; }
    SessionView.-paused #countdown { color: $text-muted; }
    SessionView.-paused #cue { color: $error; }
    SessionView.-finished #countdown { color: $success; }
    SessionView.-finished #cue { color: $success; }
    SessionView #big-name { display: none; }
    SessionView.-big.-tall #big-name { display: block; color: $text; margin-top: 1; }
    SessionView.-big.-tall #headline { display: none; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._pending: tuple[SessionEngine, str, str, StopPoint | None, Figure | None] | None
        self._pending = None
        self._ready = False
        self._shown: dict[str, object] = {}
        self._parts: dict[str, Widget] = {}
        """Each part by id, found once: Textual keys its query cache on the count of
        changes to the children, which each phase's show/hide of a part moves on, so
        looking a part up on every tick filled that cache over a long session."""
        self.moving = True
        """Whether a movement's figure steps through its keyframes while it runs (off in
        tests, whose time moves only when they say: see ``Services.animate``)."""
        self._phase = -1
        """The phase last shown (its index): a new one empties Rich's width cache."""
        self._instruction: tuple[str, str] = ("", "")
        """The current phase's instruction and the caution that ends it, in full (what
        :meth:`_fitted` fits)."""
        self._moment: tuple[object, ...] = ()
        """What the last full draw showed (phase, state, cue, size…): while it holds, a
        tick redraws only what moves (:meth:`_show_progress`)."""
        self._next = ""
        """The line's "Next: …" part, the same all through a phase."""
        self._engine: SessionEngine | None = None
        """The session shown (for a resize to fit its instruction again)."""
        self._box: tuple[Phase, int, int, int] | None = None
        """``(phase, width, room, rows)``: the height given the instruction box, in rows,
        and what it was worked out for, the phase (by identity), the width and the room
        (see :meth:`_show_instruction`). None: the box takes its text's own height."""

    def _set(self, widget_id: str, value: object, *, fixed: bool = False) -> bool:
        """Update one part only if it changed; lay the screen out again only if its new
        text takes another number of rows (a tick's keeps its very shape: 1:23 → 1:22
        redraws two digits), unless the part's height is ``fixed``. True if it does: the
        rows left for the others changed."""
        old = self._shown.get(widget_id)
        if old == value:
            return False
        self._shown[widget_id] = value
        widget = self._part(widget_id, Widget)
        if isinstance(widget, Static):
            # A part's width is the view's: the screen needs laying out again only if
            # the new text takes another number of rows (a tick's keeps its very shape).
            same = fixed or (widget_id in TICKING and _shape(old) == _shape(value))
            width = widget.content_size.width
            if not same and old is not None and width > 0:
                same = _rows(old, width) == _rows(value, width)
            widget.update(value, layout=not same)  # type: ignore[arg-type]
            return not same
        widget.update(value)  # type: ignore[attr-defined]
        return True

    def _part(self, widget_id: str, kind: type[W]) -> W:
        """The part with this id (composed once, never removed)."""
        widget = self._parts.get(widget_id)
        if widget is None:
            widget = self._parts[widget_id] = self.query_one(f"#{widget_id}", kind)
        assert isinstance(widget, kind)
        return widget

    def _show_name(self, name: str, side: str) -> None:
        """The headline, and in a tall full screen the same name (and side) in big glyphs."""
        self._set("headline", headline(name, side))
        self._set("big-name", f"{name} · {side_name(side)}" if side else name)

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            engine, cue, note, stopped, figure = self._pending
            self.show(engine, cue, pause_note=note, stopped=stopped, figure=figure)

    def compose(self) -> ComposeResult:
        yield TickingStatic(id="cue")
        yield Static(id="headline")
        yield BigText(id="big-name", most=2)
        with Horizontal(id="stage"):
            yield FigureView(id="figure")
            with Vertical(id="clock"):
                yield BigText(id="countdown", fill_height=True)
                yield TickingStatic(id="dose")
        yield Static(id="instruction")
        yield SessionBar(id="progress")
        yield TickingStatic(id="next")

    def show(
        self,
        engine: SessionEngine,
        cue: str,
        *,
        pause_note: str = "",
        stopped: StopPoint | None = None,
        figure: Figure | None = None,
    ) -> None:
        """Draw the session as it is now; ``figure``: the current stretch's, if it has one."""
        if not self._ready:
            self._pending = (engine, cue, pause_note, stopped, figure)
            return
        self._engine = engine
        phase = engine.current
        zoomed = self.screen.has_class("-zoom")
        moment = (engine.index, engine.state, cue, pause_note, zoomed, self.size, figure)
        if phase is not None and moment == self._moment:
            self._show_progress(engine, phase)  # a tick: only the times move
            return
        self._moment = moment
        if engine.index != self._phase:
            self._phase = engine.index
            forget_measured_texts()
        self.set_class(zoomed, "-big")
        self.set_class(self.size.height >= TALL, "-tall")
        self.set_class(engine.state == "paused", "-paused")
        self.set_class(engine.state == "finished", "-finished")
        self._show_figure(engine, figure)
        if phase is None:
            self._show_bar(engine)
            self._show_finished(engine, stopped)
            return
        if engine.state == "paused":
            cue = f"PAUSED — {pause_note + ' — ' if pause_note else ''}space to resume"
        self._set("cue", Content.styled(cue, "bold"))
        self._show_name(phase_title(phase), phase.side)
        upcoming = engine.plan.next_work_phase(phase.index)
        if upcoming is None:
            self._next = "Next: finish"
        else:
            side = f" ({upcoming.side})" if upcoming.side else ""
            self._next = f"Next: {phase_title(upcoming)}{side} · {upcoming.dose_text}"
        self._instruction = ("", "")  # drawn again below, fitted to the room now
        self._show_progress(engine, phase)

    def _show_progress(self, engine: SessionEngine, phase: Phase) -> None:
        """What moves within a phase: the countdown (or a rep's count) and the dose line,
        the bar and the time through the plan, and a hold's way out in its last seconds."""
        self._show_time(engine, phase)
        self._show_bar(engine)
        # The bar and this time measure the same: how far through the plan (a skip
        # jumps both, a pause or +10 s holds both back), not the time spent.
        total = engine.plan.total_seconds
        elapsed = f"{mmss(engine.progress * total)} of {mmss(total)}"
        reshaped = self._set("next", Content.assemble(self._next, (" · " + elapsed, "$text-muted")))
        now = instruction_now(engine, phase)
        if now != self._instruction or reshaped:
            self._instruction = now
            self._show_instruction(engine, phase)  # last: it takes what is left

    def _show_bar(self, engine: SessionEngine) -> None:
        whole = max(engine.plan.total_seconds, 1)
        self._part("progress", SessionBar).show(engine.progress * whole, whole)

    def _show_time(self, engine: SessionEngine, phase: Phase) -> None:
        """The countdown (or a rep's count) in big glyphs, and the dose line under it."""
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

    def _show_figure(self, engine: SessionEngine, figure: Figure | None) -> None:
        """The stretch's figure, mirrored for the side it does not show, moving only while
        a movement's work phase runs; none in a rest or once the session is over."""
        phase = engine.current
        view = self._part("figure", FigureView)
        if phase is None or phase.kind not in FIGURE_KINDS:
            view.show(None)
            view.play(False)
            return
        view.show(figure, mirror=figure is not None and figure.mirror_for(phase.side))
        view.play(self.moving and phase.work and engine.state == "running")

    def on_resize(self) -> None:
        self.set_class(self.size.height >= TALL, "-tall")
        engine = self._engine
        if self._instruction[0] and not self.has_class("-finished") and engine and engine.current:
            self._show_instruction(engine, engine.current)

    def _show_instruction(self, engine: SessionEngine, phase: Phase) -> None:
        """The instruction, fitted to the rows the other parts leave, in a box as tall as
        the longest of the phase's instructions takes: a hold's way out, shown in its last
        seconds, then replaces its movement without laying the screen out again, and
        the figure above does not jump as the hold ends."""
        width, room = self._room()
        if not self.size.height:  # not laid out yet: on_resize shows it again
            self._set("instruction", fit_instruction(self._instruction, width, room))
            return
        old = self._box
        if old is None or old[0] is not phase or old[1:3] != (width, room):
            # As tall as its texts fitted to the room take (a caution longer than the
            # room is never cut, as when the box took its text's own height).
            fits = (fit_instruction(text, width, room) for text in instruction_texts(phase))
            rows = max(_text_rows(str(fit), width) for fit in fits)
            self._box = (phase, width, room, rows)
            if old is None or old[3] != rows:
                self._part("instruction", Static).styles.height = rows
        self._set("instruction", fit_instruction(self._instruction, width, room), fixed=True)

    def _room(self) -> tuple[int, int]:
        """The instruction's width, and the rows the other parts leave it."""
        box = self._part("instruction", Static)
        width = box.content_size.width or self.size.width - 4
        stage = max(STAGE_ROWS, self.size.height // 2) if self.has_class("-big") else STAGE_ROWS
        parts = ("cue", "next") if self.has_class("-big", "-tall") else ("cue", "headline", "next")
        others = sum(_rows(self._shown.get(part, ""), self.size.width) for part in parts)
        if self.has_class("-big", "-tall"):
            others += 1 + self._part("big-name", BigText).rows(self.size.width)
        room = max(self.size.height - FIXED_ROWS - stage - others, 2) if self.size.height else 99
        return width, room

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
        if self._box is not None:
            self._box = None
            self._part("instruction", Static).styles.height = None  # its text's own
        self._set("instruction", Content(text))
        self._set("next", "")
