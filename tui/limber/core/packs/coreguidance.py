"""A few of the core pack's guidance pages on their own, read before any pack loads.

A first run shows the safety notice, which is made of the core's own guidance pages. Read
through the same validation as a pack load (:class:`PackContent`), three small files are
ready in a few milliseconds, while pluggy, every installed pack and a cold parse cache
take far longer: the notice goes up first and the packs load behind it.
"""

from __future__ import annotations

from collections.abc import Iterable

from limber.core.catalogue import Catalogue
from limber.core.errors import ContentError
from limber.core.files import read_toml
from limber.core.packs.content import PackContent, qualify
from limber.core.paths import core_content_dir

CORE = "core"


def core_guidance(page_ids: Iterable[str]) -> Catalogue:
    """A catalogue of just these core pages (``core/when-to-stop``), each read from
    ``guidance/<id>.toml``; a page that cannot be read is left out (the full load that
    follows reports it)."""
    root = core_content_dir()
    content = PackContent()
    for page_id in page_ids:
        pack, _, local = page_id.partition("/")
        if pack != CORE:
            continue
        file = f"guidance/{local}.toml"
        try:
            raw = (root / file).read_bytes()
            data = read_toml(raw, file=file)
        except (OSError, ContentError):
            continue
        content.add("guidance", data, file=file, text=raw.decode("utf-8", "replace"))
    catalogue = Catalogue()
    catalogue.add(qualify(page, CORE) for page in content.guidance)
    return catalogue
