"""A real headless Chromium for the ``limber serve`` tests, driven over the DevTools
protocol (CDP) with aiohttp's websocket client: open a page at a given viewport, read the
text on textual-serve's terminal, press keys as a person would.

textual-serve keeps its xterm.js terminal in a closure and draws it on a canvas, so the
text is in neither a global nor the DOM. The page's ``window.onload`` closes over the
class that owns the terminal; DevTools lists that closure's scope, and
``Runtime.queryObjects`` on the class's prototype finds the live instance. Its
``terminal.buffer`` (xterm.js's public API) then gives each row as text.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import aiohttp

WAIT = 20.0
"""Seconds to wait for anything the page should show."""

IS_TERMINAL_OWNER = """function () {
  const p = this.prototype;
  return !!p && typeof p.connect === "function" && typeof p.fit === "function";
}"""

PROTOTYPE = "function () { return this.prototype; }"

KEEP_TERMINAL = "function () { if (this.length) window.limberTestTerminal = this[0].terminal; }"

SCREEN = """(() => {
  const t = window.limberTestTerminal, buffer = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  }
  return {cols: t.cols, rows: rows};
})()"""

CELL_BOX = """(() => {
  const t = window.limberTestTerminal;
  const box = t.element.querySelector(".xterm-screen").getBoundingClientRect();
  return {left: box.left, top: box.top, width: box.width / t.cols, height: box.height / t.rows};
})()"""
"""Where the terminal's cells are on the page, in CSS pixels."""

