"""The one factory for app tests and snapshots: a fake clock, a temporary LIMBER_HOME,
explicitly registered packs (nothing autoloaded from what happens to be installed), no
animation, no cursor blink, and a session timer that only moves when a test says so."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import limber.corepack
from limber.core.history.store import HistoryStore
from limber.core.packs.host import PackHost
from limber.core.paths import Paths
from limber.core.settings import State, save_state
from limber.testing import FakeClock  # the public one, as a pack's tests use it
from limber.ui.app import LimberApp, create_app
from limber.ui.widgets.session_pane import SessionPane

SNAPSHOT_SIZE = (80, 24)
NOW = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
"""The fixed wall-clock time of every app test: a Saturday evening."""


def make_app(
    home: Path,
    *,
    packs: Iterable[tuple[str, object]] = (),
    clock: FakeClock | None = None,
    safety_read: bool = True,
    config: str | None = None,
    start_routine: str | None = None,
    ask_pain: bool = False,
    now: Callable[[], datetime] = lambda: NOW,
    history: Callable[[], HistoryStore] | None = None,
) -> LimberApp:
    host = PackHost()
    host.register(limber.corepack, "core", version="0.1.0", distribution=limber.DISTRIBUTION)
    for name, plugin in packs:
        host.register(plugin, name, version="1.0.0")
    catalogue, report = host.collect()
    paths = Paths(home)
    if safety_read:
        save_state(paths.state_file, State(safety_notice_read=True))
    if config is not None:
        paths.config_file.parent.mkdir(parents=True, exist_ok=True)
        paths.config_file.write_text(config)
    return create_app(
        paths=paths,
        catalogue=catalogue,
        report=report,
        host=host,
        clock=clock or FakeClock(),
        now=now,
        start_routine=start_routine,
        open_history=history
        or (lambda: HistoryStore(paths.history_db, now=now, utc_offset=lambda _: 0)),
        settings_overrides={"bell": False, "ask_pain": ask_pain},
        auto_tick=False,  # tests tick by hand after moving the fake clock
        background=False,
        animate=False,
    )


def session_of(app: LimberApp) -> SessionPane:
    return app.main.query_one(SessionPane)


async def tick(app: LimberApp, pilot, clock: FakeClock, seconds: float) -> None:
    """Move the fake clock, ticking each second as the app would, and let it draw.

    Ticking in steps matters: one leap of over a minute is what a laptop's sleep looks
    like, and the engine pauses on it."""
    while seconds > 0:
        step = min(1.0, seconds)
        clock.advance(step)
        seconds -= step
        session_of(app).tick()
    await pilot.pause()


async def read_to_the_end(app, pilot):
    """Enter scrolls the first-run notice until its end has been on screen, then closes it."""
    from limber.ui.screens.safety import SafetyScreen

    for _ in range(20):
        if not isinstance(app.screen, SafetyScreen):
            return
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError("the safety notice never closed")


async def wait_for_packs(app: LimberApp, pilot) -> None:
    """The packs load in a thread after the first frame: wait for them, not for a time."""
    for _ in range(500):
        await pilot.pause(0.01)
        if app.state.loaded:
            return
    raise AssertionError("the packs never loaded")


TWIST_LEFT = 5 + 25 + 10 + 5 + 12
"""Seconds into post-run: get ready, butterfly, rest, get ready, then 12 s into the
reclining twist's left side (13 s left)."""


async def at_twist_left(app: LimberApp, pilot, clock: FakeClock) -> None:
    """Start post-run and tick :data:`TWIST_LEFT` seconds into it."""
    app.main.start_routine("core/post-run")
    await pilot.pause()
    await tick(app, pilot, clock, TWIST_LEFT)


def visible_text(app: LimberApp) -> str:
    """What the terminal shows now, as plain text (control segments left out)."""
    from rich.segment import Segment

    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(s.text for s in Segment.filter_control(strip)) for strip in strips)


async def footer_when(app: LimberApp, pilot, shows: Callable[[str], bool]) -> str:  # type: ignore[no-untyped-def]
    """The footer's row once ``shows`` holds of it, or as it is some seconds on: the
    footer redraws after the screen's next refresh, later on a busy machine."""
    for _ in range(250):
        row = visible_text(app).splitlines()[-1]
        if shows(row):
            break
        await pilot.pause(0.02)
    return row


def history_text(app: LimberApp) -> str:
    """What the history pane says now."""
    from limber.ui.widgets.history_pane import HistoryPane

    return str(app.main.query_one(HistoryPane).query_one("#history-body").render())


def record_refreshes(monkeypatch, widget_class: type) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """From now on, the regions of each ``refresh`` of ``widget_class`` (an empty tuple:
    the whole widget), in the order asked."""
    asked: list[tuple[object, ...]] = []
    refresh = widget_class.refresh

    def recording(self, *regions, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(regions)
        return refresh(self, *regions, **kwargs)

    monkeypatch.setattr(widget_class, "refresh", recording)
    return asked


def record_layouts(monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    """From now on, each screen laid out, once per layout pass, in order."""
    from textual.screen import Screen

    layouts: list[object] = []
    refresh_layout = Screen._refresh_layout

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        layouts.append(self)
        refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return layouts
