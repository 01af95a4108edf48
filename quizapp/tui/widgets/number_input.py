"""An input for numeric answers that only claims the keys a number can contain, so screen
keys such as ``f`` (flag), ``g`` (list), ``n``/``p`` and ``q`` keep working while it has focus."""

from __future__ import annotations

from textual.widgets import Input

NUMBER_CHARS = set("0123456789.-+eE,") | set("０１２３４５６７８９．−")


class NumberInput(Input):
    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value=value, restrict=r"[0-9０-９.．eE+\-−,]*", **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in NUMBER_CHARS
