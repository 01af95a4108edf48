"""Textual's Footer, rebuilt only when what it shows changes.

Textual's Footer recomposes (a new FooterKey widget per key, each styled again) on every
"bindings updated" signal: a focus change, a screen resume, the app gaining focus. On the home
screen that happens about five times while the app starts, each time with the same keys. This
footer compares what it would show with what it shows and skips the identical rebuilds; any
change (a key enabled or disabled, another description, another screen's keys) rebuilds it as
before."""

from __future__ import annotations

from textual.widgets import Footer


class QuietFooter(Footer):

    _shown_key: tuple | None = None

    def _what_it_shows(self) -> tuple:
        """Everything Footer.compose reads: the shown bindings, enabled, tooltips, groups."""
        rows = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                group = binding.group
                rows.append((binding.key, binding.action, binding.description, binding.key_display, enabled,
                             tooltip, None if group is None else (group.description, group.compact)))
        return (tuple(rows), self.show_command_palette, self.compact, self.app.ENABLE_COMMAND_PALETTE)

    def compose(self):
        if self._bindings_ready:
            self._shown_key = self._what_it_shows()
        yield from super().compose()

    def bindings_changed(self, screen) -> None:
        if self._shown_key is not None and self.is_attached and screen is self.screen:
            try:
                same = self._what_it_shows() == self._shown_key
            except Exception:  # noqa: BLE001 - when in doubt, rebuild as Footer does
                same = False
            if same:
                self._bindings_ready = True
                return
        super().bindings_changed(screen)
