"""``limber remind on [--at HH:MM]``, ``off``, ``status`` and ``now``.

``on`` installs one per-user timer that runs ``limber remind now`` each day at that
time: a systemd user timer where systemd runs for this user (``systemctl --user
show-environment`` answers), else a line in the user's crontab. What it installed (the
unit files, or the exact line) is recorded in ``reminder.toml``, so ``off`` removes that
and nothing else, and a second ``on`` replaces the first instead of adding another.

``now`` sends one desktop notification (``notify-send``, or ``osascript`` on macOS; the
text always after ``--`` or as arguments a script reads, never where it could be taken
for an option), printed instead when there is no desktop, and only on a day a session is
due (:func:`limber.core.reminder.due_today`), never twice a day.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from limber.core.errors import LimberError
from limber.core.files import atomic_write
from limber.core.paths import Paths
from limber.core.reminder import (
    Reminder,
    due_today,
    load_reminder,
    parse_time,
    reminder_path,
    save_reminder,
)
from limber.core.text import clean_line

UNIT = "limber-remind"
CRON_MARK = "# limber remind"
DESKTOP_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
OSASCRIPT = (
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
)
"""macOS: the text comes in as the script's arguments, never as AppleScript source."""
SYSTEMD_OFF = "`limber remind off` removes it (or: systemctl --user disable --now {unit}.timer)"


def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    record_file = reminder_path(paths.data_dir)
    action = args.remind_command or "status"
    if action == "on":
        return turn_on(record_file, args.at)
    if action == "off":
        return turn_off(record_file)
    if action == "now":
        return remind_now(paths, record_file)
    return show(record_file)


# -- on, off, status -------------------------------------------------------------------


def turn_on(record_file: Path, at: str) -> int:
    hour, minute = parse_time(at)
    record = load_reminder(record_file)
    if record.kind:
        _remove(record)  # a second `on` moves the one timer, never adds another
        record = Reminder(last_sent=record.last_sent)
        save_reminder(record_file, record)
    command = [sys.executable, "-m", "limber", "remind", "now"]
    at_text = f"{hour:02d}:{minute:02d}"
    if _systemd_for_user():
        files = _install_systemd(command, hour, minute)
        record = Reminder(kind="systemd", at=at_text, files=files, last_sent=record.last_sent)
        save_reminder(record_file, record)
        print(f"Reminder on: a systemd user timer runs `limber remind now` at {at_text} each day.")
        print(f"Installed {files[1]} and {files[0]}.")
        print(SYSTEMD_OFF.format(unit=UNIT) + ".")
        return 0
    line = _install_cron(command, hour, minute)
    record = Reminder(kind="cron", at=at_text, line=line, last_sent=record.last_sent)
    save_reminder(record_file, record)
    print(f"Reminder on: a line in your crontab runs `limber remind now` at {at_text} each day.")
    print(f"  {line}")
    print("`limber remind off` removes that line (or remove it yourself with `crontab -e`).")
    return 0


def turn_off(record_file: Path) -> int:
    record = load_reminder(record_file)
    if not record.kind:
        print("No reminder is on; there was nothing to remove.")
        return 0
    said = _remove(record)
    save_reminder(record_file, Reminder(last_sent=record.last_sent))
    print(said)
    return 0


def show(record_file: Path) -> int:
    record = load_reminder(record_file)
    if record.kind == "systemd":
        there = all(Path(f).exists() for f in record.files)
        print(f"Reminder on at {record.at}: a systemd user timer ({', '.join(record.files)}).")
        if not there:
            print("Its unit files are no longer there; `limber remind on` installs it again.")
        print(SYSTEMD_OFF.format(unit=UNIT) + ".")
    elif record.kind == "cron":
        print(f"Reminder on at {record.at}: a line in your crontab.")
        print(f"  {record.line}")
        if record.line not in _read_crontab().splitlines():
            print("That line is no longer in your crontab; `limber remind on` adds it again.")
        print("`limber remind off` removes that line.")
    else:
        print("No reminder is on. `limber remind on --at 18:00` adds one.")
    if record.last_sent:
        print(f"Last reminder sent: {record.last_sent}.")
    return 0


def _remove(record: Reminder) -> str:
    """Remove exactly what ``record`` says was installed; what was done, as a sentence."""
    if record.kind == "systemd":
        _systemctl("disable", "--now", f"{UNIT}.timer", check=False)
        for name in record.files:
            Path(name).unlink(missing_ok=True)
        _systemctl("daemon-reload", check=False)
        return f"Reminder off: removed the systemd user timer ({', '.join(record.files)})."
    lines = _read_crontab().splitlines()
    kept = [line for line in lines if line != record.line]
    if len(kept) == len(lines):
        return "Reminder off: its line was no longer in your crontab; nothing else was changed."
    _write_crontab("".join(f"{line}\n" for line in kept))
    return "Reminder off: removed its line from your crontab; the rest is as it was."


# -- systemd ---------------------------------------------------------------------------


