"""The one error type the user ever sees, and its content-specific form.

Every message is one sentence a person can act on. The CLI prints ``str(error)`` to
stderr; the app shows it in a notice. Neither ever shows a traceback for these.
"""

from __future__ import annotations

from limber.core.text import MAX_MESSAGE, untrusted_line


class LimberError(Exception):
    """A problem the user can fix, described in one sentence."""


class ContentError(LimberError):
    """Bad pack content: names the pack, the file, the key path and, where known, the line.

    ``str()`` reads ``pack 'core': stretches/cat-cow.toml:4:9: dose.seconds: message``;
    :meth:`located` gives the ``file: key: message`` form that ``limber pack check`` prints.
    """

    def __init__(
        self,
        message: str,
        *,
        pack: str | None = None,
        file: str | None = None,
        key: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        # What a file or pack put here (its file names, keys, values) is cleaned and
        # bounded once, so every place that prints the error can trust it.
        message = untrusted_line(message, 2 * MAX_MESSAGE)
        super().__init__(message)
        self.message = message
        self.pack = untrusted_line(pack) if pack is not None else None
        self.file = untrusted_line(file) if file is not None else None
        self.key = untrusted_line(key, 120) if key is not None else None
        self.line = line
        self.column = column

    def located(self) -> str:
        """``file[:line[:col]]: key: message`` without the pack."""
        parts: list[str] = []
        if self.file:
            place = self.file
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            parts.append(place)
        if self.key:
            parts.append(self.key)
        parts.append(self.message)
        return ": ".join(parts)

    def __str__(self) -> str:
        prefix = f"pack '{self.pack}': " if self.pack else ""
        return prefix + self.located()
