"""The numbered answer choices of a question, in the order they are shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.jatext import JaText, Wrapped, hanging_item
from quizapp.quiz import ShownChoice


def choice_item(number: int, text: str, *, pointer: str = " ", mark: str = "( )", style: str = "") -> JaText:
    """``› ( ) 1. text``; a long text wraps under its own first character, not under the number."""
    return hanging_item(Text(f"{pointer} {mark} {number}. ", style=style), Text(text, style=style))


def rationale_item(why: str, indent: int = 9) -> JaText:
    """``→ why`` under its choice's text, wrapping under its own first character."""
    return hanging_item(Text(" " * indent + "→ ", style="italic"), Text(why, style="italic"))


class ChoiceList(Widget):
    """Choices numbered 1..n as shown; a cursor, a selection, and after grading the right
    answers with each choice's rationale. Selections convert to the file's choice numbers
    (``original``), which is what answers are stored and graded in."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; padding: 0 1; }
    """

    cursor: reactive[int] = reactive(0)
    """Index of the highlighted choice."""

    def __init__(self, shown: Sequence[ShownChoice], multi: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown = list(shown)
        self.choices = tuple(c.text for c in self.shown)
        self.multi = multi
        self.selected: set[int] = set()  # 0-based screen positions
        self.right: set[int] | None = None  # shown after grading

    # -- the file's numbering ------------------------------------------------------------
    def selected_originals(self) -> list[int]:
        return sorted(self.shown[i].original for i in self.selected)

    def select_originals(self, originals: Iterable[int]) -> None:
        wanted = set(originals)
        self.selected = {i for i, c in enumerate(self.shown) if c.original in wanted}

    def reveal_originals(self, keys: Iterable[int]) -> None:
        keys = set(keys)
        self.reveal({i for i, c in enumerate(self.shown) if c.original in keys})

    # -- drawing -------------------------------------------------------------------------
    def render(self) -> Wrapped:
        """One item per choice; a long choice (and its rationale after grading) wraps under its
        own text, not under its number."""
        items = []
        for i, choice in enumerate(self.shown):
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
            item = choice_item(i + 1, choice.text, pointer=pointer, mark=mark, style=style)
            items.append(item)
            if self.right is not None and choice.why:
                items.append(rationale_item(choice.why, item.hanging))
        return Wrapped(*items)

    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.shown) or self.right is not None:
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
        if self.right is None and self.shown:
            self.cursor = (self.cursor + delta) % len(self.shown)

    def reveal(self, right: set[int]) -> None:
        self.right = right
        self.refresh(layout=True)

    def watch_cursor(self) -> None:
        self.refresh()
