"""Limber: guided lower-back stretching routines for runners, in the terminal.

The public plugin API is re-exported here: pack authors write ``from limber import
hookimpl``. Nothing here imports Textual.
"""

from limber.core.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
