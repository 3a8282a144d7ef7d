"""``python -m limber``: the same as the ``limber`` command."""

from limber.cli import main

raise SystemExit(main())
