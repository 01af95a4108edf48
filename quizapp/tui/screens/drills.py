"""The list of coding drills: day, title, passed; Enter opens one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from quizapp import i18n
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header


class DrillListScreen(LocalizedScreen):
    BINDINGS = [Binding("escape,q", "back", "bind_back", id="drills.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(i18n.t("drills_title"), classes="panel-title")
            yield DataTable(id="drill-list", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#drill-list", DataTable)
        table.add_columns(i18n.t("col_day"), "ID", i18n.t("col_theme"), i18n.t("col_status"))
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        from quizapp.drills.model import load_drills

        table = self.query_one("#drill-list", DataTable)
        cursor = table.cursor_row
        table.clear()
        passed = self.app.store.passed_drills()  # type: ignore[attr-defined]
        for d in load_drills().values():
            table.add_row(f"DAY.{d.day}", d.id, d.title, "✓" if d.id in passed else "", key=d.id)
        table.move_cursor(row=cursor)

    @on(DataTable.RowSelected, "#drill-list")
    def open_drill(self, event: DataTable.RowSelected) -> None:
        from quizapp.tui.screens.drill import DrillScreen

        self.app.push_screen(DrillScreen(str(event.row_key.value), self.app.store))  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.pop_screen()
