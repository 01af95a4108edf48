"""``quizapp class board --watch``: the leaderboard on a screen that refreshes itself."""

from __future__ import annotations

from textual import work
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from quizapp import i18n
from quizapp.classmode import finals, scoring, texts  # noqa: F401 - texts registers the strings


class BoardApp(App[int]):
    """Recomputes the standings every ``interval`` seconds in a worker thread (grading new drill
    submissions can take a moment) and shows them; ``q`` quits."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, engine, final_id: int, bank, drills, interval: float = 3.0, grade=scoring.grader_grade):
        super().__init__()
        self.engine, self.final_id, self.bank, self.drills = engine, final_id, bank, drills
        self.interval, self.grade = interval, grade
        self.final = finals.get_final(engine, final_id)
        self.refreshes = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = i18n.t("class_board_title", id=self.final.id, title=self.final.title)
        self.query_one(DataTable).add_columns("#", "受講者", "知識", "技術", "総合", "所要時間")
        self.refresh_board()
        self.set_interval(self.interval, self.refresh_board)

    @work(thread=True, exclusive=True)
    def refresh_board(self) -> None:
        board = scoring.standings(self.engine, self.final_id, self.bank, self.drills, self.grade)
        self.call_from_thread(self._show, board)

    def _show(self, board) -> None:
        from quizapp.classmode.cli import _fmt_time

        table = self.query_one(DataTable)
        table.clear()
        for st in board:
            table.add_row(str(st.rank), st.learner, f"{st.knowledge_correct}/{st.knowledge_total} {st.knowledge_pct:.1f}%",
                          f"{st.technical_passed}/{st.technical_total}", f"{st.combined_pct:.1f}%",
                          _fmt_time(st.seconds))
        self.refreshes += 1


def run_board(engine, final_id: int, bank, drills, interval: float = 3.0) -> int:
    BoardApp(engine, final_id, bank, drills, interval).run()
    return 0
