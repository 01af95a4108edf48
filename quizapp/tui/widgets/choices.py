"""The numbered answer choices of a question."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.jatext import JaText, Wrapped, hanging_item


def choice_item(number: int, text: str, *, pointer: str = " ", mark: str = "( )", style: str = "") -> JaText:
    """``› ( ) 1. text``; a long text wraps under its own first character, not under the number."""
    return hanging_item(Text(f"{pointer} {mark} {number}. ", style=style), Text(text, style=style))


class ChoiceList(Widget):
    """Choices numbered 1..n; a cursor, a selection, and after grading the right answers."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; padding: 0 1; }
    """

    cursor: reactive[int] = reactive(0)
    """Index of the highlighted choice."""

    def __init__(self, choices: tuple[str, ...], multi: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.multi = multi
        self.selected: set[int] = set()  # 0-based
        self.right: set[int] | None = None  # shown after grading

    def render(self) -> Wrapped:
        """One item per choice; a long choice wraps under its own text, not under its number."""
        items = []
        for i, choice in enumerate(self.choices):
            chosen = i in self.selected
            if self.multi:
                mark = "[x]" if chosen else "[ ]"
            else:
                mark = "(•)" if chosen else "( )"
            pointer = "›" if i == self.cursor and self.right is None else " "
            style = ""
            if self.right is not None:
                if i in self.right:
                    style = "bold green"
                elif chosen:
                    style = "bold red"
                else:
                    style = "dim"
            elif chosen:
                style = "bold"
            items.append(choice_item(i + 1, choice, pointer=pointer, mark=mark, style=style))
        return Wrapped(*items)

    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.choices) or self.right is not None:
            return
        self.cursor = index
        if self.multi:
            self.selected ^= {index}
        else:
            self.selected = {index}
        self.refresh(layout=True)

    def toggle_cursor(self) -> None:
        self.choose(self.cursor)

    def move(self, delta: int) -> None:
        if self.right is None and self.choices:
            self.cursor = (self.cursor + delta) % len(self.choices)

    def reveal(self, right: set[int]) -> None:
        self.right = right
        self.refresh(layout=True)

    def watch_cursor(self) -> None:
        self.refresh()
