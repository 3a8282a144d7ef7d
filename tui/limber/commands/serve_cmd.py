"""``limber serve [--lan]``: the full app in a browser, through textual-serve.

Each browser connection starts the real app (``python -m limber``) as a child process
with this process's environment, so ``LIMBER_HOME`` and therefore history are shared.

- By default the server listens on 127.0.0.1: only this machine can connect. ``--lan``
  listens on every interface and prints the link as a QR code too.
- Either way a random token, made fresh for each run, is printed once as a link; the
  gate (:mod:`limber.commands.serve_guard`) also checks each request's ``Host`` and
  ``Origin``. A refused request gets 403 before any handler runs, so no app process
  starts; the token is never logged (aiohttp's access log is off, and a refusal logs
  only its address and why). A browser that opened the link gets an HttpOnly cookie, so
  the app's own requests (the websocket, scripts) need not carry the token.

textual-serve and segno (the QR code) are the ``serve`` extra, imported only here.
"""

from __future__ import annotations

import errno
import secrets
import shlex
import socket
import sys
from typing import Any

from limber import DISTRIBUTION
from limber.commands.serve_guard import Gate, allowed_hosts
from limber.core.errors import LimberError

MISSING_EXTRA = f"limber serve needs the serve extra: pip install '{DISTRIBUTION}[serve]'"


def run(*, lan: bool = False, port: int = 8000, host: str | None = None) -> int:
    """Serve until ctrl-c; every app process started is ended before returning."""
    try:
        # The serve extra: is it there?
        from textual_serve.server import Server  # noqa: F401
    except ImportError:
        raise LimberError(MISSING_EXTRA) from None
    bind = host or ("0.0.0.0" if lan else "127.0.0.1")
    _check_port(bind, port)
    token = secrets.token_urlsafe(18)
    address = _lan_address() if lan else "127.0.0.1"
    server = make_server(bind, port, address, token, lan)
    _announce(f"http://{address}:{port}/?token={token}", lan)
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


def _announce(link: str, lan: bool) -> None:
    if not lan:
        print("Limber is ready on this machine. Open this link in your browser:")
        print(f"\n  {link}\n")
        print("The link holds a key made fresh for this run. Press ctrl-c to stop.", flush=True)
        return
    import segno  # the serve extra, and only `--lan` prints a QR code

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


def make_server(bind: str, port: int, address: str, token: str, lan: bool) -> Any:
    """A textual-serve server for Limber behind the gate for this run's token and hosts."""
    from limber.commands.serve_server import LimberServer  # the serve extra: checked by run

    gate = Gate(token, allowed_hosts(port, address if lan else None))
    return LimberServer(app_command(), port, f"http://{address}:{port}", gate, bind)
