"""``quizapp class board --watch``: the leaderboard on a screen that refreshes itself."""

from __future__ import annotations


def run_board(engine, final_id: int, bank, drills, interval: float = 3.0) -> int:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    from quizapp.classmode import finals, scoring
    from quizapp.classmode.cli import _fmt_time
    from quizapp import i18n

    final = finals.get_final(engine, final_id)

    class BoardApp(App[int]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield DataTable(zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            self.title = i18n.t("class_board_title", id=final.id, title=final.title)
            table = self.query_one(DataTable)
            table.add_columns("#", "受講者", "知識", "技術", "総合", "時間")
            self.refresh_board()
            self.set_interval(interval, self.refresh_board)

        def refresh_board(self) -> None:
            board = scoring.standings(engine, final_id, bank, drills)
            table = self.query_one(DataTable)
            table.clear()
            for st in board:
                table.add_row(str(st.rank), st.learner, f"{st.knowledge_pct:.1f}%", f"{st.technical_pct:.1f}%",
                              f"{st.combined_pct:.1f}%", _fmt_time(st.seconds))

    BoardApp().run()
    return 0
