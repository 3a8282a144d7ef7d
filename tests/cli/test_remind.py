"""``limber remind on/off/status/now`` against a temporary home, with a fake
``notify-send``, ``systemctl`` and ``crontab`` on PATH that record what they are asked."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

FAKES = {
    "notify-send": """#!/bin/sh
for word in "$@"; do printf '%s\\n' "$word"; done >> "$FAKE_LOG/notify-send"
echo --end-- >> "$FAKE_LOG/notify-send"
""",
    "systemctl": """#!/bin/sh
echo "$@" >> "$FAKE_LOG/systemctl"
if [ "$2" = show-environment ] && [ "$FAKE_SYSTEMD" = no ]; then exit 1; fi
exit 0
""",
    "crontab": """#!/bin/sh
if [ "$1" = -l ]; then
  if [ -f "$FAKE_LOG/crontab" ]; then cat "$FAKE_LOG/crontab"; exit 0; fi
  echo "no crontab for runner" >&2; exit 1
fi
if [ -n "$FAKE_CRONTAB_FAIL" ]; then
  echo "crontab: cannot write /var/spool/cron/runner: Permission denied" >&2; exit 1
fi
cat > "$FAKE_LOG/crontab"
""",
}


class Desk:
    """The fake tools, their logs, and the environment that puts them first on PATH."""

    def __init__(self, root: Path, limber) -> None:
        self.log = root / "log"
        self.log.mkdir()
        self.bin = root / "bin"
        self.bin.mkdir()
        for name, script in FAKES.items():
            (self.bin / name).write_text(script)
            (self.bin / name).chmod(0o755)
        self.config = root / "xdg"
        self.limber = limber
        self.env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "FAKE_LOG": str(self.log),
            "XDG_CONFIG_HOME": str(self.config),
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus",
        }

    def __call__(self, *args: str, **env: str):
        return self.limber(*args, env={**self.env, **env})

    def read(self, name: str) -> str:
        path = self.log / name
        return path.read_text() if path.exists() else ""

    def units(self) -> list[Path]:
        folder = self.config / "systemd" / "user"
        return sorted(folder.iterdir()) if folder.exists() else []

    def notifications(self) -> list[list[str]]:
        chunks = self.read("notify-send").split("--end--\n")
        return [chunk.splitlines() for chunk in chunks if chunk]


@pytest.fixture
def desk(tmp_path, limber) -> Desk:
    return Desk(tmp_path, limber)


def test_on_installs_one_systemd_user_timer_and_off_removes_exactly_it(desk):
    on = desk("remind", "on", "--at", "18:30")
    assert on.returncode == 0, on.stderr
    assert "a systemd user timer runs `limber remind now` at 18:30" in on.stdout
    assert "`limber remind off` removes it" in on.stdout
    service, timer = desk.units()
    assert (service.name, timer.name) == ("limber-remind.service", "limber-remind.timer")
    assert "OnCalendar=*-*-* 18:30:00" in timer.read_text()
    assert '"-m" "limber" "remind" "now"' in service.read_text()
    assert f'Environment="LIMBER_HOME={desk.limber.home}"' in service.read_text()
    assert "--user enable --now limber-remind.timer" in desk.read("systemctl")

    again = desk("remind", "on", "--at", "19:00")  # one timer, moved: not two
    assert again.returncode == 0, again.stderr
    assert [p.name for p in desk.units()] == ["limber-remind.service", "limber-remind.timer"]
    assert "OnCalendar=*-*-* 19:00:00" in desk.units()[1].read_text()
    status = desk("remind", "status")
    assert "Reminder on at 19:00: a systemd user timer" in status.stdout

    off = desk("remind", "off")
    assert off.returncode == 0, off.stderr
    assert "Reminder off: removed the systemd user timer" in off.stdout
    assert desk.units() == []
    assert desk.read("systemctl").count("--user disable --now limber-remind.timer") == 2
    assert "No reminder is on" in desk("remind", "status").stdout


def test_without_systemd_for_the_user_it_adds_one_crontab_line_and_removes_only_it(desk):
    mine = "MAILTO=runner@example.org\n0 5 * * * /home/runner/backup.sh\n"
    (desk.log / "crontab").write_text(mine)
    on = desk("remind", "on", FAKE_SYSTEMD="no")
    assert on.returncode == 0, on.stderr
    assert "a line in your crontab runs `limber remind now` at 18:00" in on.stdout
    assert desk.units() == []
    assert desk("remind", "on", "--at", "07:15", FAKE_SYSTEMD="no").returncode == 0
    lines = desk.read("crontab").splitlines()
    ours = [line for line in lines if "limber remind" in line]
    assert len(ours) == 1 and ours[0].startswith("15 7 * * * ")
    assert "remind now" in ours[0] and "DBUS_SESSION_BUS_ADDRESS=" in ours[0]
    assert lines[:2] == mine.splitlines()
    assert ours[0] in desk("remind", "status", FAKE_SYSTEMD="no").stdout

    off = desk("remind", "off", FAKE_SYSTEMD="no")
    assert off.returncode == 0, off.stderr
    assert desk.read("crontab") == mine


@pytest.mark.parametrize("at", ["25:00", "18:60", "6pm", "24:00"])
def test_a_time_that_is_not_a_time_of_day_is_one_sentence_and_installs_nothing(desk, at):
    result = desk("remind", "on", "--at", at)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "--at takes a time of day" in result.stderr
    assert desk.units() == [] and desk.read("systemctl") == ""


def test_a_crontab_that_cannot_be_written_is_one_sentence_and_nothing_is_on(desk):
    result = desk("remind", "on", FAKE_SYSTEMD="no", FAKE_CRONTAB_FAIL="1")
    assert result.returncode == 1
    assert result.stderr == (
        "limber: Could not write your crontab (crontab: cannot write "
        "/var/spool/cron/runner: Permission denied); it was left as it was.\n"
    )
    assert "No reminder is on" in desk("remind", "status", FAKE_SYSTEMD="no").stdout


def test_now_sends_one_notification_a_day_naming_the_routine_and_its_length(desk):
    first = desk("remind", "now")
    assert first.returncode == 0, first.stderr
    ((*options, title, body),) = desk.notifications()
    assert options == ["--app-name=Limber", "--"]  # the text cannot be read as an option
    assert title == "Limber: a stretching session is due today"
    assert re.match(r"Today: Post-run lower-back relief, \d+:\d\d in all\. ", body), body
    assert "Your weekly goal: 0 of 3 sessions done this week." in body
    assert desk("remind", "now").returncode == 0
    assert len(desk.notifications()) == 1  # never two on one day


def test_now_sends_nothing_on_a_day_that_already_has_a_session(desk):
    done = desk("run", "core/quick-knee-to-chest", "--plain", LIMBER_PLAIN_SPEED="400")
    assert done.returncode == 0, done.stderr
    result = desk("remind", "now")
    assert (result.returncode, result.stdout) == (0, "")
    assert desk.notifications() == []


def test_now_names_the_programmes_session_and_prints_it_without_a_desktop(desk, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'id = "loop"\ntitle = "Jane\'s plan"\nsummary = "S."\nreview = "After 2 weeks."\n'
        '\n[author]\nname = "Jane Doe"\n\n[[weeks]]\nroutines = ["flare-up"]\nsessions = 3\n'
    )
    assert desk("programme", "start", str(plan)).returncode == 0
    result = desk("remind", "now", DBUS_SESSION_BUS_ADDRESS="", DISPLAY="", WAYLAND_DISPLAY="")
    assert result.returncode == 0, result.stderr
    assert desk.notifications() == []
    title, body = result.stdout.splitlines()
    assert title == "Limber: a stretching session is due today"
    assert body.startswith(
        "Today: Gentle stretches for a back-pain flare-up (week 1), 3:48 in all."
    )
    assert "Week 1 of Jane's plan: 0 of 3 sessions done." in body
    assert body.endswith("Start it with: limber run core/flare-up")
