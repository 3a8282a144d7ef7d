"""The routine builder: pick stretches, set each one's hold, sides and rounds, save.

Saved routines go to ``routines/ID.toml`` beside config.toml (tomli-w, atomic replace)
and appear at once under "My routines" (the ``mine`` pack). Opening the builder on a
routine from another pack starts a copy of it; on one of yours, edits it.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from limber.core.catalogue import Catalogue
from limber.core.errors import LimberError
from limber.core.model import Routine, RoutineStep, Stretch
from limber.core.packs.userpack import PACK, save_routine, slug
from limber.core.plan import PlanSettings, build_plan
from limber.core.text import clean_line
from limber.core.wording import mmss, plural, step_line
from limber.ui.compositor import FrontCompositor
from limber.ui.messages import ItemChosen
from limber.ui.widgets.catalogue_pane import CataloguePane, item_of, kept_by_focus

SIDES_CYCLE: tuple[str | None, ...] = (None, "each", "left", "right", "none")


class Draft(msgspec.Struct, frozen=True):
    """One step as it is being edited: ``amount`` overrides the stretch's own dose."""

    stretch: str
    amount: int | None = None
    sides: str | None = None
    rounds: int = 1

    def step(self, stretch: Stretch) -> RoutineStep:
        unit = stretch.dose.unit
        return RoutineStep(
            stretch=self.stretch,
            seconds=self.amount if unit == "seconds" else None,
            breaths=self.amount if unit == "breaths" else None,
            reps=self.amount if unit == "reps" else None,
            sides=self.sides,  # type: ignore[arg-type]
            rounds=self.rounds,
        )


def draft_of(step: RoutineStep) -> Draft:
    amount = step.seconds or step.breaths or step.reps
    if isinstance(amount, tuple):
        amount = amount[1]
    return Draft(step.stretch, amount, step.sides, step.rounds)


