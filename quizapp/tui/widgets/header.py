"""Textual's Header, safe when its screen goes away at once (a second Enter pops the summary
while its header is still mounting)."""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from textual.dom import NoScreen


class SafeHeader(Header):
    """Header whose title update ignores a screen that was removed before it mounted.

    Textual's ``Header._on_mount`` schedules a title update that catches ``NoScreen`` but not
    ``NoMatches``: when the screen is popped before the header's children exist, the update
    raised and took the app down. This handler replaces it (same watches, both caught)."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header._on_mount (Widget's only sets scrollbars)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
