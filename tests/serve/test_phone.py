"""``limber serve`` on a phone: a real headless Chromium at a phone's size (390×844 CSS
pixels) and pixel densities (device scale factors 1, 2 and 3), judged by its pixels."""

from __future__ import annotations

import asyncio
import io
import signal
import time

import pytest

from serve.browser import Page, Screen, chromium, open_page
from serve.served import NARROW, app_children, ready_home, sessions, start_a_routine

pytest.importorskip("textual_serve", reason="the serve extra is not installed")

PHONE = (390, 844)
"""A phone held upright, in CSS pixels."""


def drawn_frame(png: bytes, scale: int) -> tuple[int, int, int, int]:
    """Where the catalogue's frame is drawn on the screenshot, in CSS pixels: the left
    and right of its side lines and the top and bottom of the left one (0s if none).

    A side of the frame is a column of pixels brighter than the background without
    a break for more than half the page's height; text never does that."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (PHONE[0] * scale, PHONE[1] * scale)
    image = image.resize(PHONE, Image.Resampling.BOX)
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    histogram = image.histogram()
    background = histogram.index(max(histogram))
    runs: dict[int, tuple[int, int]] = {}
    for x in range(width):
        best, start = (0, 0), None
        for y in range(height + 1):
            lit = y < height and int(pixels[x, y]) - background > 12  # type: ignore[arg-type]
            if lit and start is None:
                start = y
            elif not lit and start is not None:
                if y - start > best[1] - best[0]:
                    best = (start, y)
                start = None
        if best[1] - best[0] > height / 2:
            runs[x] = best
    if not runs:
        return (0, 0, 0, 0)
    left, right = min(runs), max(runs)
    return (left, right, *runs[left])


async def _catalogue_shot(page: Page) -> tuple[Screen, bytes]:
    """The catalogue, once its frame is drawn (the canvas lags the text a little)."""
    screen = await page.wait_for(
        "the catalogue and its footer", lambda s: "Tabletop leg press" in s and "q Quit" in s
    )
    scale = int(await page.evaluate("window.devicePixelRatio"))
    end = time.monotonic() + 10
    while True:
        png = await page.screenshot()
        left, right, _, _ = drawn_frame(png, scale)
        if right - left > PHONE[0] / 2 or time.monotonic() > end:
            return screen, png
        await asyncio.sleep(0.2)


@pytest.mark.slow
def test_at_every_pixel_density_the_whole_catalogue_is_drawn(serve, tmp_path):
    """The screenshot at device scale factors 2 and 3 (the canvas sized for them) shows
    the catalogue framed edge to edge, exactly where factor 1 draws it: not its top-left
    corner in letters two or three times too big."""
    browser = chromium()
    served = serve(env=ready_home(tmp_path))
    frames = {}

    async def follow() -> None:
        link = served.link()
        async with open_page(
            browser, "about:blank", tmp_path / "profile", width=1, height=1
        ) as page:
            for scale in (1, 2, 3):
                await page.emulate(*PHONE, scale, mobile=True)
                await page.open(link)
                screen, png = await _catalogue_shot(page)
                (tmp_path / f"phone-{scale}.png").write_bytes(png)
                assert 36 <= screen.cols < NARROW
                frames[scale] = drawn_frame(png, scale)

    asyncio.run(follow())
    left, right, top, bottom = frames[1]
    assert left < 20 and right > PHONE[0] - 20, frames
    assert bottom - top > PHONE[1] / 2, frames
    for scale in (2, 3):  # a cell's width is rounded to device pixels: a few CSS pixels move
        assert all(abs(a - b) <= 8 for a, b in zip(frames[scale], frames[1], strict=True)), frames


@pytest.mark.slow
def test_on_a_phone_the_footer_keeps_skip_and_end_and_a_closed_tab_is_an_interrupted_session(
    serve, tmp_path
):
    """At 390×844 and factor 3 the terminal gets about 40 columns in a readable font: the
    catalogue alone, then the session alone, its footer keys wrapped onto rows so Skip
    and End stay on screen, and a tap on Skip skips. Closing the tab mid-session records
    it as interrupted with what was done; the server's log says nothing about it, nor
    about SIGTERM."""
    browser = chromium()
    served = serve(env=ready_home(tmp_path))

    async def follow() -> None:
        profile = tmp_path / "profile"
        async with open_page(
            browser, served.link(), profile, width=PHONE[0], height=PHONE[1], mobile=True
        ) as page:
            screen = await page.wait_for("the catalogue", lambda s: "Post-run lower-back" in s)
            assert 36 <= screen.cols < NARROW
            assert "─ Catalogue " in screen and "─ History " not in screen, screen.text
            font = await page.evaluate("window.limberTestTerminal.options.fontSize")
            assert int(font) >= 12
            session = await start_a_routine(page)
            assert "─ Session " in session and "─ Catalogue " not in session, session.text
            assert "n Skip" in session and "e End" in session and "h This hurts" in session
            await page.tap("n Skip")
            await page.wait_for("the next stretch after a tap on Skip", lambda s: "HOLD" in s)
            await page.call("Page.close")

    asyncio.run(follow())
    end = time.monotonic() + 15
    while app_children(served.process.pid):
        assert time.monotonic() < end, "the app did not end when its tab closed"
        time.sleep(0.1)
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=15) == 0
    log = served.text()
    assert log.rstrip().endswith("Press ctrl-c to stop."), log  # nothing after the link
    (recorded,) = sessions(tmp_path)
    assert recorded["status"] == "interrupted"
    assert recorded["phases"], recorded  # what was done before the tab closed
