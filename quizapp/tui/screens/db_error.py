"""Shown instead of the home screen when the progress database cannot be used: the problem,
where, and what to do. Never a home screen with "0 answered" as if the history were gone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from quizapp import i18n
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header


class DatabaseErrorScreen(LocalizedScreen):
    BINDINGS = [Binding("q,escape,enter", "app.quit", "bind_quit", id="dberror.quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dberror-body"):
            yield Static(i18n.t("dbp_screen_title"), classes="panel-title")
            yield Static(self.message, id="dberror-message", markup=False)
            yield Static(i18n.t("dbp_screen_keys"), id="dberror-keys")
        yield Footer()
