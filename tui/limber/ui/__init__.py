"""The Textual UI. Everything here may import the core; the core never imports this."""
