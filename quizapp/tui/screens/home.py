"""Home: the ten days and the syllabus tree with progress; start or resume a quiz."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from quizapp import i18n
from quizapp.i18n import area_name
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.footer import QuietFooter as Footer
from quizapp.tui.widgets.header import SafeHeader as Header
from quizapp.bank.model import DAY_TITLES, DAY_TITLES_EN
from quizapp.store.types import Progress

COUNT_STEPS = (5, 10, 20, 30, 50, 100)
QUIZ_MODES = ["day", "area", "syllabus", "keyword", "mixed", "review", "weak"]
RESUMABLE = [*QUIZ_MODES, "exam"]  # r lists these; the tech test resumes through x


def _pct(p: Progress | None) -> str:
    return f"{p.accuracy * 100:.0f}%" if p and p.accuracy is not None else "—"


def _bar(done: int, total: int, width: int = 10) -> str:
    if total <= 0:
        return "·" * width
    filled = round(width * min(done, total) / total)
    return "█" * filled + "░" * (width - filled)


def _drills_per_day() -> dict[int, list[str]]:
    try:
        from quizapp.drills.model import drill_ids_by_day

        return drill_ids_by_day()
    except (ImportError, OSError, ValueError):
        return {}


def _fit(text: str, cells: int | None) -> str:
    """``text`` within ``cells`` display cells, cut with 「…」 (None: as it is)."""
    from rich.cells import cell_len, set_cell_size

    if cells is None or cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1).rstrip() + "…"


def _drill_cell(ids: list[str], passed: set[str]) -> str:
    return f"{sum(1 for i in ids if i in passed)}/{len(ids)}" if ids else "—"


class HomeScreen(LocalizedScreen):
    BINDINGS = [
        Binding("v", "review", "bind_review", id="home.review"),
        Binding("e", "exam", "bind_exam", id="home.exam"),
        Binding("t", "report", "bind_report", id="home.report"),
        Binding("d", "drills", "bind_drills", id="home.drills"),
        Binding("x", "techtest", "bind_techtest", id="home.techtest"),
        Binding("w", "weak", "bind_weak", id="home.weak"),
        Binding("m", "mixed", "bind_mixed", id="home.mixed"),
        Binding("plus,equals_sign,right_square_bracket", "more", "bind_more", id="home.more"),
        Binding("minus,left_square_bracket", "less", "bind_less", id="home.less"),
        Binding("r", "resume", "bind_resume", id="home.resume"),
        Binding("q,escape", "app.request_quit", "bind_quit", id="home.quit"),  # asks first
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 10

    def compose(self) -> ComposeResult:
        # The first frame is the frame, the title and 「読み込み中」; the two tables (the costly
        # widgets to mount, style and draw) join right after it, in the same place (_mount_tables).
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static(id="plan")
            yield Static(id="count")
            yield Static(id="status")
        yield Footer(compact=True)  # every key of the home screen fits at 80 columns

    def on_mount(self) -> None:
        self._tables = False
        self.query_one("#status", Static).update(i18n.t("loading"))
        self.call_after_refresh(self._mount_tables)

    async def _mount_tables(self) -> None:
        days = DataTable(id="days", cursor_type="row", zebra_stripes=True)
        days.add_columns(i18n.t("col_day"), i18n.t("col_theme"), i18n.t("col_questions"),
                         i18n.t("col_answered"), i18n.t("col_progress"), i18n.t("col_accuracy"), i18n.t("col_drills"))
        tree = DataTable(id="syllabus", cursor_type="row", zebra_stripes=True)
        tree.add_columns(i18n.t("col_item"), i18n.t("col_questions"), i18n.t("col_answered"),
                         i18n.t("col_progress"), i18n.t("col_accuracy"))
        body = self.query_one("#home-body")
        if not body.is_attached:  # not yet (or the app is closing): try again after the next frame
            if self.is_attached and self.app.is_running:
                self.call_after_refresh(self._mount_tables)
            return
        await body.mount(
            Static(i18n.t("days"), classes="panel-title"), days,
            Static(i18n.t("syllabus_tree"), classes="panel-title"), tree, before="#count")
        self._tables = True
        self.refresh_data()
        days.focus()

    def on_resize(self) -> None:
        if self.is_mounted and getattr(self, "_tables", False) and (self.app.store or getattr(self.app, "preview", None)) is not None:  # type: ignore[attr-defined]
            self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        app = self.app
        # before the store is open, progress comes from the app's light read-only preview
        bank, store = app.bank, app.store or getattr(app, "preview", None)  # type: ignore[attr-defined]
        if bank is None or not getattr(self, "_tables", False):  # the first frame does not wait for them
            self.query_one("#status", Static).update(i18n.t("loading"))
            return
        by_day = store.progress_by_day() if store else {}
        by_question = store.progress_by_question() if store else {}
        titles = DAY_TITLES if i18n.get_lang() == "ja" else DAY_TITLES_EN
        drill_days = _drills_per_day()
        passed = store.passed_drills() if store else set()
        days = self.query_one("#days", DataTable)
        cursor = days.cursor_row
        days.clear()
        # at 80 columns every column must show: the theme gives way (cut with …), not the figures
        theme_cells = max(12, self.size.width - 60) if 0 < self.size.width < 116 else None
        for day in range(10):
            n = len(bank.by_day(day))
            p = by_day.get(day)
            done = p.questions if p else 0
            days.add_row(f"DAY.{day}",  # one name per day on every screen (the report says DAY.0 too)
                         _fit(titles[day], theme_cells), str(n), str(done), _bar(done, n), _pct(p),
                         _drill_cell(drill_days.get(day, []), passed), key=str(day))
        days.move_cursor(row=cursor)
        self._fill_syllabus(bank, by_question)
        self.query_one("#count", Static).update(f"{i18n.t('count')}: {self.count}  (+ / -)")
        open_sessions = store.unfinished_sessions(RESUMABLE) if store else []
        if store is None:
            msg = i18n.t("loading")
        elif open_sessions:
            s = open_sessions[0]
            done = self.app.exam_answered(s.id) if s.mode == "exam" else len(s.answers)  # type: ignore[attr-defined]
            msg = i18n.t("resume_some", n=len(open_sessions), title=s.title, done=done, total=len(s.items))
        else:
            msg = i18n.t("resume_none")
        self.query_one("#status", Static).update(msg)
        if store is not None:
            from quizapp.study import plan

            p = plan(bank, store)
            self.query_one("#plan", Static).update(
                i18n.t("plan", due=p.reviews_due, new=p.new_suggested, drills=p.drills_due, streak=p.streak))
            shown = getattr(app, "progress_shown", None)
            if shown is not None:
                shown.set()

    @on(DataTable.RowSelected, "#days")
    def start_day(self, event: DataTable.RowSelected) -> None:
        self.app.open_quiz(day=int(event.row_key.value), count=self.count)  # type: ignore[attr-defined,arg-type]

    def _fill_syllabus(self, bank, by_question) -> None:
        from quizapp.bank.syllabus import SyllabusError
        from quizapp.readiness import syllabus_readiness

        tree = self.query_one("#syllabus", DataTable)
        cursor = tree.cursor_row
        tree.clear()
        try:
            nodes = syllabus_readiness(bank, by_question)
        except SyllabusError as exc:
            self.notify(str(exc), severity="error")
            return
        lang = i18n.get_lang()
        for n in nodes:
            label = n.label(lang) if n.level == "major" else f"  {n.label(lang)}"
            if not n.examined:
                label += " ※" if lang == "ja" else " *"
            acc = f"{n.accuracy * 100:.0f}%" if n.accuracy is not None else "—"
            tree.add_row(label, str(n.questions), str(n.studied), _bar(n.studied, n.questions), acc, key=n.id)
        tree.move_cursor(row=cursor)

    @on(DataTable.RowSelected, "#syllabus")
    def start_syllabus(self, event: DataTable.RowSelected) -> None:
        self.app.open_quiz(syllabus=event.row_key.value, count=self.count)  # type: ignore[attr-defined]

    def action_drills(self) -> None:
        from quizapp.tui.screens.drills import DrillListScreen

        if self.app.store is None:  # type: ignore[attr-defined]
            self.app.notify_loading()  # type: ignore[attr-defined]
            return
        self.app.push_screen(DrillListScreen())

    def action_techtest(self) -> None:
        self.app.open_techtest()  # type: ignore[attr-defined]

    def action_report(self) -> None:
        from quizapp.tui.screens.report import ReportScreen

        if self.app.store is None:  # type: ignore[attr-defined]
            self.app.notify_loading()  # type: ignore[attr-defined]
            return
        self.app.push_screen(ReportScreen())

    def action_exam(self) -> None:
        """A paused exam: resume it or start anew; otherwise what the exam is, then begin."""
        from quizapp.exam import DEFAULT_ITEMS, DEFAULT_MINUTES, DEFAULT_PASS, DEFAULT_SHARES
        from quizapp.tui.screens.resume import _clock
        from quizapp.tui.widgets.ask import Ask

        app = self.app
        store = app.store  # type: ignore[attr-defined]
        if store is None:
            self.app.notify_loading()  # type: ignore[attr-defined]
            return
        paused = store.unfinished_sessions(["exam"])
        if paused:
            s = paused[0]
            question = i18n.t("exam_resume_question", done=app.exam_answered(s.id), total=len(s.items),  # type: ignore[attr-defined]
                              left=_clock((s.time_limit_s or 0) - s.elapsed_s))
            answers = [("resume", "r", i18n.t("exam_resume")), ("new", "n", i18n.t("exam_new")),
                       ("back", "escape", i18n.t("exam_not_now"))]

            def then(value: str | None) -> None:
                if value == "resume":
                    app.resume_session(s.id)  # type: ignore[attr-defined]
                elif value == "new":
                    app.open_exam(new=True)  # type: ignore[attr-defined]

            app.push_screen(Ask(question, answers), then)
            return
        sep = "、" if i18n.get_lang() == "ja" else ", "
        areas = sep.join(area_name(a) for a in DEFAULT_SHARES)
        intro = i18n.t("exam_intro", items=DEFAULT_ITEMS, minutes=DEFAULT_MINUTES, areas=areas,
                       pass_pct=f"{DEFAULT_PASS * 100:.0f}")
        answers = [("begin", "enter", i18n.t("exam_begin")), ("back", "escape", i18n.t("exam_not_now"))]
        app.push_screen(Ask(intro, answers), lambda v: app.open_exam(new=True) if v == "begin" else None)  # type: ignore[attr-defined]

    def action_review(self) -> None:
        self.app.open_study("review")  # type: ignore[attr-defined]

    def action_weak(self) -> None:
        """Weak spots overall, or inside the highlighted syllabus node when the tree has focus."""
        trees = self.query("#syllabus").results(DataTable)
        tree = next(trees, None)
        node = None
        if tree is not None and tree.has_focus and tree.row_count:
            node = tree.coordinate_to_cell_key(tree.cursor_coordinate).row_key.value
        self.app.open_study("weak", count=self.count, syllabus=node)  # type: ignore[attr-defined]

    def action_mixed(self) -> None:
        self.app.open_quiz(count=self.count)  # type: ignore[attr-defined]

    def _step(self, delta: int) -> None:
        steps = COUNT_STEPS
        i = min(range(len(steps)), key=lambda k: abs(steps[k] - self.count))
        self.count = steps[max(0, min(len(steps) - 1, i + delta))]
        self.query_one("#count", Static).update(f"{i18n.t('count')}: {self.count}  (+ / -)")

    def action_more(self) -> None:
        self._step(1)

    def action_less(self) -> None:
        self._step(-1)

    def action_resume(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        if store is None:
            self.app.notify_loading()  # type: ignore[attr-defined]
            return
        sessions = store.unfinished_sessions(RESUMABLE)
        if not sessions:
            self.notify(i18n.t("resume_none"))
            return
        if len(sessions) == 1:
            self.app.resume_session(sessions[0].id)  # type: ignore[attr-defined]
            return
        from quizapp.tui.screens.resume import ResumeScreen

        answered = {s.id: self.app.exam_answered(s.id) for s in sessions if s.mode == "exam"}  # type: ignore[attr-defined]
        self.app.push_screen(ResumeScreen(sessions, answered),
                             lambda sid: self.app.resume_session(sid) if sid is not None else None)  # type: ignore[attr-defined]
