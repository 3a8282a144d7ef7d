"""Command-line sub-commands: plain text or JSON out, never Textual."""
