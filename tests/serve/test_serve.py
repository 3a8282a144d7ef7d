"""``limber serve``: a real server in a subprocess; a real headless Chromium for the page."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve.browser import Page, Screen, chromium, free_port, open_page

pytest.importorskip("textual_serve", reason="the serve extra is not installed")

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
        return match[0].rstrip("/")

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
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


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[type[Served]]:
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        served = Served(tmp_path, *args, env=env)
        started.append(served)
        return served

    yield start  # type: ignore[misc]
    for served in started:
        served.stop()


def test_lan_refuses_a_missing_or_wrong_token_starts_nothing_and_logs_no_token(serve):
    served = serve("--lan")
    token = served.link().split("token=")[1]
    assert served.status("/") == 403
    assert served.status("/ws") == 403
    assert served.status("/?token=wrong-" + token[:4]) == 403
    assert served.status("/static/js/textual.js") == 403
    assert served.status(f"/?token={token}") == 200
    time.sleep(0.3)
    assert app_children(served.process.pid) == []
    assert served.stop() == 0
    log = served.text()
    assert log.count(token) == 1  # only the printed link; no request was logged with it
    assert "Refused a request without a valid token" in log
    assert "▀" in log or "█" in log  # the QR code


def test_a_port_in_use_is_one_sentence(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [*LIMBER, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "LIMBER_HOME": str(tmp_path)},
        )
    assert done.returncode == 1
    assert done.stderr == f"limber: Port {port} is already in use; choose another with --port.\n"


def test_without_the_extra_one_sentence_says_how_to_get_it(monkeypatch, capsys):
    from limber import cli

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    said = "limber: limber serve needs the serve extra: pip install 'limber-stretch[serve]'\n"
    assert err == said


# -- a real browser ---------------------------------------------------------------------

NARROW = 72
"""The app shows one pane at a time below this many columns (``ui/screens/main.py``)."""


def ready_home(home: Path) -> dict[str, str]:
    """A LIMBER_HOME whose runner has read the safety notice and is not asked about pain,
    so the catalogue shows at once and Enter starts a session; the core pack only."""
    (home / "state.toml").write_text("safety_notice_read = true\n")
    (home / "config.toml").write_text("ask_pain = false\n")
    return {"LIMBER_PACKS": "core"}


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


@pytest.mark.slow
def test_the_app_runs_in_a_real_browser_over_lan_and_leaves_nothing_behind(serve, tmp_path):
    """Chromium opens the link at a computer's size: the page says Limber, the catalogue
    and history show side by side, Enter starts a routine and its countdown moves;
    ctrl-c stops the server and leaves no app process."""
    browser = chromium()
    served = serve("--lan", env=ready_home(tmp_path))
    link = re.sub(r"//[^:/]+", "//127.0.0.1", served.link())

    async def follow() -> None:
        async with open_page(browser, link, tmp_path / "profile", width=1280, height=800) as page:
            screen = await page.wait_for("the catalogue", lambda s: "Post-run lower-back" in s)
            assert "─ Catalogue " in screen and "─ History " in screen, screen.text
            assert screen.cols >= NARROW
            assert await page.evaluate("document.title") == "Limber"
            assert app_children(served.process.pid)
            await start_a_routine(page)

    asyncio.run(follow())
    assert served.stop() == 0
    assert app_children(served.process.pid) == []


@pytest.mark.slow
def test_on_a_phone_the_app_shows_its_narrow_layout_in_a_readable_font(serve, tmp_path):
    """At a phone's size (390×844) the terminal gets about 40 columns, not a tiny 80, so
    the app shows one pane at a time: the catalogue, then the session alone."""
    browser = chromium()
    served = serve(env=ready_home(tmp_path))
    url = f"http://127.0.0.1:{served.port}/"

    async def follow() -> None:
        profile = tmp_path / "profile"
        async with open_page(browser, url, profile, width=390, height=844, mobile=True) as page:
            screen = await page.wait_for("the catalogue", lambda s: "Post-run lower-back" in s)
            assert 36 <= screen.cols < NARROW
            assert "─ Catalogue " in screen and "─ History " not in screen, screen.text
            font = await page.evaluate("window.limberTestTerminal.options.fontSize")
            assert int(font) >= 12
            session = await start_a_routine(page)
            assert "─ Session " in session and "─ Catalogue " not in session, session.text

    asyncio.run(follow())
