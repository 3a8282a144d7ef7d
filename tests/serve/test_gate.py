"""Who may talk to ``limber serve``: only a page it served itself, through an address it
listens on, with this run's token. Everything else gets 403 before any app starts."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from limber.commands.serve_guard import (
    FOREIGN_ORIGIN,
    NO_ORIGIN,
    NO_TOKEN,
    NOT_THIS_HOST,
    Gate,
    RefusalLog,
    allowed_hosts,
)
from serve.browser import chromium, free_port, open_page
from serve.served import app_children, ready_home, sessions

pytest.importorskip("textual_serve", reason="the serve extra is not installed")

TOKEN = "a-token-for-this-run"


def test_the_hosts_are_the_loopback_names_and_with_lan_the_printed_address():
    assert allowed_hosts(8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    lan = allowed_hosts(8000, "192.168.1.20")
    assert lan == {*allowed_hosts(8000), "192.168.1.20:8000"}
    assert "127.0.0.1" in allowed_hosts(80)  # a browser leaves out the default port


@pytest.mark.parametrize(
    ("host", "origin", "websocket", "token", "why"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, TOKEN, None),
        ("LOCALHOST:8000", None, False, TOKEN, None),  # a page load sends no Origin
        ("evil.example:8000", "http://evil.example:8000", True, TOKEN, NOT_THIS_HOST),
        ("127.0.0.1:8001", "http://127.0.0.1:8001", True, TOKEN, NOT_THIS_HOST),
        (None, None, False, TOKEN, NOT_THIS_HOST),
        ("127.0.0.1:8000", "http://evil.example", True, TOKEN, FOREIGN_ORIGIN),
        ("127.0.0.1:8000", "null", True, TOKEN, FOREIGN_ORIGIN),
        ("127.0.0.1:8000", "http://127.0.0.1:9999", True, TOKEN, FOREIGN_ORIGIN),
        ("127.0.0.1:8000", "http://localhost:8000", True, TOKEN, FOREIGN_ORIGIN),
        ("127.0.0.1:8000", "http://evil.example", False, TOKEN, FOREIGN_ORIGIN),
        ("127.0.0.1:8000", None, True, TOKEN, NO_ORIGIN),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, "", NO_TOKEN),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, TOKEN + "x", NO_TOKEN),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, "\udcff" + TOKEN, NO_TOKEN),
    ],
)
def test_the_gate_answers_only_its_own_host_and_page_with_the_token(
    host, origin, websocket, token, why
):
    gate = Gate(TOKEN, allowed_hosts(8000))
    assert gate.refusal(host=host, origin=origin, websocket=websocket, token=token) == why


def test_refusals_are_logged_once_per_address_a_minute_with_the_number_since():
    now = [0.0]
    log = RefusalLog(lambda: now[0])
    assert [log.note("10.0.0.9") for _ in range(2000)] == [1] + [None] * 1999
    assert log.note("10.0.0.7") == 1  # another address has its own line
    now[0] = 59.9
    assert log.note("10.0.0.9") is None
    now[0] = 60.0
    assert log.note("10.0.0.9") == 2001  # the 2,000 before and this one
    assert log.unsaid() == {}
    log.note("10.0.0.9")
    assert log.unsaid() == {"10.0.0.9": 1}


async def _connect(port: int, headers: dict[str, str]) -> int | str:
    """A raw WebSocket to the server's /ws: "open", or the status it was refused with."""
    import aiohttp

    url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(url, headers=headers) as socket:
                await socket.send_str(json.dumps(["stdin", "\r"]))
                return "open"
        except aiohttp.WSServerHandshakeError as error:
            return error.status