class BuilderScreen(Screen[Routine | None]):
    """Dismissed with the saved routine, or None if the runner left without saving."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        # Priority, as on the main screen: keys read with "/" reach the filter, not the
        # steps ("s" changed a step's sides); in a text box "/" is typed (check_action).
        Binding("slash", "filter", "Filter", id="builder-filter", priority=True),
        Binding("ctrl+s", "save", "Save", id="builder-save"),
        Binding("escape", "leave", "Back", id="builder-back", priority=True),
        Binding("a", "add", "Add stretch", id="builder-add", show=False),
        Binding("x,delete", "remove", "Remove", id="builder-remove"),
        Binding("shift+up,K", "move(-1)", "Move up", id="builder-up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", id="builder-down", show=False),
        Binding("plus,equals_sign", "amount(1)", "More", id="builder-more", show=False),
        Binding("minus", "amount(-1)", "Less", id="builder-less", show=False),
        Binding("s", "sides", "Sides", id="builder-sides"),
        Binding("r", "rounds(1)", "One more round", id="builder-round-up", show=False),
        Binding("R", "rounds(-1)", "One round fewer", id="builder-round-down", show=False),
    ]

    def __init__(
        self,
        catalogue: Catalogue,
        plan_settings: PlanSettings,
        routines_dir: Path,
        start_from: Routine | None = None,
    ) -> None:
        super().__init__()
        self._compositor = FrontCompositor()  # renders only what it sends, keeps no pieces
        self.catalogue = catalogue
        self.plan_settings = plan_settings
        self.routines_dir = routines_dir
        self.editing = start_from if start_from is not None and start_from.pack == PACK else None
        self.drafts: list[Draft] = [draft_of(s) for s in start_from.steps] if start_from else []
        name = start_from.name if start_from else ""
        if start_from is not None and self.editing is None:
            name = f"{name} (my version)"
        self.initial_name = clean_line(name)
        self.saved_state = self._state()
        self.transition = start_from.transition_seconds if start_from else 10

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield CataloguePane(
                self.catalogue, self.plan_settings, stretches_only=True, id="builder-catalogue"
            )
            with Vertical(id="builder-routine"):
                yield Input(
                    self.initial_name,
                    placeholder="Name your routine",
                    id="routine-name",
                    max_length=80,
                )
                yield OptionList(id="steps")
                yield Static(id="builder-total")
                yield Static(
                    Content.styled(
                        "Enter on a stretch adds it · + - hold · s sides · r R rounds · "
                        "shift+↑↓ move · x remove · ctrl+s save",
                        "$text-muted",
                    ),
                    id="builder-help",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#builder-catalogue").border_title = "Stretches"
        self.query_one("#builder-routine").border_title = (
            "Edit routine" if self.editing else "New routine"
        )
        self._redraw()
        self.query_one("#builder-catalogue #items").focus()

    # -- the routine being built --------------------------------------------------------

    def _state(self) -> tuple[object, ...]:
        return (self.initial_name, tuple(self.drafts))

    def routine(self) -> Routine:
        name = clean_line(self.query_one("#routine-name", Input).value) or "My routine"
        local = self.editing.local_id if self.editing else slug(name)
        steps = tuple(d.step(self.catalogue.stretches[d.stretch]) for d in self.drafts)
        return Routine(
            id=f"{PACK}/{local}",
            name=name,
            description="Made with the routine builder.",
            steps=steps,
            transition_seconds=self.transition,
        )

    def _line(self, number: int, draft: Draft) -> Content:
        stretch = self.catalogue.stretches[draft.stretch]
        line = step_line(draft.step(stretch), stretch)
        return Content.assemble(
            (f"{number:>2}. ", "$text-muted"),
            (clean_line(line.name), "bold"),
            f"  {line.dose}",
            (f", {line.sides}" if line.sides else "", "$text-muted"),
        )

    def _redraw(self, keep: int | None = None) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.set_options(
            [Option(self._line(n, d), id=str(n - 1)) for n, d in enumerate(self.drafts, 1)]
        )
        if self.drafts:
            steps.highlighted = min(
                keep if keep is not None else len(self.drafts) - 1, len(self.drafts) - 1
            )
        total = Content.styled("Add stretches from the left with Enter.", "$text-muted")
        if self.drafts:
            plan = build_plan(self.routine(), self.catalogue.stretches, self.plan_settings)
            total = Content.assemble(
                ("Total ", "$text-muted"),
                (mmss(plan.total_seconds), "bold"),
                (
                    f" · {plural(len(self.drafts), 'step')} · {mmss(plan.work_seconds)} stretching",
                    "$text-muted",
                ),
            )
        self.query_one("#builder-total", Static).update(total)

    @property
    def selected(self) -> int | None:
        index = self.query_one("#steps", OptionList).highlighted
        return index if index is not None and index < len(self.drafts) else None

    def _change(self, index: int, draft: Draft) -> None:
        self.drafts[index] = draft
        self._redraw(keep=index)

    # -- actions -------------------------------------------------------------------------

    @on(ItemChosen)
    def _add_chosen(self, event: ItemChosen) -> None:
        event.stop()
        if event.kind == "stretches" and event.item_id in self.catalogue.stretches:
            self.drafts.append(Draft(event.item_id))
            self._redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":  # in a text box "/" is typed, and not offered
            return not kept_by_focus(self, action)
        return True

    def action_filter(self) -> None:
        """ "/" filters the stretches, as on the main screen."""
        self.query_one(CataloguePane).focus_filter()

    def action_add(self) -> None:
        items = self.query_one("#builder-catalogue #items", OptionList)
        option = items.highlighted_option
        item_id, kind = item_of(option.id or "") if option is not None else ("", "")
        if kind == "stretches" and item_id in self.catalogue.stretches:
            self.drafts.append(Draft(item_id))
            self._redraw()

    def action_remove(self) -> None:
        if (index := self.selected) is not None:
            del self.drafts[index]
            self._redraw(keep=index)

    def action_move(self, step: int) -> None:
        index = self.selected
        if index is None or not 0 <= index + step < len(self.drafts):
            return
        self.drafts[index], self.drafts[index + step] = (
            self.drafts[index + step],
            self.drafts[index],
        )
        self._redraw(keep=index + step)

    def action_amount(self, direction: int) -> None:
        if (index := self.selected) is None:
            return
        draft = self.drafts[index]
        stretch = self.catalogue.stretches[draft.stretch]
        unit = stretch.dose.unit
        current = draft.amount or stretch.dose.amount[1]
        step = 5 if unit == "seconds" else 1
        self._change(index, replace(draft, amount=max(1, min(600, current + direction * step))))

    def action_sides(self) -> None:
        if (index := self.selected) is None:
            return
        draft = self.drafts[index]
        position = SIDES_CYCLE.index(draft.sides)
        self._change(index, replace(draft, sides=SIDES_CYCLE[(position + 1) % len(SIDES_CYCLE)]))

    def action_rounds(self, direction: int) -> None:
        if (index := self.selected) is None:
            return
        draft = self.drafts[index]
        self._change(index, replace(draft, rounds=max(1, min(20, draft.rounds + direction))))

    def action_save(self) -> None:
        if not self.drafts:
            self.notify(
                markup=False, message="Add at least one stretch before saving.", severity="warning"
            )
            return
        routine = self.routine()
        try:
            path = save_routine(self.routines_dir, routine)
        except LimberError as error:
            self.notify(markup=False, message=str(error), severity="error")
            return
        self.notify(markup=False, message=f"Saved to {path}", title="My routines")
        self.dismiss(routine)

    def action_leave(self) -> None:
        current = (clean_line(self.query_one("#routine-name", Input).value), tuple(self.drafts))
        if current != self.saved_state and not getattr(self, "_warned", False):
            self._warned = True
            self.notify(
                markup=False,
                message="Not saved: ctrl+s saves, Esc again leaves without saving.",
                severity="warning",
            )
            return
        self.dismiss(None)
