"""Bindings whose descriptions are i18n keys, translated when a screen is created
(class attributes are built at import time, before ``--lang`` is known)."""

from __future__ import annotations

from dataclasses import replace

from textual.screen import Screen

from quizapp import i18n


class LocalizedScreen(Screen):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [replace(b, description=i18n.t(b.description)) if i18n.has(b.description) else b
                          for b in bindings]
