"""The yardstick: a minimal Textual app (Header, Static, Footer), run by the same Python."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    TITLE = "Minimal"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello from the minimal Textual app")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