KEYS = {"Enter": ("Enter", 13, "\r")}
"""Key name → (code, Windows key code, text), as Chromium's input events want them."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> str:
    """The system's Chromium, installed from Debian's packages when missing and possible."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and apt-get cannot install it here (not root)")
    import fcntl

    with Path("/tmp/limber-chromium-apt.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shutil.which("chromium"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            install = ["apt-get", "install", "-y", "-q", "chromium"]
            for args in (["apt-get", "update", "-q"], install):
                done = subprocess.run(args, capture_output=True, env=env, timeout=900, check=False)
                if done.returncode != 0:
                    pytest.skip(f"apt-get could not install chromium: {done.stderr[-200:]!r}")
    return shutil.which("chromium") or pytest.skip("chromium still missing after apt-get")


class Screen:
    """What the terminal shows: its width in columns and its rows of text."""

    def __init__(self, cols: int, rows: list[str]) -> None:
        self.cols = cols
        self.rows = rows
        self.text = "\n".join(rows)

    def __contains__(self, text: str) -> bool:
        return text in self.text


class Page:
    """One Chromium tab over a CDP websocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one CDP command and return its result (events in between are ignored)."""
        number = next(self._ids)
        await self._socket.send_json({"id": number, "method": method, "params": params})
        while True:
            message = await self._socket.receive_json()
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message["result"])

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def _find_terminal(self) -> bool:
        """Keep textual-serve's terminal in a global for :meth:`screen`; False if not yet."""
        onload = (await self.call("Runtime.evaluate", expression="window.onload"))["result"]
        if "objectId" not in onload:
            return False
        inner = await self.call("Runtime.getProperties", objectId=onload["objectId"])
        scopes = [p for p in inner.get("internalProperties", []) if p["name"] == "[[Scopes]]"]
        for scope in await self._children(scopes[0]["value"]["objectId"]) if scopes else []:
            for variable in await self._children(scope.get("objectId")):
                if variable.get("type") != "function":
                    continue
                owner = variable["objectId"]
                if await self._call_on(owner, IS_TERMINAL_OWNER):
                    prototype = await self._call_on(owner, PROTOTYPE, by_value=False)
                    found = await self.call("Runtime.queryObjects", prototypeObjectId=prototype)
                    await self._call_on(found["objects"]["objectId"], KEEP_TERMINAL)
                    return bool(await self.evaluate("!!window.limberTestTerminal"))
        return False

    async def _children(self, object_id: str | None) -> list[dict[str, Any]]:
        if object_id is None:
            return []
        found = await self.call("Runtime.getProperties", objectId=object_id, ownProperties=True)
        return [p["value"] for p in found["result"] if "objectId" in p.get("value", {})]

    async def _call_on(self, object_id: str, function: str, by_value: bool = True) -> Any:
        result = await self.call(
            "Runtime.callFunctionOn",
            objectId=object_id,
            functionDeclaration=function,
            returnByValue=by_value,
        )
        return result["result"].get("value" if by_value else "objectId")

    async def screen(self) -> Screen:
        found = await self.evaluate(SCREEN)
        return Screen(int(found["cols"]), list(found["rows"]))

    async def wait_for(self, what: str, holds: Callable[[Screen], bool]) -> Screen:
        """The screen once ``holds(screen)``; fails after :data:`WAIT` seconds."""
        end = time.monotonic() + WAIT
        screen = Screen(0, [])
        while time.monotonic() < end:
            if await self.evaluate("!!window.limberTestTerminal") or await self._find_terminal():
                screen = await self.screen()
                if holds(screen):
                    return screen
            await asyncio.sleep(0.1)
        raise AssertionError(f"The page never showed {what} in {WAIT:.0f} s:\n{screen.text}")

    async def emulate(self, width: int, height: int, scale: float, *, mobile: bool) -> None:
        """A ``width``×``height`` viewport (CSS pixels) at device scale factor ``scale``,
        for the pages opened after."""
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=mobile,
        )

    async def screenshot(self) -> bytes:
        """The viewport as a PNG, in device pixels (CSS size × device scale factor)."""
        import base64

        shot = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["data"])

    async def open(self, url: str) -> None:
        """Go to ``url`` in this tab; what it shows is read anew (no terminal kept)."""
        await self.evaluate("delete window.limberTestTerminal")
        await self.call("Page.navigate", url=url)

    async def tap(self, text: str) -> None:
        """A click (a finger's tap) on the middle of ``text`` where the terminal shows it."""
        screen = await self.screen()
        row = next(n for n, line in enumerate(screen.rows) if text in line)
        column = screen.rows[row].index(text) + len(text) / 2
        box = await self.evaluate(CELL_BOX)
        x = box["left"] + column * box["width"]
        y = box["top"] + (row + 0.5) * box["height"]
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def press(self, key: str) -> None:
        """A key press as a person makes it: into the focused terminal."""
        code, number, text = KEYS[key]
        await self.evaluate("window.limberTestTerminal.focus()")
        event = {"key": key, "code": code, "windowsVirtualKeyCode": number}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **event)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **event)


@asynccontextmanager
async def open_page(
    browser: str,
    url: str,
    profile: Path,
    *,
    width: int,
    height: int,
    mobile: bool = False,
    scale: float | None = None,
) -> AsyncIterator[Page]:
    """``url`` in a headless Chromium with a ``width``×``height`` viewport (CSS pixels) at
    device scale factor ``scale`` (a phone's 3 when ``mobile`` and not given, else 1);
    Chromium and every process it started are ended on the way out."""
    import aiohttp

    port = free_port()
    process = subprocess.Popen(
        [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        async with aiohttp.ClientSession() as http:
            socket_url = await _first_tab(http, port)
            async with http.ws_connect(socket_url, max_msg_size=0) as socket:
                page = Page(socket)
                await page.emulate(width, height, scale or (3 if mobile else 1), mobile=mobile)
                await page.call("Page.navigate", url=url)
                yield page
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


async def _first_tab(http: aiohttp.ClientSession, port: int) -> str:
    import aiohttp

    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        try:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                tabs = [t for t in await response.json() if t["type"] == "page"]
                if tabs:
                    return str(tabs[0]["webSocketDebuggerUrl"])
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"Chromium's DevTools did not answer on port {port} in {WAIT:.0f} s")
