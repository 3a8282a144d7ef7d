"""The HTML report opened in a real headless Chromium (Debian's package, installed when
missing and possible): the pain chart renders. A screenshot is checked for the chart's
two colours over a plausible area, not compared pixel by pixel."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from tests.unit.report.test_report_formats import CONTEXT, four_sessions

from serve.browser import chromium

pytest.importorskip("pygal", reason="the report extra is not installed")
Image = pytest.importorskip("PIL.Image", reason="Pillow (the test extra) is not installed")

from limber.commands.report_chart import AFTER, BEFORE  # noqa: E402
from limber.commands.report_html import to_html  # noqa: E402
from limber.core.history.sections import build  # noqa: E402


def screenshot(browser: str, page: str, png: str, profile: str) -> None:
    args = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1000,1800",
        f"--screenshot={png}",
        f"file://{page}",
    ]
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=90)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def near(pixel: tuple[int, ...], colour: str, tolerance: int = 24) -> bool:
    rgb = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
    return all(abs(p - c) <= tolerance for p, c in zip(pixel[:3], rgb, strict=True))


def test_the_chart_renders_in_chromium(tmp_path):
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(to_html(build(four_sessions(tmp_path), CONTEXT)), encoding="utf-8")
    png = tmp_path / "shot.png"
    screenshot(browser, str(page), str(png), str(tmp_path / "profile"))
    assert png.exists(), "Chromium wrote no screenshot"
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    found: dict[str, list[tuple[int, int]]] = {BEFORE: [], AFTER: []}
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            for colour, where in found.items():
                if near(pixels[x, y], colour):
                    where.append((x, y))
    for colour, where in found.items():
        assert len(where) > 50, f"too little of {colour} on screen: {len(where)} samples"
    lines = found[BEFORE] + found[AFTER]
    xs, ys = [x for x, _ in lines], [y for _, y in lines]
    # the two lines span most of the 800 px wide chart, their 0–10 rise some of its height
    assert max(xs) - min(xs) > 400, (min(xs), max(xs))
    assert 30 < max(ys) - min(ys) < 600, (min(ys), max(ys))
