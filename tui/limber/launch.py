"""Opening the full-screen app, for ``limber`` and ``limber run``, with the garbage
collector paused for start-up (``core/collector.py``; the app turns it back on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from limber.core import collector
from limber.core.paths import Paths

if TYPE_CHECKING:
    from limber.core.catalogue import Catalogue
    from limber.core.packs.host import PackHost
    from limber.core.packs.report import LoadReport


def open_app(
    *,
    strict: bool = False,
    routine: str | None = None,
    loaded: tuple[Catalogue, LoadReport, PackHost] | None = None,
) -> int:
    """Open the app with the cyclic garbage collector paused until the first frame is
    drawn and the packs are loaded.

    Start-up makes tens of thousands of long-lived objects (modules, classes, CSS rules,
    widgets) and next to no garbage, yet the collector would walk them over and over:
    about a tenth of the time to the first frame (see ``core/collector.py``). Once the
    app is up, it freezes what start-up made (so later collections skip it) and turns the
    collector back on.
    """
    with collector.paused_for_start_up():
        return run_app(strict=strict, routine=routine, loaded=loaded, resume_gc=True)


def run_app(
    *,
    strict: bool = False,
    routine: str | None = None,
    loaded: tuple[Catalogue, LoadReport, PackHost] | None = None,
    resume_gc: bool = False,
) -> int:
    """Run the app; ``loaded`` passes on a catalogue the caller has already loaded."""
    from limber.ui.app import create_app  # Textual: only when the app opens

    catalogue, report, host = loaded or (None, None, None)
    app = create_app(
        paths=Paths.from_env(),
        strict=strict,
        start_routine=routine,
        catalogue=catalogue,
        report=report,
        host=host,
        resume_gc=resume_gc,
        keep_css=True,
    )
    app.run()
    app.keep_css()  # what the screens opened since the first frame parsed
    return app.return_code or 0
