"""The ``limber`` command. Never imports Textual unless it is opening the app.

Every user mistake ends as one sentence on stderr and a non-zero exit, never a
traceback. JSON output shapes are documented in README.md ("Command line").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from limber._version import DISTRIBUTION, __version__
from limber.commands.formats import EXPORT_FORMATS, REPORT_FORMATS, help_text
from limber.core.errors import LimberError
from limber.core.text import untrusted

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_ERROR = 0, 1


def _parser() -> argparse.ArgumentParser:
    import argparse  # off the start-up path: plain `limber` builds no parser

    class Formatter(argparse.HelpFormatter):
        """Argparse's, told the width: left to itself it imports ``shutil`` (and with it
        bz2, lzma and fnmatch: 8 ms) to ask for the terminal's width."""

        def __init__(self, prog: str, **kwargs: Any) -> None:
            kwargs.setdefault("width", _help_width())
            super().__init__(prog, **kwargs)

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", Formatter)  # a command's parser too
            super().__init__(*args, **kwargs)

    parser = Parser(
        prog="limber",
        description="Guided lower-back stretching for runners. With no command, opens the app.",
    )
    version = f"limber {__version__} ({DISTRIBUTION} on the package index)"
    parser.add_argument("--version", action="version", version=version)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat a pack that fails to load as an error (for pack authors)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _session_and_catalogue_commands(sub)
    _history_commands(sub)
    _serve_command(sub)
    _pack_commands(sub)
    _programme_and_report(sub)
    _install_and_completion(sub)
    return parser


def _help_width() -> int:
    """The width argparse gives help, worked out as ``shutil.get_terminal_size`` does
    (``COLUMNS`` first, then the terminal on standard output, else 80), less two."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns if columns > 0 else 80) - 2


def _session_and_catalogue_commands(sub: Any) -> None:
    run = sub.add_parser("run", help="start a routine straight away")
    run.add_argument("routine", help="routine id or name, e.g. post-run")
    run.add_argument(
        "--plain", action="store_true", help="line-by-line cues on stdout, no full screen"
    )

    listing = sub.add_parser("list", help="list routines and stretches")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    show = sub.add_parser("show", help="show one routine, stretch or guidance page")
    show.add_argument("id", help="id (core/childs-pose), bare id, or name")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.add_argument(
        "--svg", action="store_true", help="write the stretch's figure as a standalone SVG"
    )

    _add_packs_and_paths(sub)


def _history_commands(sub: Any) -> None:
    history = sub.add_parser("history", help="streak, weekly goal and recent sessions")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history_sub = history.add_subparsers(dest="history_command", metavar="ACTION")
    export = history_sub.add_parser("export", help="write the history to stdout")
    export.add_argument(
        "--format", required=True, choices=EXPORT_FORMATS, help=help_text(EXPORT_FORMATS)
    )
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this day on")
    merge = history_sub.add_parser("import", help="merge a JSON export into this history")
    merge.add_argument("file", help="a file written by `limber history export --format json`")


def _serve_command(sub: Any) -> None:
    serve = sub.add_parser("serve", help="the app in a browser (this machine only by default)")
    serve.add_argument(
        "--lan", action="store_true", help="listen on the local network, behind a one-run token"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def _pack_commands(sub: Any) -> None:
    pack = sub.add_parser("pack", help="tools for pack authors")
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    new = pack_sub.add_parser("new", help="start a pack project in a new folder")
    new.add_argument("dir", help="the folder to create, such as limber-hamstring-care")
    new.add_argument("--name", help="the pack's name (default: the folder's, without limber-)")
    new.add_argument(
        "--from-routines",
        action="store_true",
        help="fill it with the routines you built in the app instead of an example",
    )
    check = pack_sub.add_parser("check", help="validate a pack folder and warn about its content")
    check.add_argument("dir", help="the pack's project folder or its content folder")
    schema = pack_sub.add_parser("schema", help="print the JSON Schema for pack files")
    schema.add_argument(
        "kind",
        nargs="?",
        choices=["pack", "stretch", "routine", "guidance", "programme"],
        help="one kind of file (default: all, as one JSON object)",
    )


def _add_packs_and_paths(sub: Any) -> None:
    """``limber packs [disable|enable NAME]`` and ``limber paths``."""
    packs = sub.add_parser("packs", help="list installed packs and whether they loaded")
    packs.add_argument("--json", action="store_true", help="machine-readable output")
    packs_sub = packs.add_subparsers(dest="packs_command", metavar="ACTION")
    for action, verb in (("disable", "turn off"), ("enable", "turn back on")):
        toggle = packs_sub.add_parser(action, help=f"{verb} one installed pack (config.toml)")
        toggle.add_argument("name", help="the pack's name, as `limber packs` lists it")
    sub.add_parser("paths", help="print where Limber keeps your settings, routines and history")


def _programme_and_report(sub: Any) -> None:
    """``limber programme``, ``limber remind`` and ``limber report``: the physio's loop."""
    programme = sub.add_parser("programme", help="the programme you follow: show, start, pause")
    programme.add_argument("--json", action="store_true", help="machine-readable output")
    programme_sub = programme.add_subparsers(dest="programme_command", metavar="ACTION")
    begin = programme_sub.add_parser("start", help="follow a programme from today")
    begin.add_argument("programme", help="a programme's id, or a programme file (.toml)")
    for action, words in (
        ("pause", "pause it"),
        ("resume", "go on"),
        ("end", "stop following"),
        ("status", "where you are in it (the same as no action)"),
    ):
        programme_sub.add_parser(action, help=words)

    remind = sub.add_parser("remind", help="a daily desktop reminder on the days a session is due")
    remind_sub = remind.add_subparsers(dest="remind_command", metavar="ACTION")
    on = remind_sub.add_parser("on", help="install a per-user timer (systemd, else cron)")
    on.add_argument("--at", default="18:00", metavar="HH:MM", help="time of day (18:00)")
    for action, words in (
        ("off", "remove exactly what `on` installed"),
        ("status", "show the timer and the last reminder sent (the same as no action)"),
        ("now", "send today's reminder if a session is due (what the timer runs)"),
    ):
        remind_sub.add_parser(action, help=words)

    report = sub.add_parser("report", help="a report for your physio: adherence, pain, stops")
    report.add_argument(
        "--format",
        required=True,
        choices=REPORT_FORMATS,
        help=help_text(REPORT_FORMATS),
    )
    report.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE, not stdout (a file is replaced whole, keeping its permissions; "
        "a device or FIFO is written into; - is stdout)",
    )
    report.add_argument("--since", metavar="YYYY-MM-DD", help="only sessions from this day on")
    report.add_argument("--programme", metavar="ID", help="only the sessions of this programme")


