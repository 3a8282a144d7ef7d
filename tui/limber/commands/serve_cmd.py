"""``limber serve [--lan]``: the full app in a browser, through textual-serve.

Each browser connection starts the real app (``python -m limber``) as a child process
with this process's environment, so ``LIMBER_HOME`` and therefore history are shared.

- By default the server listens on 127.0.0.1: only this machine can connect.
- ``--lan`` listens on every interface and requires a random token, made fresh for
  each run and printed once as a link and a QR code. A request without it (or with a
  wrong one) gets 403 before any handler runs, so no app process starts; the token is
  never logged (aiohttp's access log is off, and a refusal logs only that it happened).
  A browser that opened the link gets an HttpOnly cookie, so the app's own requests
  (the websocket, scripts) need not carry the token.

textual-serve and segno (the QR code) are the ``serve`` extra, imported only here.
"""

from __future__ import annotations

import errno
import re
import secrets
import shlex
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from limber import DISTRIBUTION
from limber.core.errors import LimberError

MISSING_EXTRA = f"limber serve needs the serve extra: pip install '{DISTRIBUTION}[serve]'"

PHONE_COLUMNS = 40
"""Columns a phone should get at least: the app's narrow layout (one pane) fits in them."""
SMALLEST_FONT = 12
"""Pixels: the smallest font the page will use, so a phone stays readable from the mat."""

_HEAD = f"""<title>Limber</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<script>
  // The terminal gets as many columns as fit at a readable font: on a phone that is
  // about {PHONE_COLUMNS}, so the app shows its narrow layout (one pane at a time) in
  // large type; a tablet or a computer gets the full layout. The font shrinks from
  // textual-serve's size only to reach {PHONE_COLUMNS} columns, never below {SMALLEST_FONT}px.
  document.addEventListener("DOMContentLoaded", () => {{
    const term = document.querySelector("[data-font-size]");
    const fit = Math.floor(window.innerWidth / {PHONE_COLUMNS} / 0.6);  // a cell: 0.6 em
    if (term && fit < Number(term.dataset.fontSize)) {{
      term.dataset.fontSize = String(Math.max({SMALLEST_FONT}, fit));
    }}
  }});
</script>
"""
"""Added to textual-serve's page: the title, a phone's viewport, a readable font."""


def run(*, lan: bool = False, port: int = 8000, host: str | None = None) -> int:
    """Serve until ctrl-c; every app process started is ended before returning."""
    try:
        from textual_serve.server import Server  # noqa: F401
    except ImportError:
        raise LimberError(MISSING_EXTRA) from None
    bind = host or ("0.0.0.0" if lan else "127.0.0.1")
    _check_port(bind, port)
    token = secrets.token_urlsafe(18) if lan else None
    public = f"http://{_lan_address() if lan else '127.0.0.1'}:{port}"
    server = make_server(bind, port, public, token)
    _announce(public, token)
    server.serve()
    return 0


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise LimberError(
                    f"Port {port} is already in use; choose another with --port."
                ) from None
            raise LimberError(f"Cannot listen on {host} port {port}: {error.strerror}.") from None


def _lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def _announce(public: str, token: str | None) -> None:
    if token is None:
        print(f"Limber is at {public}/ (this machine only). Press ctrl-c to stop.", flush=True)
        return
    import segno

    link = f"{public}/?token={token}"
    print("Limber is on your local network. Open this link on your phone or tablet:")
    print(f"\n  {link}\n")
    segno.make(link, error="l").terminal(out=sys.stdout, compact=True)
    print(
        "\nAnyone on this network with the link can use Limber and its history on this "
        "machine. Press ctrl-c to stop.",
        flush=True,
    )


def app_command() -> str:
    """The app, as textual-serve's shell runs it: this Python, ``-m limber``."""
    command = f"{shlex.quote(sys.executable)} -m limber"
    return command if sys.platform == "win32" else f"exec {command}"


def _template_folder() -> Path:
    """textual-serve's page with our head added and no third-party font request."""
    import textual_serve

    page = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", html)
    html = html.replace("<head>", "<head>\n" + _HEAD, 1)
    folder = Path(tempfile.mkdtemp(prefix="limber-serve-"))
    (folder / "app_index.html").write_text(html, encoding="utf-8")
    return folder


def make_server(host: str, port: int, public: str, token: str | None) -> Any:
    """A textual-serve server for Limber, guarded by ``token`` when one is given."""
    from limber.commands.serve_server import LimberServer

    return LimberServer(app_command(), host, port, public, token, _template_folder())
