"""Limber's own version and its name on the package index, written once. Not part of the
plugin API: ``limber`` re-exports both for everyone else. The core reads them here, so it
never reaches back up to the package face (hatch reads ``__version__`` from this file)."""

__version__ = "0.2.0"

DISTRIBUTION = "limber-stretch"
"""Limber's name on the package index (``pip install limber-stretch``). The command, the
import package and the entry-point group are all ``limber``; the index's ``limber`` is an
unrelated project. Limber's own, not part of the plugin API."""