@pytest.mark.parametrize("mode", [(), ("--lan",)], ids=["local", "lan"])
def test_a_raw_websocket_is_refused_unless_host_origin_and_token_all_fit(serve, tmp_path, mode):
    """A client that is not this server's own page, with the run's cookie or without it,
    gets 403 and starts no app; the same client with the page's Host, Origin and cookie
    gets in, so each refusal was the gate's doing."""
    served = serve(*mode)
    port = served.port
    own = f"http://127.0.0.1:{port}"
    cookie = f"limber_{port}={served.token()}"
    attempts = {
        "a foreign Origin": {"Origin": "http://evil.example", "Cookie": cookie},
        "Origin null": {"Origin": "null", "Cookie": cookie},
        "no Origin": {"Cookie": cookie},
        "another port's Origin": {"Origin": f"http://127.0.0.1:{free_port()}", "Cookie": cookie},
        "a rebinding Host": {
            "Host": f"evil.example:{port}",
            "Origin": f"http://evil.example:{port}",
            "Cookie": cookie,
        },
        "no token": {"Origin": own},
        "a wrong token": {"Origin": own, "Cookie": f"limber_{port}=not-{served.token()}"},
    }
    answers = {name: asyncio.run(_connect(port, headers)) for name, headers in attempts.items()}
    assert answers == dict.fromkeys(attempts, 403)
    assert app_children(served.process.pid) == []
    assert asyncio.run(_connect(port, {"Origin": own, "Cookie": cookie})) == "open"
    assert served.stop() == 0
    assert sessions(tmp_path) == []
    assert served.text().count("Refused a request from 127.0.0.1") == 1


def test_serving_leaves_nothing_in_the_temporary_folder(serve, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    served = serve(env={"TMPDIR": str(temp)})
    assert served.status(f"/?token={served.token()}") == 200
    assert served.stop() == 0
    assert list(temp.iterdir()) == []


FOREIGN_PAGE = """<!DOCTYPE html><title>Another site</title><script>
window.attempt = new Promise(done => {
  const socket = new WebSocket("ws://127.0.0.1:PORT/ws?width=80&height=24");
  socket.onopen = () => { socket.send(JSON.stringify(["stdin", "\\r"])); done("open"); };
  socket.onerror = () => done("refused");
});
</script>"""


@pytest.fixture
def foreign_site() -> Iterator[tuple[str, list[str]]]:
    """Another web server on this machine, on another port: its address and a list where
    the test puts the page it serves."""
    page: list[str] = [""]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page[0].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", page
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_a_page_on_another_port_cannot_drive_the_app_even_with_the_cookie(
    serve, tmp_path, foreign_site
):
    """The runner opened the printed link, so their browser holds the cookie; a page from
    another port of this machine counts as the same site and its WebSocket carries that
    cookie along. It is still refused (its Origin), starts nothing and records nothing."""
    browser = chromium()
    served = serve(env=ready_home(tmp_path))
    address, page_text = foreign_site
    page_text[0] = FOREIGN_PAGE.replace("PORT", str(served.port))

    async def follow() -> None:
        async with open_page(
            browser, served.link(), tmp_path / "profile", width=1280, height=800
        ) as page:
            await page.wait_for("the catalogue", lambda s: "Post-run lower-back" in s)
            await page.open(address)
            end = time.monotonic() + 20
            while await page.evaluate("typeof window.attempt") != "object":
                assert time.monotonic() < end, "the other site's page never loaded"
                await asyncio.sleep(0.1)
            answer = await page.call(
                "Runtime.evaluate", expression="window.attempt", awaitPromise=True
            )
            assert answer["result"]["value"] == "refused"

    asyncio.run(follow())
    assert "Refused a request from 127.0.0.1: it came from another page (its Origin)." in (
        served.text()
    )
    assert served.stop() == 0
    assert app_children(served.process.pid) == []
    assert sessions(Path(tmp_path)) == []


def test_lan_mode_answers_its_printed_address_and_local_mode_does_not(serve):
    lan = serve("--lan")
    address = lan.link().split("//")[1].split("/")[0]
    assert lan.status(f"/?token={lan.token()}", {"Host": address}) == 200
    local = serve()
    host = {"Host": f"{address.split(':')[0]}:{local.port}"}
    assert local.status(f"/?token={local.token()}", host) == 403


def test_the_server_logs_2000_bad_guesses_in_two_lines_a_minute_apart(caplog):
    from limber.commands.serve_server import LimberServer

    gate = Gate(TOKEN, allowed_hosts(8000))
    server = LimberServer("true", 8000, "http://127.0.0.1:8000", gate, "127.0.0.1")
    now = [0.0]
    server.refusals = RefusalLog(lambda: now[0])
    with caplog.at_level("WARNING", logger="limber.serve"):
        for _ in range(2000):
            server._note_refusal("10.0.0.9", NO_TOKEN)
        now[0] = 61.0
        server._note_refusal("10.0.0.9", NO_TOKEN)
    assert [record.getMessage() for record in caplog.records] == [
        "Refused a request from 10.0.0.9: it has no valid token.",
        "Refused 2000 more requests from 10.0.0.9 since the last line about it; "
        "the latest: it has no valid token.",
    ]