def _systemd_for_user() -> bool:
    if shutil.which("systemctl") is None:
        return False
    try:
        done = subprocess.run(
            ["systemctl", "--user", "show-environment"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _systemctl(*args: str, check: bool = True) -> None:
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LimberError(f"systemctl --user {args[0]} could not run: {error}.") from None
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[:1]
        raise LimberError(
            f"systemctl --user {' '.join(args)} failed"
            + (f": {said[0][:200]}" if said else "")
            + "."
        )


def _unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _systemd_quote(word: str) -> str:
    """One word of an ``ExecStart=`` or ``Environment=`` line, as systemd reads it."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def _install_systemd(command: list[str], hour: int, minute: int) -> list[str]:
    folder = _unit_dir()
    service, timer = folder / f"{UNIT}.service", folder / f"{UNIT}.timer"
    env = ""
    if "LIMBER_HOME" in os.environ:
        env = f"Environment={_systemd_quote('LIMBER_HOME=' + os.environ['LIMBER_HOME'])}\n"
    try:
        atomic_write(
            service,
            "[Unit]\nDescription=Limber: a reminder on the days a session is due\n\n"
            f"[Service]\nType=oneshot\n{env}"
            f"ExecStart={' '.join(_systemd_quote(word) for word in command)}\n",
        )
        atomic_write(
            timer,
            f"[Unit]\nDescription=Limber: check each day at {hour:02d}:{minute:02d} whether "
            "a session is due\n\n"
            f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n",
        )
    except OSError as error:
        raise LimberError(f"Could not write the timer in {folder}: {error.strerror}.") from None
    try:
        _systemctl("daemon-reload")
        _systemctl("enable", "--now", f"{UNIT}.timer")
    except LimberError:
        service.unlink(missing_ok=True)
        timer.unlink(missing_ok=True)
        raise
    return [str(service), str(timer)]


# -- cron ------------------------------------------------------------------------------


def _crontab(*args: str, text: str | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("crontab") is None:
        raise LimberError(
            "Neither a systemd user session nor crontab is available here, so Limber "
            "cannot install a reminder; nothing was changed."
        )
    try:
        return subprocess.run(
            ["crontab", *args], input=text, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LimberError(f"crontab could not run: {error}; nothing was changed.") from None


def _read_crontab() -> str:
    done = _crontab("-l")
    return done.stdout if done.returncode == 0 else ""  # "no crontab for user": none yet


def _write_crontab(text: str) -> None:
    done = _crontab("-", text=text)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[:1]
        raise LimberError(
            "Could not write your crontab"
            + (f" ({said[0][:200]})" if said else "")
            + "; it was left as it was."
        )


def _install_cron(command: list[str], hour: int, minute: int) -> str:
    names = ("LIMBER_HOME", "DBUS_SESSION_BUS_ADDRESS")  # cron's own environment has neither
    env = [f"{name}={os.environ.get(name, '')}" for name in names]
    words = [shlex.quote(word) for word in [*_present(env), *command]]
    # cron reads % as a newline: escape it in paths and addresses.
    line = f"{minute} {hour} * * * {' '.join(words).replace('%', chr(92) + '%')} {CRON_MARK}"
    current = _read_crontab()
    if current and not current.endswith("\n"):
        current += "\n"
    _write_crontab(current + line + "\n")
    return line


def _present(assignments: list[str]) -> list[str]:
    return [a for a in assignments if not a.endswith("=")]


# -- now -------------------------------------------------------------------------------


def remind_now(paths: Paths, record_file: Path) -> int:
    """The day's reminder, if one is due and none was sent today."""
    # Only `limber remind now` reads the packs, the history (sqlite3) and the settings.
    from limber.commands.catalogue_cmds import load
    from limber.core.history.store import HistoryStore
    from limber.core.settings import load_settings

    now = datetime.now().astimezone()
    record = load_reminder(record_file)
    if record.last_sent == now.date().isoformat():
        return 0
    catalogue, _report = load(quiet=True)
    settings, _problem = load_settings(paths.config_file)
    store = HistoryStore(paths.history_db)
    try:
        due = due_today(
            store, catalogue.programmes, catalogue.routines, catalogue.stretches, settings, now
        )
    finally:
        store.close()
    if due is None:
        return 0
    notify(due.title(), due.body())
    record.last_sent = now.date().isoformat()
    save_reminder(record_file, record)
    return 0


def notify(title: str, body: str) -> None:
    """A desktop notification where there is a desktop; else the lines on stdout."""
    title, body = clean_line(title)[:200], clean_line(body)[:500]
    desktop = any(os.environ.get(v) for v in DESKTOP_VARIABLES)
    if sys.platform == "darwin" and shutil.which("osascript"):
        argv = ["osascript", *[a for line in OSASCRIPT for a in ("-e", line)], title, body]
    elif desktop and shutil.which("notify-send"):
        argv = ["notify-send", "--app-name=Limber", "--", title, body]
    else:
        argv = []
    if argv:
        try:
            done = subprocess.run(argv, capture_output=True, timeout=30, check=False)
            if done.returncode == 0:
                return
        except (OSError, subprocess.TimeoutExpired):
            pass
    print(f"{title}\n{body}")
