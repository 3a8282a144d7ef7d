"""The pack kit's command line: `pack new` as documented and asking nothing, and the
shell completion scripts that `limber completion` prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from limber.cli import COMPLETION_SHELLS, _parser


def _subparser(parser, *names):
    for name in names:
        (action,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        parser = action.choices[name]
    return parser


def test_pack_new_help_documents_every_flag(limber):
    new = _subparser(_parser(), "pack", "new")
    flags = [s for a in new._actions for s in a.option_strings if s.startswith("--")]
    assert {"--name", "--from-routines"} <= set(flags)
    shown = limber("pack", "new", "--help")
    assert shown.returncode == 0
    for action in new._actions:
        assert action.help, action.option_strings or action.dest
        for flag in action.option_strings:
            assert flag in shown.stdout, flag
        # Each help sentence is shown (argparse may wrap it; compare without spacing).
        assert "".join(action.help.split()) in "".join(shown.stdout.split())


def test_pack_new_asks_nothing_when_stdin_is_closed(limber, tmp_path):
    project = tmp_path / "limber-quiet-care"
    env = {**os.environ, "LIMBER_HOME": str(limber.home), "PYTHONPATH": str(limber.site)}
    made = subprocess.run(
        [sys.executable, "-m", "limber", "pack", "new", str(project)],
        preexec_fn=lambda: os.close(0),  # no stdin at all: nothing could answer a question
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    assert "Made the pack 'quiet-care'" in made.stdout
    assert (project / "pyproject.toml").is_file()


def _commands() -> list[str]:
    top = [a for a in _parser()._actions if a.__class__.__name__ == "_SubParsersAction"]
    return list(top[0].choices)


@pytest.mark.parametrize("shell", COMPLETION_SHELLS)
def test_completion_prints_a_script_offering_every_command(limber, shell):
    printed = limber("completion", shell)
    assert printed.returncode == 0, printed.stderr
    assert {"install", "uninstall", "completion", "pack", "packs"} <= set(_commands())
    if shell == "bash":
        offered = f"_shtab_limber_subparsers=({' '.join(_commands())})"
    elif shell == "tcsh":
        offered = f"'p/1/({' '.join(_commands())})/'"
        assert "'n/install/f/'" in printed.stdout  # install completes file names
    else:
        offered = "install:'install a pack into the environment Limber runs in"
        for command in _commands():
            assert f"\n        {command}) " in printed.stdout, command  # its own case
    assert offered in printed.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_commands_and_actions(limber, tmp_path):
    script = tmp_path / "limber.bash"
    script.write_text(limber("completion", "bash").stdout)
    probe = f"""
source {script}
complete -p limber
complete_line() {{
    COMP_LINE="$1"; COMP_POINT=${{#COMP_LINE}}
    read -ra COMP_WORDS <<< "$1"
    [[ "$1" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
    COMPREPLY=()
    _shtab_limber
    echo "${{COMPREPLY[*]}}"
}}
complete_line "limber ins"
complete_line "limber pack "
complete_line "limber packs "
cd {tmp_path} && complete_line "limber install limber-tr"
"""
    (tmp_path / "limber-trail-care").mkdir()
    ran = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert ran.returncode == 0, ran.stderr
    registered, install, pack, packs, folder = ran.stdout.splitlines()
    assert registered == "complete -o bashdefault -F _shtab_limber limber"
    assert install == "install"
    assert pack.split() == ["new", "check", "schema"]
    assert packs.split() == ["disable", "enable"]
    assert folder == "limber-trail-care"  # install completes a pack's folder


def test_neither_the_app_nor_the_parser_imports_shtab():
    code = (
        "import sys; from limber.cli import _parser; _parser(); "
        "import limber.launch; print('shtab' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "False", ran.stderr
