"""The page ``limber serve`` sends: textual-serve's own template, held in memory (no
folder on disk), with our head added and no third-party font request."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

import textual_serve

PHONE_COLUMNS = 40
"""Columns a phone should get at least: the app's narrow layout (one pane) fits in them."""
SMALLEST_FONT = 12
"""Pixels: the smallest font the page will use, so a phone stays readable from the mat."""

_HEAD = Template("""<title>Limber</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<script>
  // The link's token has done its work once the cookie is set: take it out of the
  // address bar (and so out of the browser's history and a screenshot of the page).
  (() => {
    const url = new URL(window.location.href);
    if (url.searchParams.has("token")) {
      url.searchParams.delete("token");
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
  })();
  // xterm.js sizes its canvas from the device-pixel box a ResizeObserver reports. Where
  // a browser reports that box in CSS pixels at a device pixel ratio above 1 (headless
  // Chromium emulating a phone does), the canvas gets a third of the pixels it draws at
  // ratio 3 and shows only the top-left corner in huge letters. A box that disagrees
  // with the page's own devicePixelRatio by more than 2 pixels is given as CSS size ×
  // ratio instead; a browser that reports it right is left alone.
  (() => {
    const entry = window.ResizeObserverEntry && ResizeObserverEntry.prototype;
    const own = entry && Object.getOwnPropertyDescriptor(entry, "devicePixelContentBoxSize");
    if (!own || !own.get) return;
    Object.defineProperty(entry, "devicePixelContentBoxSize", {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        const sizes = own.get.call(this), ratio = window.devicePixelRatio || 1;
        const width = this.contentRect.width * ratio, height = this.contentRect.height * ratio;
        const agree = sizes.length > 0 && Math.abs(sizes[0].inlineSize - width) <= 2
          && Math.abs(sizes[0].blockSize - height) <= 2;
        return agree ? sizes : [{inlineSize: Math.round(width), blockSize: Math.round(height)}];
      },
    });
  })();
  // The terminal gets as many columns as fit at a readable font: on a phone that is
  // about $columns, so the app shows its narrow layout (one pane at a time) in
  // large type; a tablet or a computer gets the full layout. The font shrinks from
  // textual-serve's size only to reach $columns columns, never below ${smallest}px.
  document.addEventListener("DOMContentLoaded", () => {
    const term = document.querySelector("[data-font-size]");
    const fit = Math.floor(window.innerWidth / $columns / 0.6);  // a cell: 0.6 em
    if (term && fit < Number(term.dataset.fontSize)) {
      term.dataset.fontSize = String(Math.max($smallest, fit));
    }
  });
</script>
""").substitute(columns=PHONE_COLUMNS, smallest=SMALLEST_FONT)
"""Added to textual-serve's page: the title, a phone's viewport, a readable font, the
token out of the address bar, a canvas sized for the device pixel ratio."""

TEMPLATE = "app_index.html"
"""The template's name, as textual-serve's index handler asks for it."""


def page_template() -> str:
    """textual-serve's page template (Jinja) with our head added and no font request."""
    page = Path(textual_serve.__file__).parent / "templates" / TEMPLATE
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", html)
    return html.replace("<head>", "<head>\n" + _HEAD, 1)
