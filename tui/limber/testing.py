"""Helpers for a pack's own tests (public, part of the plugin API).

A pack's tests call these with the pack's name and assert nothing about particular
ids, so they keep passing whatever the author adds, renames or removes::

    from limber.testing import assert_pack_valid, build_plans

    def test_the_pack_is_installed_and_valid():
        assert_pack_valid("mypack")

    def test_every_routine_builds_a_plan():
        build_plans("mypack")

Each helper loads the installed pack beside the core catalogue only: no other
installed pack, none of the runner's own routines, no config, nothing written to disk.
A failure raises :class:`AssertionError` whose message is the load report's sentences,
so pytest (or unittest) shows what is wrong and where. This module never imports
pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from limber.core.catalogue import Catalogue
from limber.core.errors import LimberError
from limber.core.packs.host import PackHost
from limber.core.plan import Plan, PlanSettings, build_plan
from limber.core.session import SessionEngine

if TYPE_CHECKING:
    from limber.core.events import SessionEvent
    from limber.core.model import Guidance, PackInfo, Routine, Stretch
    from limber.core.programme_model import Programme

Dose = Literal["low", "high"]
"""Which end of a dose range (``seconds = [20, 30]``) a plan uses."""


# A dataclass, not a Struct (CONTRIBUTING, "Value types"): public API since 1.0, so a
# pack's own tests may use ``dataclasses`` functions on it; changing that is a major API.
@dataclass(frozen=True)
class LoadedPack:
    """One installed pack as Limber loaded it beside the core catalogue.

    The items are read-only values whose fields are the keys of the pack's TOML files.
    """

    name: str
    status: Literal["loaded", "failed", "not installed"]
    problems: tuple[str, ...] = ()
    """The load report's sentences, one per problem (file, key and message)."""
    distribution: str = ""
    """The pip distribution that installed it, such as ``limber-mypack``."""
    version: str = ""
    info: PackInfo | None = None
    """``pack.toml``: title, author, credentials..."""
    routines: Mapping[str, Routine] = field(default_factory=dict)
    """This pack's routines by full id (``mypack/gentle-start``), in load order."""
    stretches: Mapping[str, Stretch] = field(default_factory=dict)
    """This pack's own stretches by full id."""
    guidance: Mapping[str, Guidance] = field(default_factory=dict)
    known_stretches: Mapping[str, Stretch] = field(default_factory=dict)
    """Every stretch loaded beside it (its own and the core's): what its steps may name."""
    programmes: Mapping[str, Programme] = field(default_factory=dict)
    """This pack's programmes by full id (since API 1.1)."""
    known_routines: Mapping[str, Routine] = field(default_factory=dict)
    """Every routine loaded beside it: what its programmes' weeks may name (since API 1.1)."""

    @property
    def loaded(self) -> bool:
        return self.status == "loaded"

    def plan(self, routine_id: str, *, dose: Dose = "high") -> Plan:
        """The timed phases of one routine (full id, or its id within this pack)."""
        full = routine_id if "/" in routine_id else f"{self.name}/{routine_id}"
        if full not in self.routines:
            raise KeyError(f"pack '{self.name}' has no routine '{full}'")
        return build_plan(self.routines[full], self.known_stretches, PlanSettings(dose=dose))

    def week_plans(self, programme_id: str, week: int, *, dose: Dose = "high") -> list[Plan]:
        """The plans of week ``week`` (from 1) of a programme, doses changed as that week
        says, in the order the week names its routines (since API 1.1). Ranges sit where
        the week's ``dose`` says (week 1 without one: the low end); ``dose`` is the
        runner's setting, for later weeks that say nothing."""
        from limber.core.programme import week_routine

        full = programme_id if "/" in programme_id else f"{self.name}/{programme_id}"
        if full not in self.programmes:
            raise KeyError(f"pack '{self.name}' has no programme '{full}'")
        programme = self.programmes[full]
        return [
            build_plan(
                week_routine(programme, week, self.known_routines[ref], self.known_stretches),
                self.known_stretches,
                PlanSettings(dose=dose),
            )
            for ref in programme.weeks[week - 1].routines
        ]


