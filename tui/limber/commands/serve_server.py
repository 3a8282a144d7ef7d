"""The textual-serve server behind ``limber serve`` (the ``serve`` extra, imported only
when serving): the token guard, one app process per browser, every one ended on ctrl-c."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

COOKIE = "limber_token"
TITLE = "Limber"
log = logging.getLogger("limber.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class LimberServer(Server):
    def __init__(
        self, command: str, host: str, port: int, public: str, token: str | None, templates: Path
    ) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public)
        self.templates_path = templates
        self.token = token
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
        if self.token is not None:
            app.middlewares.append(self._guard)
        app.on_shutdown.append(self._end_apps)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.query.get("token") or request.cookies.get(COOKIE, "")
        token = self.token or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            log.warning("Refused a request without a valid token.")
            return web.Response(status=403, text="Forbidden: open the link limber serve printed.\n")
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
