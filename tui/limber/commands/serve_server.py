"""The textual-serve server behind ``limber serve`` (the ``serve`` extra, imported only
when serving): the gate in front of every request, one app process per browser, every
one ended on ctrl-c, and the page served from memory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from limber.commands.serve_guard import Gate, RefusalLog
from limber.commands.serve_page import TEMPLATE, page_template

TITLE = "Limber"
log = logging.getLogger("limber.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

FORBIDDEN = "Forbidden: open the link limber serve printed, in this browser.\n"


class LimberServer(Server):
    def __init__(self, command: str, port: int, public: str, gate: Gate, host: str) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public)
        self.gate = gate
        self.cookie = f"limber_{port}"
        """Named for the port: a browser sends a cookie to every port of a host."""
        self.refusals = RefusalLog()
        self.services: set[AppService] = set()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, its links made for the host the browser used (one the gate allows)."""
        self.public_url = f"http://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: :func:`_announce` has said where to go."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({TEMPLATE: page_template()}))
        app.middlewares.append(self._guard)
        app.on_shutdown.append(self._end_apps)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 before any handler runs (so before any app starts) unless the gate allows."""
        given = request.query.get("token") or request.cookies.get(self.cookie, "")
        upgrade = request.headers.get("Upgrade", "").lower()
        websocket = request.path == "/ws" or "websocket" in upgrade
        why = self.gate.refusal(
            host=request.headers.get("Host"),
            origin=request.headers.get("Origin"),
            websocket=websocket,
            token=given,
        )
        if why is not None:
            self._note_refusal(request.remote or "an unknown address", why)
            return web.Response(status=403, text=FORBIDDEN)
        response = await handler(request)
        if "token" in request.query and not response.prepared:
            response.set_cookie(self.cookie, given, httponly=True, samesite="Strict")
        return response

    def _note_refusal(self, address: str, why: str) -> None:
        """One line per address a minute at most; the token is never in it."""
        count = self.refusals.note(address)
        if count == 1:
            log.warning("Refused a request from %s: %s.", address, why)
        elif count is not None:
            log.warning(
                "Refused %d more requests from %s since the last line about it; the latest: %s.",
                count,
                address,
                why,
            )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, keeping each app so ctrl-c can end it."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:
            raise web.HTTPBadRequest(text="Bad request: this address is a WebSocket.\n")
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
        for address, count in self.refusals.unsaid().items():
            log.warning("Refused %d more requests from %s before stopping.", count, address)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's, without the access log (URLs may carry the token) and with plain
        log lines (textual-serve's handler prints a traceback's local variables, and a
        request's cookie is one of them)."""
        self.debug = debug
        logging.basicConfig(level="INFO", format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
        logging.getLogger("aiohttp.access").disabled = True
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
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
    """Ask the app to quit, give it two seconds to finish and two to exit, then end it.

    The process is signalled with :func:`os.kill`, not ``Process.kill()``: that one polls
    the child first and so may reap an app that has just quit on its own, behind the back
    of asyncio's child watcher, which then warns "Unknown child process pid …"."""
    process = getattr(service, "_process", None)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(service.stop(), timeout=2)
        if process is not None:
            await asyncio.wait_for(process.wait(), timeout=2)
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        await process.wait()
