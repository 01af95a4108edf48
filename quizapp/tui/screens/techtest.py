"""The DAY.10 技術テスト: a countdown over a few drills; each is solved in the drill editor
(without hints or solutions), and the latest verdict of each counts."""

from __future__ import annotations

import os
import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from quizapp import i18n
from quizapp.drills import service
from quizapp.paths import data_dir
from quizapp.techtest import TechTest, TechTestResult
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.exam import ConfirmSubmit, clock


class TechTestDrillScreen(DrillScreen):
    """A drill inside the technical test: a fresh file of its own, no hints, no solution."""

    def __init__(self, drill_id: str, store, test: TechTest, elapsed) -> None:
        super().__init__(drill_id, store)
        self.test = test
        self.elapsed = elapsed
        folder = data_dir() / "techtest" / str(test.session_id)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{self.drill.id.replace('.', '_')}.py"
        if not os.path.lexists(self.path):  # a FIFO or (dangling) symlink there is refused on load
            service.write_source(self.path, self.drill.starter)
        self.passed = False  # earlier practice does not count, and unlocks nothing here

    offers_next = False  # the test's own list says what is left

    def action_hint(self) -> None:
        self.notify(i18n.t("techtest_no_help"), severity="warning")

    def action_solution(self) -> None:
        self.notify(i18n.t("techtest_no_help"), severity="warning")

    def _show_unlocked(self) -> None:
        pass

    @on(DrillScreen.Checked)
    def record_in_test(self, message: DrillScreen.Checked) -> None:
        if not self.test.finished:
            self.test.record(self.drill.id, message.verdict.passed, message.verdict.checks, self.elapsed())


class TechTestScreen(LocalizedScreen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "bind_exam_submit", id="techtest.submit"),
        Binding("escape", "leave", "bind_exam_pause", id="techtest.leave"),
    ]

    def __init__(self, test: TechTest) -> None:
        super().__init__()
        self.test = test
        self._base = test.elapsed_s
        self._started = time.monotonic()
        self._last_save = self._started
        self._done = False

    def elapsed(self) -> float:
        return min(self.test.time_limit_s, self._base + time.monotonic() - self._started)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="tt-head", classes="panel-title")
            yield Static(i18n.t("techtest_hint"))
            yield DataTable(id="tt-list", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#tt-list", DataTable)
        table.add_columns("#", "ID", i18n.t("col_theme"), i18n.t("col_status"))
        self.refresh_rows()
        table.focus()
        self.set_interval(1.0, self.tick)
        self._update_head()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        from quizapp.drills.model import load_drills

        drills = load_drills()
        table = self.query_one("#tt-list", DataTable)
        cursor = table.cursor_row
        table.clear()
        for n, i in enumerate(self.test.drill_ids, start=1):
            v = self.test.verdicts.get(i)
            status = "—" if not v else ("✓ " if v["passed"] else "✗ ") + f"{v['checks_passed']}/{v['checks_total']}"
            title = drills[i].title if i in drills else i
            table.add_row(str(n), i, title, status, key=i)
        table.move_cursor(row=cursor)

    def _update_head(self) -> None:
        done = sum(1 for v in self.test.verdicts.values() if v.get("passed"))
        self.query_one("#tt-head", Static).update(
            f"{i18n.t('techtest_title')}   {done}/{len(self.test.drill_ids)} ✓   "
            f"{i18n.t('exam_left')} {clock(self.test.time_limit_s - self.elapsed())}")

    async def tick(self) -> None:
        if self._done:
            return
        now = time.monotonic()
        if now - self._last_save >= 5:
            self.test.save_clock(self.elapsed())
            self._last_save = now
        if self.is_current:
            self._update_head()
        if self.elapsed() >= self.test.time_limit_s:
            self.notify(i18n.t("exam_time_up"), severity="warning")
            await self.finish()

    @on(DataTable.RowSelected, "#tt-list")
    def open_drill(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(TechTestDrillScreen(str(event.row_key.value), self.app.store, self.test,  # type: ignore[attr-defined]
                                             self.elapsed))

    def action_submit(self) -> None:
        async def confirmed(ok: bool | None) -> None:
            if ok:
                await self.finish()

        left = sum(1 for i in self.test.drill_ids if not self.test.verdicts.get(i, {}).get("passed"))
        self.app.push_screen(ConfirmSubmit(left, 0), confirmed)

    async def finish(self) -> None:
        if self._done:
            return
        self._done = True
        result = self.test.submit(elapsed_s=self.elapsed())
        while not isinstance(self.app.screen, TechTestScreen):  # close an open drill
            self.app.pop_screen()
        self.app.switch_screen(TechTestResultScreen(result))

    def action_leave(self) -> None:
        self.test.save_clock(self.elapsed())
        self.notify(i18n.t("exam_paused"))
        self.app.pop_screen()


class TechTestResultScreen(LocalizedScreen):
    BINDINGS = [Binding("escape,q,enter", "back", "bind_back", id="techtest_result.back")]

    def __init__(self, result: TechTestResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        secs = int(r.seconds)
        yield Header()
        with VerticalScroll(id="s-body"):
            yield Static(i18n.t("techtest_result", passed=r.passed, total=len(r.drills)), id="s-score")
            yield Static(i18n.t("time_spent", m=secs // 60, s=secs % 60)
                         + (f"  ({i18n.t('exam_time_up')})" if r.timed_out else ""))
            table = DataTable(id="tt-result", cursor_type="none")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#tt-result", DataTable)
        table.add_columns("ID", i18n.t("col_status"), i18n.t("techtest_checks"), i18n.t("techtest_attempts"))
        for d in self.result.drills:
            table.add_row(d.drill_id, "✓" if d.passed else "✗", f"{d.checks_passed}/{d.checks_total}", str(d.attempts))

    def action_back(self) -> None:
        self.app.pop_screen()