COMPLETION_SHELLS = ("bash", "zsh", "tcsh")
_FILES = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
"""shtab's FILE completion, spelt out so that building the parser never imports shtab."""


def _install_and_completion(sub: Any) -> None:
    """``limber install``, ``uninstall`` and ``completion``."""
    install = sub.add_parser(
        "install", help="install a pack into the environment Limber runs in (venv, pipx, uv tool)"
    )
    target = install.add_argument(
        "pack", help="a pack's project folder, its wheel (.whl), or its name on the package index"
    )
    target.complete = _FILES
    uninstall = sub.add_parser("uninstall", help="uninstall a pack from that environment")
    uninstall.add_argument(
        "name", help="the pack's name, as `limber packs` lists it, or its distribution's"
    )
    completion = sub.add_parser(
        "completion", help="print a shell completion script (see README: Shell completion)"
    )
    completion.add_argument("shell", choices=COMPLETION_SHELLS, help="the shell to complete in")


def main(argv: Sequence[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        return _guarded(_open_app)  # plain `limber`, the common case: no parser to build
    args = _parser().parse_args(argv)
    return _guarded(lambda: _dispatch(args))


def _open_app(*, strict: bool = False) -> int:
    from limber.launch import open_app  # the app's way in: no other command loads it

    return open_app(strict=strict)


def _guarded(command: Callable[[], int]) -> int:
    """Run a command; a user mistake ends as one sentence on stderr, never a traceback."""
    try:
        return command()
    except LimberError as exc:
        # Bounded and cleaned here too: an error may echo what was typed (a long id).
        for line in untrusted(str(exc), 4000).splitlines():
            print(f"limber: {line}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `limber list | head`: the reader left; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command is None:
        return _open_app(strict=args.strict)
    if command == "run":
        from limber.commands import run_cmd  # loaded by its own command only

        return run_cmd.run(args.routine, plain=args.plain, strict=args.strict)
    if command == "history":
        from limber.commands import history_cmds  # loaded by its own command only

        return history_cmds.run(args)
    if command == "serve":
        from limber.commands import serve_cmd  # loaded by its own command only

        return serve_cmd.run(lan=args.lan, port=args.port)
    if command == "programme":
        from limber.commands import programme_cmds  # loaded by its own command only

        return programme_cmds.run(args)
    if command == "remind":
        from limber.commands import remind_cmd  # loaded by its own command only

        return remind_cmd.run(args)
    if command == "report":
        from limber.commands import report_cmd  # loaded by its own command only

        return report_cmd.run(args)
    if command == "pack":
        from limber.commands import pack_cmds  # loaded by its own command only

        return pack_cmds.run(args)
    if command == "packs" and args.packs_command:
        from limber.commands import toggle  # loaded by its own command only

        return toggle.run(args)
    if command in ("install", "uninstall"):
        from limber.commands import install_cmd  # loaded by its own command only

        return install_cmd.run(args)
    if command == "completion":
        from limber.commands import completion_cmd  # loaded by its own command only

        return completion_cmd.run(args.shell, _parser())
    if command == "paths":
        from limber.commands import paths_cmd  # loaded by its own command only

        return paths_cmd.run()
    from limber.commands import catalogue_cmds  # loaded by its own commands only

    handlers: dict[str, Any] = {
        "list": catalogue_cmds.list_items,
        "show": catalogue_cmds.show,
        "packs": catalogue_cmds.packs,
    }
    return int(handlers[command](args))
