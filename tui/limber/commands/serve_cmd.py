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
import hmac
import logging
import re
import secrets
import shlex
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from limber.core.errors import LimberError

if TYPE_CHECKING:
    from aiohttp import web

MISSING_EXTRA = "limber serve needs the serve extra: pip install 'limber[serve]'"
COOKIE = "limber_token"
TITLE = "Limber"
log = logging.getLogger("limber.serve")

_HEAD = """<title>Limber</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<script>
  // On a phone, shrink the font so the app gets its 80 columns.
  document.addEventListener("DOMContentLoaded", () => {
    const term = document.querySelector("[data-font-size]");
    const fit = Math.floor(window.innerWidth / 80 / 0.6);
    if (term && fit < Number(term.dataset.fontSize)) {
      term.dataset.fontSize = String(Math.max(8, fit));
    }
  });
</script>
"""
"""Added to textual-serve's page: the title, a phone's viewport, a font that fits."""


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
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

    class LimberServer(Server):
        def __init__(self) -> None:
            super().__init__(app_command(), host=host, port=port, title=TITLE, public_url=public)
            self.templates_path = _template_folder()
            self.services: set[AppService] = set()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The page, its links made for the host the browser used (so its cookie fits)."""
            self.public_url = f"{request.scheme}://{request.host}"
            response: web.StreamResponse = await super().handle_index(request)
            return response

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: :func:`_announce` has said where to go."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            if token is not None:
                app.middlewares.append(self._guard)
            app.on_shutdown.append(self._end_apps)
            return app

        @web.middleware
        async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
            given = request.query.get("token") or request.cookies.get(COOKIE, "")
            assert token is not None
            if not hmac.compare_digest(given.encode(), token.encode()):
                log.warning("Refused a request without a valid token.")
                return web.Response(
                    status=403, text="Forbidden: open the link limber serve printed.\n"
                )
            response = await handler(request)
            if "token" in request.query and not response.prepared:
                response.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler, keeping each app so ctrl-c can end it."""
            from textual_serve.server import to_int

            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service: AppService | None = None
            try:
                await websocket.prepare(request)
                service = AppService(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                self.services.add(service)
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except Exception as error:
                log.warning("A browser connection ended: %s", type(error).__name__)
            finally:
                if service is not None:
                    await _stop(service)
                    self.services.discard(service)
            return websocket

        async def _end_apps(self, app: web.Application) -> None:
            for service in list(self.services):
                await _stop(service)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's, without the access log (URLs may carry the token)."""
            import asyncio
            import signal

            self.debug = debug
            self.initialize_logging()
            logging.getLogger("aiohttp.access").disabled = True
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            except NotImplementedError:
                pass
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                access_log=None,
                print=lambda *args: None,
            )

    return LimberServer()


async def _stop(service: Any) -> None:
    """Ask the app to quit; end its process if it does not within two seconds."""
    import asyncio

    process = getattr(service, "_process", None)
    try:
        await asyncio.wait_for(service.stop(), timeout=2)
    except Exception:
        pass
    if process is not None and process.returncode is None:
        process.kill()
        await process.wait()
