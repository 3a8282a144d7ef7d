"""What loaded and what did not: the load report, kept apart from the pluggy host so
the app can show an empty report before the packs (and pluggy) are even imported."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from limber.core.model import PackInfo
from limber.core.text import MAX_MESSAGE, untrusted_line

Status = Literal["loaded", "failed", "off"]


class PackRecord(msgspec.Struct):
    """One pack as the load report and ``limber packs`` describe it."""

    name: str
    status: Status = "loaded"
    error: str = ""
    """One line: why the pack failed, or why it is off."""
    errors: list[str] = []
    """Every problem found, for ``limber packs --json`` and the packs screen."""
    distribution: str = ""
    version: str = ""
    info: PackInfo | None = None
    content_dir: str = ""
    """Where its content folder is, so ``pack check DIR`` can find the installed pack."""
    stretches: int = 0
    routines: int = 0
    guidance: int = 0
    programmes: list[tuple[str, str]] = []
    """Each programme the pack ships, as ``(full id, title)``."""
    notice: str = ""
    """The latest sentence from the pack for the runner: what its ``limber_notice`` said
    at load or its event hook returned in a session (such as "no speech engine was
    found"), or how the hook failed. The packs screen and the line above the main
    screen's footer show it."""
    skipped: list[str] = []
    """Files of a pack that loaded anyway, each with why it was left out (only the
    runner's own routines, ``mine``, load with bad files among them)."""
    figures_left_out: list[str] = []
    """Each stretch figure that was left out (``file:line: key: message``): the stretch
    loaded without it. ``limber pack check`` counts these as errors."""

    def fail(self, reason: str) -> None:
        """Record why the pack failed: one line, cleaned and bounded here, whatever
        a pack, a file or an exception put in it."""
        reason = untrusted_line(reason, 2 * MAX_MESSAGE)
        self.status = "failed"
        if len(self.errors) < 100:
            self.errors.append(reason)
        if not self.error:
            self.error = reason

    def counts(self) -> str:
        """``4 routines, 2 stretches, 1 programme: Four weeks``: what the pack adds, its
        programmes by name."""
        from limber.core.wording import plural

        counts = f"{self.routines} routines, {self.stretches} stretches"
        if self.programmes:
            titles = "; ".join(title for _, title in self.programmes)
            counts += f", {plural(len(self.programmes), 'programme')}: {titles}"
        return counts

    def as_json(self) -> dict[str, Any]:
        info = self.info
        return {
            "name": self.name,
            "title": info.title if info else "",
            "version": self.version,
            "distribution": self.distribution,
            "author": info.author if info else "",
            "credentials": info.credentials if info else "",
            "description": info.description if info else "",
            "license": info.license if info else "",
            "homepage": info.homepage if info else "",
            "status": self.status,
            "error": self.error,
            "errors": self.errors,
            "stretches": self.stretches,
            "routines": self.routines,
            "guidance": self.guidance,
            "programmes": [{"id": pid, "title": title} for pid, title in self.programmes],
            "skipped": self.skipped,
            "figures_left_out": self.figures_left_out,
        }


class LoadReport(msgspec.Struct):
    """What loaded and what did not, in discovery order."""

    packs: list[PackRecord] = []

    def pack_version(self, pack: str) -> str:
        """The installed version of ``pack`` (recorded with each session); "" if unknown."""
        return next((p.version for p in self.packs if p.name == pack), "")

    @property
    def failures(self) -> list[PackRecord]:
        return [p for p in self.packs if p.status == "failed"]

    def summary(self) -> str:
        """One sentence per failed pack, and per file of a pack that was left out, for
        stderr or a notice."""
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """:meth:`summary`, a line each."""
        lines = [f"Pack '{p.name}' did not load: {p.error}" for p in self.failures]
        for pack in self.packs:
            lines += [f"Pack '{pack.name}' left out {why}" for why in pack.skipped]
            lines += [
                f"Pack '{pack.name}' shows a stretch without its figure: {why}"
                for why in pack.figures_left_out
            ]
        return lines
