"""``limber serve``: a real server in a subprocess; a real headless Chromium for the page."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the serve extra is not installed")

LIMBER = [sys.executable, "-m", "limber"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    def __init__(self, home: Path, *args: str) -> None:
        self.port = free_port()
        self.out = home / "serve.log"
        env = {**os.environ, "LIMBER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*LIMBER, "serve", "--port", str(self.port), *args],
            stdout=self.out.open("w"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 20
        while "ctrl-c" not in self.text():
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.05)

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

    def start(*args: str) -> Served:
        served = Served(tmp_path, *args)
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
    assert err == "limber: limber serve needs the serve extra: pip install 'limber[serve]'\n"


# -- a real browser ---------------------------------------------------------------------


def chromium() -> str:
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


def open_in_chromium(browser: str, url: str, profile: Path, until: Callable[[], bool]) -> str:
    """Open ``url`` headless until ``until()`` holds (or 60 s); the page's title."""
    import aiohttp

    async def run() -> str:
        port = free_port()
        proc = await asyncio.create_subprocess_exec(
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            url,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        title = ""
        try:
            async with aiohttp.ClientSession() as http:
                end = time.monotonic() + 60
                while time.monotonic() < end and not (title and until()):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/json/list") as r:
                            pages = [p for p in await r.json() if p["type"] == "page"]
                            title = pages[0]["title"] if pages else ""
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.2)
        finally:
            proc.kill()
            await proc.wait()
        return title

    return asyncio.run(run())


@pytest.mark.slow
def test_the_app_runs_in_a_real_browser_over_lan_and_leaves_nothing_behind(serve, tmp_path):
    """Chromium opens the link: the page says Limber and the real app starts behind it;
    ctrl-c stops the server and leaves no app process."""
    browser = chromium()
    served = serve("--lan")
    link = re.sub(r"//[^:/]+", "//127.0.0.1", served.link())
    title = open_in_chromium(
        browser, link, tmp_path / "profile", lambda: bool(app_children(served.process.pid))
    )
    assert title == "Limber"
    assert served.stop() == 0
    time.sleep(0.5)
    assert app_children(served.process.pid) == []
