"""A question with a few answers, each on its own key (and a button for the mouse)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizapp.jatext import Wrapped, hanging_item, ja_text


_KEY_NAMES = {"enter": "Enter", "escape": "Esc"}


def _line(text: str):
    """A bulleted line (「・」 or ``- ``) wraps under its own text."""
    for bullet in ("・", "- "):
        if text.startswith(bullet):
            return hanging_item(bullet, text[len(bullet):])
    return ja_text(text)


class Ask(ModalScreen[str]):
    """Asks ``question``; ``answers`` are ``(value, key, label)``. The last answer is the safe one
    (stay, keep, cancel): Esc gives it."""

    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask #ask-box { width: 70; max-width: 95%; height: auto; border: round $warning; background: $surface;
                   padding: 1 2; }
    Ask #ask-question { height: auto; margin: 0 0 1 0; }
    Ask #ask-buttons { height: auto; }
    Ask Button { margin: 0 1 0 0; min-width: 8; }
    """

    def __init__(self, question: str, answers: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box"):
            yield Static(Wrapped(*map(_line, self.question.split("\n"))), id="ask-question")
            with Horizontal(id="ask-buttons"):
                for value, key, label in self.answers:
                    yield Button(f"{label} ({_KEY_NAMES.get(key, key)})", id=f"ask-{value}", compact=True)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(self.answers[-1][0])
            return
        for value, key, _label in self.answers:
            if event.key == key.lower() or event.character == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id).removeprefix("ask-"))
