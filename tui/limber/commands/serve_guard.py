"""Who may talk to ``limber serve``: the rules, kept apart from the web server so they
read (and are tested) on their own.

A request is answered only when all three hold:

- its ``Host`` is an address this server listens on, with the port: 127.0.0.1,
  localhost or [::1], and with ``--lan`` the LAN address printed in the link. A page on
  another site that has rebound its own name to 127.0.0.1 (DNS rebinding) sends its own
  name, and is refused;
- its ``Origin``, when the browser sends one, is this server's own page; a WebSocket
  must send one. A page on another site or on another port of this machine (which a
  browser counts as the same *site*, so it sends the cookie along) is refused;
- it carries this run's token: in the link's query on the first load, then in an
  HttpOnly SameSite=Strict cookie the first load sets.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
"""The names a browser on this machine may use for a server listening on 127.0.0.1."""

NOT_THIS_HOST = "its Host is not this server's address"
FOREIGN_ORIGIN = "it came from another page (its Origin)"
NO_ORIGIN = "it is a WebSocket without an Origin"
NO_TOKEN = "it has no valid token"


def allowed_hosts(port: int, lan_address: str | None = None) -> frozenset[str]:
    """Every ``Host`` header this server answers: each name with the port (and bare, on 80)."""
    names = [*LOOPBACK, *([lan_address] if lan_address else [])]
    hosts = {f"{name}:{port}".lower() for name in names}
    if port == 80:
        hosts |= {name.lower() for name in names}
    return frozenset(hosts)


class Gate:
    """The three checks above, for one run's token and addresses."""

    def __init__(self, token: str, hosts: frozenset[str]) -> None:
        self._token = token.encode()
        self.hosts = hosts

    def refusal(
        self, *, host: str | None, origin: str | None, websocket: bool, token: str
    ) -> str | None:
        """Why a request is refused (a phrase for the log), or None to answer it."""
        host = (host or "").lower()
        if host not in self.hosts:
            return NOT_THIS_HOST
        if origin is None:
            if websocket:
                return NO_ORIGIN
        elif origin.lower() != f"http://{host}":
            return FOREIGN_ORIGIN
        given = token.encode("utf-8", "replace")
        if not hmac.compare_digest(given, self._token):
            return NO_TOKEN
        return None


class RefusalLog:
    """Says when to log a refusal: the first from an address, then at most once a minute
    with the number refused since, so 2,000 bad guesses write a line a minute, not 2,000."""

    WINDOW = 60.0
    KEEP = 4096
    """Addresses remembered at most; the oldest are forgotten first."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, tuple[float, int]] = {}
        """Address → (when its last line was written, refusals since that line)."""

    def note(self, address: str) -> int | None:
        """Count one refusal from ``address``; the number to report now, or None (quiet)."""
        now = self._clock()
        logged, since = self._seen.get(address, (None, 0))
        if logged is not None and now - logged < self.WINDOW:
            self._seen[address] = (logged, since + 1)
            return None
        self._seen.pop(address, None)
        if len(self._seen) >= self.KEEP:
            del self._seen[next(iter(self._seen))]
        self._seen[address] = (now, 0)
        return since + 1

    def unsaid(self) -> dict[str, int]:
        """Refusals counted but not yet reported, by address (said when the server stops)."""
        return {address: since for address, (_, since) in self._seen.items() if since}