def load_pack(name: str) -> LoadedPack:
    """Load the installed pack ``name`` beside the core pack only, and say how it went.

    Never raises for a broken pack: look at ``status`` and ``problems``, or use
    :func:`assert_pack_valid`.
    """
    host = PackHost()
    host.load_entry_points(only=frozenset({name}))
    catalogue, report = host.collect()
    record = next((p for p in report.packs if p.name == name and p.status != "off"), None)
    if record is None:
        return LoadedPack(
            name=name,
            status="not installed",
            problems=(
                f"No installed pack is called '{name}': install it (`pip install -e .` in "
                "its project folder) and check the entry-point name in pyproject.toml.",
            ),
        )
    prefix = f"{name}/"
    mine = _own(catalogue, prefix)
    return LoadedPack(
        name=name,
        status="failed" if record.status == "failed" else "loaded",
        problems=tuple(record.errors),
        distribution=record.distribution,
        version=record.version,
        info=record.info,
        routines=mine.routines,
        stretches=mine.stretches,
        guidance=mine.guidance,
        known_stretches=dict(catalogue.stretches),
        programmes={k: v for k, v in catalogue.programmes.items() if k.startswith(prefix)},
        known_routines=dict(catalogue.routines),
    )


def _own(catalogue: Catalogue, prefix: str) -> Catalogue:
    return Catalogue(
        stretches={k: v for k, v in catalogue.stretches.items() if k.startswith(prefix)},
        routines={k: v for k, v in catalogue.routines.items() if k.startswith(prefix)},
        guidance={k: v for k, v in catalogue.guidance.items() if k.startswith(prefix)},
    )


def assert_pack_valid(name: str) -> LoadedPack:
    """Fail with the load report's sentences unless the pack is installed and loads cleanly.

    Returns the loaded pack, for further checks of its own.
    """
    __tracebackhide__ = True
    pack = load_pack(name)
    if pack.status != "loaded" or pack.problems:
        raise AssertionError(_sentences(pack))
    return pack


def build_plans(name: str, *, dose: Dose = "high") -> dict[str, Plan]:
    """Build every routine of a valid pack into its timed plan: each one is runnable.

    Fails if the pack does not load, or if a routine builds no plan or one with no
    stretching time. Returns the plans by full routine id, in the pack's order.
    """
    __tracebackhide__ = True
    pack = assert_pack_valid(name)
    plans: dict[str, Plan] = {}
    problems = []
    for routine_id in pack.routines:
        try:
            plan = pack.plan(routine_id, dose=dose)
        except (LimberError, ValueError) as error:
            problems.append(f"Routine '{routine_id}' cannot be run: {error}")
            continue
        if plan.work_seconds <= 0:
            problems.append(f"Routine '{routine_id}' has no stretching time in its plan.")
            continue
        plans[routine_id] = plan
    if problems:
        raise AssertionError("\n".join(problems))
    return plans


class FakeClock:
    """Monotonic seconds that move only when a test moves them."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def run_session(
    plan: Plan,
    on_event: Callable[[SessionEvent], object],
    *,
    clock: FakeClock | None = None,
    step: float = 0.25,
) -> list[SessionEvent]:
    """Run a plan to its end on a fake clock, calling ``on_event`` as the app would.

    The session engine is the app's own; the clock moves by ``step`` seconds between
    ticks, so a whole routine runs in milliseconds. Returns every event, in order. For a
    pack that reacts to ``limber_session_event``: pass its hook as ``on_event``. Since
    API 1.1.
    """
    clock = clock or FakeClock()
    events: list[SessionEvent] = []

    def deliver(event: SessionEvent) -> None:
        events.append(event)
        on_event(event)

    engine = SessionEngine(plan, clock, deliver)
    engine.start()
    while engine.state != "finished":
        clock.advance(step)
        engine.tick()
    return events


def _sentences(pack: LoadedPack) -> str:
    if pack.status == "not installed":
        return "\n".join(pack.problems)
    lines = [f"Pack '{pack.name}' did not load cleanly:"]
    lines += [f"  {problem}" for problem in pack.problems]
    return "\n".join(lines)


__all__ = [
    "Dose",
    "FakeClock",
    "LoadedPack",
    "assert_pack_valid",
    "build_plans",
    "load_pack",
    "run_session",
]
