"""What a flow needs of the main screen: the one port every flow is constructed with.

A Protocol, so a flow never imports the main screen (no import cycle), and a test could
hand a flow anything with these members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from limber.core.catalogue import Catalogue
    from limber.ui.context import ScreenState, Services
    from limber.ui.widgets.session_pane import SessionPane


class MainScreenPort(Protocol):
    """The main screen, as its flows see it."""

    services: Services
    state: ScreenState

    @property
    def app(self) -> Any: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def session(self) -> SessionPane: ...

    def query_one(self, selector: Any) -> Any: ...
    def refresh_bindings(self) -> None: ...
    def run_worker(self, work: Any, *, thread: bool = ..., group: str = ...) -> Any: ...
    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: Any = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...
    def call_after_refresh(self, callback: Any, *args: Any) -> bool: ...
    def start_routine(self, routine_id: str) -> None:
        """Preview the routine and start its session (asking the pain first)."""
        ...

    def refresh_history(self) -> None:
        """Recompute the history pane's figures and the programme bar."""
        ...
