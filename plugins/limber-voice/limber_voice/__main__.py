"""``python -m limber_voice test``: the same as the ``limber-voice`` script."""

import sys

from limber_voice.cli import main

sys.exit(main())
