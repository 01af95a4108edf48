"""An input for numeric answers that only claims the keys a number can contain, so screen
keys such as ``f`` (flag), ``g`` (list), ``n``/``p`` and ``q`` keep working while it has focus.

It does not filter what is typed: a character it cannot read (say ``x``) stays visible and the
answer is refused with a message naming it (:func:`quizapp.numeric.read_number`), instead of the
key being swallowed silently. Full-width digits, 「．」「－」「−」「ー」, ``/`` and full-width
spaces from a Japanese input method are all read."""

from __future__ import annotations

from textual.widgets import Input

from quizapp.numeric import MINUS_SIGNS

NUMBER_CHARS = (set("0123456789.-+eE,/ ") | set("０１２３４５６７８９．，／＋ｅＥ\u3000") | set(MINUS_SIGNS))


class NumberInput(Input):
    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value=value, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in NUMBER_CHARS
