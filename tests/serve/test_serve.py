"""``limber serve``: a real server in a subprocess; a real headless Chromium for the page."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from serve.browser import chromium, open_page
from serve.served import LIMBER, NARROW, app_children, ready_home, start_a_routine

pytest.importorskip("textual_serve", reason="the serve extra is not installed")


@pytest.mark.parametrize("mode", [(), ("--lan",)], ids=["local", "lan"])
def test_a_missing_or_wrong_token_is_refused_starts_nothing_and_logs_no_token(serve, mode):
    served = serve(*mode)
    token = served.token()
    assert served.status("/") == 403
    assert served.status("/ws") == 403
    assert served.status("/?token=wrong-" + token[:4]) == 403
    assert served.status("/static/js/textual.js") == 403
    assert served.status(f"/?token={token}") == 200
    cookie = {"Cookie": f"limber_{served.port}={token}"}
    assert served.status("/static/js/textual.js", cookie) == 200
    time.sleep(0.3)
    assert app_children(served.process.pid) == []
    assert served.stop() == 0
    log = served.text()
    assert log.count(token) == 1  # only the printed link; no request was logged with it
    assert "Refused a request from 127.0.0.1: it has no valid token." in log
    # Once per address a minute, not once per request; the rest counted when it stops.
    assert log.count("Refused a request") == 1
    assert "Refused 3 more requests from 127.0.0.1 before stopping." in log
    assert ("▀" in log or "█" in log) == bool(mode)  # the QR code, with --lan only


def test_the_first_load_sets_a_strict_http_only_cookie_for_this_port(serve):
    served = serve()
    with urllib.request.urlopen(served.link(), timeout=5) as response:
        cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"limber_{served.port}={served.token()};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


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


@pytest.mark.slow
def test_the_app_runs_in_a_real_browser_over_lan_and_leaves_nothing_behind(serve, tmp_path):
    """Chromium opens the link at a computer's size: the page says Limber (the token gone
    from its address), the catalogue and history show side by side, Enter starts a
    routine and its countdown moves; ctrl-c stops the server, leaves no app process and
    logs nothing."""
    browser = chromium()
    served = serve("--lan", env=ready_home(tmp_path))
    link = served.local_link()

    async def follow() -> None:
        async with open_page(browser, link, tmp_path / "profile", width=1280, height=800) as page:
            screen = await page.wait_for("the catalogue", lambda s: "Post-run lower-back" in s)
            assert "─ Catalogue " in screen and "─ History " in screen, screen.text
            assert screen.cols >= NARROW
            assert await page.evaluate("document.title") == "Limber"
            assert await page.evaluate("location.href") == f"http://127.0.0.1:{served.port}/"
            assert app_children(served.process.pid)
            await start_a_routine(page)

    asyncio.run(follow())
    assert served.stop() == 0
    assert app_children(served.process.pid) == []
    assert served.text().rstrip().endswith("Press ctrl-c to stop."), served.text()
