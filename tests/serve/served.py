"""A real ``limber serve`` in a subprocess, for the serve tests: start it, read its log
and link, ask it for a page, stop it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from serve.browser import Page, Screen, free_port

LIMBER = [sys.executable, "-m", "limber"]


def app_children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the apps textual-serve started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Served:
    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.out = home / "serve.log"
        env = {**os.environ, "LIMBER_HOME": str(home), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [*LIMBER, "serve", "--port", str(self.port), *args],
            stdout=self.out.open("w"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 20
        while not ("ctrl-c" in self.text() and self.listening()):
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.05)

    def listening(self) -> bool:
        """The link is printed just before the server listens; a test waits for both."""
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def text(self) -> str:
        return self.out.read_text(errors="replace")

    def link(self) -> str:
        match = re.search(r"http://\S+", self.text())
        assert match, self.text()
        return match[0]

    def token(self) -> str:
        return self.link().split("?token=")[1]

    def local_link(self) -> str:
        """The printed link, through 127.0.0.1 (the LAN address may not be reachable here)."""
        return f"http://127.0.0.1:{self.port}/?token={self.token()}"

    def status(self, path: str, headers: dict[str, str] | None = None) -> int:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
                return int(r.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()


NARROW = 72
"""The app shows one pane at a time below this many columns (``ui/screens/main.py``)."""


def ready_home(home: Path) -> dict[str, str]:
    """A LIMBER_HOME whose runner has read the safety notice and is not asked about pain,
    so the catalogue shows at once and Enter starts a session; the core pack only."""
    (home / "state.toml").write_text("safety_notice_read = true\n")
    (home / "config.toml").write_text("ask_pain = false\n")
    return {"LIMBER_PACKS": "core"}


def sessions(home: Path) -> list[dict[str, object]]:
    """The sessions ``limber history --json`` lists for ``home``, newest first."""
    done = subprocess.run(
        [*LIMBER, "history", "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "LIMBER_HOME": str(home)},
        check=True,
    )
    return list(json.loads(done.stdout)["recent"])


def elapsed(screen: Screen) -> str:
    """The session's clock line, "0:03 of 5:30" (wrapped or not)."""
    match = re.search(r"(\d+:\d\d)\s+of\s+\d+:\d\d", screen.text)
    return match[1] if match else ""


def countdown(screen: Screen) -> list[str]:
    """The three rows of big digits above the phase's name (GET READY, HOLD …)."""
    below = next((n for n, row in enumerate(screen.rows) if "GET READY" in row), 0)
    return screen.rows[max(0, below - 3) : below]


async def start_a_routine(page: Page) -> Screen:
    """Enter on the first routine; the session's countdown then moves on its own."""
    await page.press("Enter")
    started = await page.wait_for("a session", lambda s: "GET READY" in s and bool(elapsed(s)))
    moved = await page.wait_for(
        "the countdown moving",
        lambda s: countdown(s) != countdown(started) and elapsed(s) != elapsed(started),
    )
    assert elapsed(moved) > elapsed(started)
    return moved
