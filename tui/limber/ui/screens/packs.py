"""The packs screen: what is installed, who made it, and why a pack did not load."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from limber.core.errors import LimberError
from limber.core.packs.report import LoadReport, PackRecord
from limber.core.paths import Paths
from limber.core.settings import load_settings, set_pack_disabled
from limber.core.text import clean, clean_line
from limber.core.wording import plural
from limber.ui.compositor import FrontCompositor

LOADING = Content.styled("Loading the installed packs…", "$text-muted")

STATUS_STYLE = {"loaded": "$success", "failed": "bold $error", "off": "$text-muted"}


def record_row(record: PackRecord) -> Content:
    title = clean_line(record.info.title) if record.info else ""
    return Content.assemble(
        (f"{record.status:<7}", STATUS_STYLE[record.status]),
        " ",
        (record.name, "bold"),
        (f" {record.version}" if record.version else "", "$text-muted"),
        (f"  {title}" if title else "", ""),
    )


def how_to_turn_off(record: PackRecord, report: LoadReport) -> str:
    others = [p.name for p in report.packs if p.status == "loaded" and p.name not in ("core",)]
    keep = ",".join(others)
    return (
        f"To start without it, run: LIMBER_PACKS={keep} limber"
        if keep
        else "To start without it, run: LIMBER_PACKS= limber"
    )


def record_details(record: PackRecord, report: LoadReport) -> Content:
    info = record.info
    lines: list[Content] = [Content.styled(clean_line(info.title) if info else record.name, "bold")]
    facts = [
        ("Pack", record.name),
        ("Version", record.version),
        ("Installed as", record.distribution),
    ]
    if info:
        facts += [
            ("Author", info.author),
            ("Credentials", info.credentials),
            ("Licence", info.license),
            ("Homepage", info.homepage),
        ]
    for label, value in facts:
        if value:
            lines.append(Content.assemble((f"{label}: ", "$text-muted"), clean_line(value)))
    if info:
        lines += [Content(""), Content(clean(info.description))]
    if record.status == "loaded":
        lines += [
            Content(""),
            Content(
                f"{record.routines} routines, {record.stretches} stretches, "
                f"{record.guidance} guidance pages"
            ),
        ]
        if record.programmes:
            titles = "; ".join(clean_line(title) for _, title in record.programmes)
            lines.append(Content(f"{plural(len(record.programmes), 'programme')}: {titles}"))
    elif record.status == "off":
        lines += [
            Content(""),
            Content.styled("Not loaded: not named in LIMBER_PACKS.", "$text-muted"),
        ]
    else:
        lines += [Content(""), Content.styled("This pack did not load:", "bold $error")]
        lines += [Content(f" • {clean_line(error)}") for error in record.errors[:10]]
        if len(record.errors) > 10:
            lines.append(Content(f" … and {len(record.errors) - 10} more (limber packs --json)"))
        lines += [
            Content(""),
            Content("Everything else works without it. " + how_to_turn_off(record, report)),
            Content("If you made it: limber pack check shows each problem with its line."),
        ]
    if record.notice:
        lines += [
            Content(""),
            Content.styled("What it told you:", "bold $warning"),
            Content(f" • {clean_line(record.notice)}"),
        ]
    return Content("\n").join(lines)


class PacksScreen(Screen[None]):
    """Opened with P: one row per installed pack; details of the highlighted one."""

    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("escape,P,q", "app.pop_screen", "Back", id="close-packs"),
        Binding("space", "toggle_pack", "Turn on/off", id="toggle-pack"),
    ]

    def __init__(self, report: LoadReport | None) -> None:
        """``report`` is None while the packs are still loading: the screen says so, and
        :meth:`show_report` fills it in when they arrive."""
        super().__init__()
        self._compositor = FrontCompositor()  # renders only what it sends, keeps no pieces
        self.loading = report is None
        self.report = report or LoadReport()

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="pack-list")
            with VerticalScroll(id="pack-details"):
                yield Static(id="pack-body")
        yield Footer()

    def on_mount(self) -> None:
        packs = self.query_one("#pack-list", OptionList)
        packs.focus()
        if self.loading:
            packs.border_title = "Packs (loading…)"
            self.query_one("#pack-body", Static).update(LOADING)
        else:
            self.show_report(self.report)

    def show_report(self, report: LoadReport) -> None:
        """List the packs of ``report`` (once they have loaded)."""
        self.report, self.loading = report, False
        packs = self.query_one("#pack-list", OptionList)
        packs.clear_options()
        packs.add_options(Option(record_row(r), id=str(n)) for n, r in enumerate(report.packs))
        failed = len(report.failures)
        packs.border_title = f"Packs ({len(report.packs)} installed, {failed} failed)"
        if report.packs:
            first_failed = next(
                (n for n, r in enumerate(self.report.packs) if r.status == "failed"), 0
            )
            packs.highlighted = first_failed

    @on(OptionList.OptionHighlighted, "#pack-list")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        record = self.report.packs[int(event.option.id or 0)]
        self.query_one("#pack-body", Static).update(record_details(record, self.report))

    def action_toggle_pack(self) -> None:
        """Turn the highlighted pack off (or back on) in config.toml, from the next start."""
        packs = self.query_one("#pack-list", OptionList)
        if packs.highlighted is None:
            return
        record = self.report.packs[packs.highlighted]
        if record.name in ("core", "mine"):
            self.notify(f"'{record.name}' is always loaded.", severity="warning")
            return
        config = Paths.from_env().config_file
        settings, _problem = load_settings(config)
        disable = record.name not in settings.disabled_packs
        try:
            set_pack_disabled(config, record.name, disable)
        except LimberError as error:
            self.notify(str(error), severity="error")
            return
        state = "off" if disable else "on"
        self.notify(f"Pack '{record.name}' turns {state} the next time Limber starts.")
