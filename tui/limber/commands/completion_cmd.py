"""``limber completion SHELL``: a static completion script, written by shtab.

shtab reads the argparse parser once, here, and writes a script the shell runs on its
own, so completing costs no Python at all and ``limber`` never imports shtab otherwise.
"""

from __future__ import annotations

import argparse
import sys

import shtab


def run(shell: str, parser: argparse.ArgumentParser) -> int:
    """Print the completion script for ``shell`` (``bash``, ``zsh`` or ``tcsh``)."""
    sys.stdout.write(shtab.complete(parser, shell=shell))
    sys.stdout.write("\n")
    return 0
