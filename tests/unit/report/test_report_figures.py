"""Each exercise's figure in the clinician's report: inline SVG in the HTML report's
per-exercise table (rendered by a real headless Chromium), vector lines in the PDF
(read back with pypdf: drawing operators, no image)."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from tests.unit.report.test_report_browser import near, screenshot
from tests.unit.report.test_report_formats import CONTEXT, four_sessions

from limber.core.figure_svg import COLOURS
from limber.core.history.sections import build
from limber.core.packs.content import read_pack_dir
from serve.browser import chromium

pytest.importorskip("fpdf", reason="the report extra is not installed")
Image = pytest.importorskip("PIL.Image", reason="Pillow (the test extra) is not installed")

from limber.commands.report_figures import figures_by_name  # noqa: E402
from limber.commands.report_html import to_html  # noqa: E402
from limber.commands.report_pdf import to_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
WORKING = COLOURS["working"]


@pytest.fixture(scope="module")
def figures():
    return figures_by_name(read_pack_dir(REPO / "content").stretches)


def test_the_html_table_draws_each_side_of_the_exercise(tmp_path, figures):
    html = to_html(build(four_sessions(tmp_path), CONTEXT), figures)
    table = html[html.index("<h2>Per exercise and side</h2>") :]
    assert "<th>Figure</th>" in table
    titles = re.findall(r"<title>([^<]*)</title>", table)
    assert titles == [
        "Lying on your back, left ankle crossed over the right knee, both hands drawing the "
        "left knee in",
        "Lying on your back, right ankle crossed over the left knee, both hands drawing the "
        "right knee in",
    ]
    assert to_html(build(four_sessions(tmp_path), CONTEXT)).count("<svg") == 1  # the chart


def test_the_html_figures_render_in_chromium(tmp_path, figures):
    page = tmp_path / "report.html"
    page.write_text(to_html(build(four_sessions(tmp_path), CONTEXT), figures), encoding="utf-8")
    png = tmp_path / "shot.png"
    screenshot(chromium(), str(page), str(png), str(tmp_path / "profile"))
    image = Image.open(png).convert("RGB")
    pixels = image.load()
    width, height = image.size
    found = [
        (x, y)
        for y in range(0, height, 2)
        for x in range(0, width, 2)
        if near(pixels[x, y], WORKING, tolerance=10)
    ]
    assert len(found) > 40, f"too little of the working limb's colour: {len(found)} samples"
    # two drawings (left side, right side) in the first column, one above the other
    xs, ys = [x for x, _ in found], [y for _, y in found]
    assert max(xs) - min(xs) < 200 and max(ys) - min(ys) > 40


def test_the_pdf_draws_the_figures_as_vector_paths(tmp_path, figures):
    from pypdf import PdfReader

    data = to_pdf(build(four_sessions(tmp_path), CONTEXT), figures=figures)
    reader = PdfReader(BytesIO(data))
    streams = b" ".join(page.get_contents().get_data() for page in reader.pages)
    red, green, blue = (int(WORKING[i : i + 2], 16) * 100 // 255 for i in (1, 3, 5))
    stroke = re.compile(rf"0\.{red:02}\d* 0\.{green:02}\d* 0\.{blue:02}\d* RG".encode())
    assert len(stroke.findall(streams)) >= 2  # the working leg, in each figure
    lines = re.findall(rb"[\d.]+ [\d.]+ m [\d.]+ [\d.]+ l S", streams)
    assert len(lines) >= 2 * 17  # bones and floor of two figures
    assert not any(page["/Resources"].get("/XObject") for page in reader.pages)  # no image
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Piriformis stretch, left side" in text and "Piriformis stretch, right side" in text


def test_without_figures_the_pdf_draws_none(tmp_path):
    from pypdf import PdfReader

    data = to_pdf(build(four_sessions(tmp_path), CONTEXT))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert "Piriformis stretch, left side" not in text
