"""The Textual application and its factory (used by the console script and the tests)."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from quizapp import i18n
from quizapp.quiz import QuizError

if TYPE_CHECKING:
    from quizapp.bank import Bank
    from quizapp.store.lite import LiteStore
    from quizapp.store.store import Store


#: Seconds the full store waits after the home screen painted progress from the preview
#: (unless an action needs it sooner), so the first keys are not slowed by its imports.
STORE_AFTER_PREVIEW_S = 0.3


@dataclass(frozen=True, slots=True)
class QuizRequest:
    """A quiz to open straight away (``quizapp quiz``)."""

    day: int | None = None
    area: str | None = None
    count: int = 10
    seed: int | None = None
    kind: str = "quiz"  # quiz | review | weak | exam
    exam: object | None = None  # ExamConfig for kind == "exam"
    syllabus: str | None = None  # a syllabus node id: 4, 4-2 or 4-2-2
    keyword: str | None = None  # a syllabus keyword


class QuizApp(App[int]):
    CSS_PATH = "app.tcss"
    # Ctrl+C and Ctrl+Q do the same everywhere: the screen settles what is unsaved (the drill
    # editor asks save/discard/stay, the exam saves its clock), then a Japanese "quit?" prompt.
    # Textual's own Ctrl+C toast ("Press ctrl+q to quit", in English) is never shown. In a text
    # field with a selection, Ctrl+C still copies.
    BINDINGS = [Binding("ctrl+q,ctrl+c", "request_quit", "Quit", id="quit", show=False, priority=True)]

    class StoreReady(Message):
        """The progress database is open (or failed to open: ``error``)."""

        def __init__(self, error: str | None = None, problem: Exception | None = None) -> None:
            super().__init__()
            self.error = error
            #: A DatabaseProblem: the database file cannot be used (shown full-screen).
            self.problem = problem

    class PreviewReady(Message):
        """A light read-only view of the database (plain sqlite3) is open: the home screen shows
        progress from it while the full store opens."""

        def __init__(self, preview: LiteStore) -> None:
            super().__init__()
            self.preview = preview

    def __init__(self, bank: Bank | None, store_factory: Callable[[], Store], request: QuizRequest | None = None,
                 preview_factory: Callable[[], LiteStore | None] | None = None) -> None:
        super().__init__()
        #: The question banks; None until loaded (off the UI thread, with the database, so the
        #: first frame does not wait for YAML). Everything that needs it waits for ``store_ready``.
        self.bank: Bank = bank  # type: ignore[assignment]
        self._store_factory = store_factory
        self.store: Store | None = None
        #: Set once the database is open; screens and tests can await it.
        self.store_ready = asyncio.Event()
        self.request = request
        #: Set when the database cannot be used; the CLI prints its message after the app exits.
        self.db_problem: Exception | None = None
        self.title = i18n.t("app_title")
        self._preview_factory = preview_factory
        #: What the home screen reads before the store is open: a LiteStore (reads only), closed
        #: and dropped when the store is ready. Everything that writes waits for ``store``.
        self.preview: LiteStore | None = None
        #: Set once the home screen shows the learner's progress (from the preview or the store).
        self.progress_shown = asyncio.Event()
        self._preview_painted = threading.Event()
        self._store_wanted = threading.Event()

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.call_after_refresh(self._open_store)  # first frame first, then the banks and the database

    @work(thread=True, exclusive=True, group="store")
    def _open_store(self) -> None:
        # Opening the database imports SQLAlchemy and may migrate: off the UI thread, so the
        # first frame does not wait for it.
        try:
            if self.bank is None:
                from quizapp.bank.cache import load_bank_cached

                self.bank = load_bank_cached()
            if self._open_preview():
                # The learner sees progress; SQLAlchemy's imports and the database's checks take
                # the interpreter once the screen has settled, or at once when an action needs the
                # store (notify_loading).
                self._store_wanted.wait(timeout=STORE_AFTER_PREVIEW_S)
            self.store = self._store_factory()
            self._warm_home()
        except Exception as exc:  # noqa: BLE001 - shown to the user, not swallowed
            from quizapp.store.health import DatabaseProblem

            if isinstance(exc, DatabaseProblem):
                self.post_message(self.StoreReady(error=exc.message(), problem=exc))
            else:
                self.post_message(self.StoreReady(error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.StoreReady())

    def notify_loading(self) -> None:
        """An action needs the store before it is open: say so, and open it now."""
        self._store_wanted.set()
        self.notify(i18n.t("loading"))

    def _open_preview(self) -> bool:
        """Progress first: read it with plain sqlite3 (no SQLAlchemy, no checks, nothing written)
        and let the home screen paint it before the full store's imports take the interpreter.
        Anything unusual (a new, older or damaged database) means no preview: the home screen
        then waits for the store, which creates, migrates or reports it."""
        if self._preview_factory is None or self.request is not None:
            return False
        try:
            preview = self._preview_factory()
        except Exception:  # noqa: BLE001 - the full store opens next and reports what is wrong
            return False
        if preview is None:
            return False
        self.post_message(self.PreviewReady(preview))
        self._preview_painted.wait(timeout=2.0)
        return True

    def on_quiz_app_preview_ready(self, message: PreviewReady) -> None:
        from quizapp.tui.screens.home import HomeScreen

        if self.store_ready.is_set() or self.db_problem is not None:
            message.preview.close()
            self._preview_painted.set()
            return
        self.preview = message.preview
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_data()
        self.call_after_refresh(self._preview_painted.set)

    def _close_preview(self) -> None:
        preview, self.preview = self.preview, None
        self._preview_painted.set()
        if preview is not None:
            preview.close()

    @staticmethod
    def _warm_home() -> None:
        """Parse what the home screen shows (drills, syllabus) here, off the UI thread; both are
        cached, so the home screen's refresh is then quick. Errors surface there as before."""
        try:
            from quizapp.bank.syllabus import load_syllabus
            from quizapp.drills.model import load_drills

            load_drills()
            load_syllabus()
        except Exception:  # noqa: BLE001 - the home screen reports them when it asks again
            pass

    def on_quiz_app_store_ready(self, message: StoreReady) -> None:
        self._close_preview()
        if message.problem is not None:
            from quizapp.tui.screens.db_error import DatabaseErrorScreen

            self.db_problem = message.problem
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(DatabaseErrorScreen(message.error or str(message.problem)))
            return
        if message.error:
            self.notify(i18n.t("db_error", error=message.error), severity="error", timeout=30)
            return
        self.store_ready.set()
        if self.bank.issues:
            self.notify(i18n.t("bank_warnings", n=len(self.bank.issues)), severity="warning", timeout=8)
        from quizapp.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_data()
        self._announce_final()
        if self.request is not None and self.request.kind in ("final", "final-technical"):
            self.open_final(technical=self.request.kind == "final-technical")
        elif self.request is not None and self.request.kind == "techtest":
            self.open_techtest(count=self.request.count, minutes=int(self.request.exam or 60))
        elif self.request is not None and self.request.kind in ("exam", "exam-new"):
            self.open_exam(self.request.exam, rng=random.Random(self.request.seed) if self.request.seed else None,
                           new=self.request.kind == "exam-new")
        elif self.request is not None and self.request.kind != "quiz":
            self.open_study(self.request.kind, count=self.request.count, syllabus=self.request.syllabus)
        elif self.request is not None:
            r = self.request
            self.open_quiz(day=r.day, area=r.area, count=r.count, syllabus=r.syllabus, keyword=r.keyword,
                           rng=random.Random(r.seed) if r.seed is not None else None)

    def open_quiz(self, *, day: int | None = None, area: str | None = None, count: int = 10,
                  rng: random.Random | None = None, syllabus: str | None = None, keyword: str | None = None) -> None:
        from quizapp.quiz import start_quiz
        from quizapp.tui.screens.quiz import QuizScreen

        if self.store is None:
            self.notify_loading()
            return
        try:
            run = start_quiz(self.bank, self.store, day=day, area=area, count=count, rng=rng,
                             syllabus=syllabus, keyword=keyword)
        except QuizError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(QuizScreen(run))

    def open_study(self, kind: str, count: int = 10, topics: list[str] | None = None,
                   syllabus: str | None = None) -> None:
        """A review of the due items (``review``) or weak-spot practice (``weak``)."""
        from quizapp import study
        from quizapp.tui.screens.quiz import QuizScreen

        if self.store is None:
            self.notify_loading()
            return
        try:
            run = study.start_review(self.bank, self.store) if kind == "review" else \
                study.start_weak(self.bank, self.store, count=count, topics=topics, syllabus=syllabus)
        except QuizError as exc:
            self.notify(str(exc), severity="information")
            return
        self.push_screen(QuizScreen(run))

    def open_exam(self, cfg=None, rng: random.Random | None = None, new: bool = False) -> None:
        """Resume the unfinished mock exam, or start one with ``cfg``."""
        from quizapp.exam import ExamRun
        from quizapp.tui.screens.exam import ExamScreen

        if self.store is None:
            self.notify_loading()
            return
        try:
            open_exams = [] if new else self.store.unfinished_sessions(["exam"])
            run = ExamRun(self.bank, self.store, open_exams[0].id) if open_exams else \
                ExamRun.start(self.bank, self.store, cfg, rng)
        except QuizError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(ExamScreen(run))

    def open_techtest(self, count: int = 5, minutes: int = 60, rng: random.Random | None = None) -> None:
        """Resume the unfinished technical test, or start one."""
        from quizapp.drills.model import load_drills
        from quizapp.techtest import MODE, TechTest
        from quizapp.tui.screens.techtest import TechTestScreen

        if self.store is None:
            self.notify_loading()
            return
        try:
            open_tests = self.store.unfinished_sessions([MODE])
            test = TechTest(self.store, open_tests[0].id) if open_tests else \
                TechTest.start(self.store, load_drills(), count, minutes, rng)
        except QuizError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(TechTestScreen(test))

    def resume_session(self, session_id: int) -> None:
        """Resume any unfinished session: the mock exam at its question with its clock, a quiz at
        its first unanswered item."""
        from quizapp.exam import ExamRun
        from quizapp.tui.screens.exam import ExamScreen

        if self.store is None:
            self.notify_loading()
            return
        info = self.store.load_session(session_id)
        if info is not None and info.mode == "exam":
            try:
                self.push_screen(ExamScreen(ExamRun(self.bank, self.store, session_id)))
            except QuizError as exc:
                self.notify(str(exc), severity="error")
            return
        self.resume_quiz(session_id)

    def exam_answered(self, session_id: int) -> int:
        reader = self.store or self.preview
        assert reader is not None
        return sum(1 for resp, _flag in reader.exam_responses(session_id).values() if resp is not None)

    def _open_finals(self) -> list:
        from quizapp.classmode import finals, texts  # noqa: F401 - texts registers the strings

        try:
            return finals.open_finals(self.store) if self.store is not None else []
        except Exception:  # noqa: BLE001 - a database without class mode has no finals
            return []

    def _announce_final(self) -> None:
        """Class mode: tell the learner on the home screen that a final is open."""
        for f in self._open_finals():
            self.notify(i18n.t("class_final_open", title=f.title, closes=f"{f.closes_at:%H:%M}"), timeout=30)

    def open_final(self, technical: bool = False) -> None:
        """Class mode: the open final's knowledge test (or technical test), resumed if started."""
        from quizapp.classmode import finals

        if self.store is None:
            self.notify_loading()
            return
        open_now = self._open_finals()
        if not open_now:
            self.notify(i18n.t("class_no_final"), severity="warning")
            return
        try:
            if technical:
                from quizapp.tui.screens.techtest import TechTestScreen

                self.push_screen(TechTestScreen(finals.technical_run(self.store, open_now[0])))
            else:
                from quizapp.tui.screens.exam import ExamScreen

                self.push_screen(ExamScreen(finals.knowledge_run(self.store, self.bank, open_now[0])))
        except QuizError as exc:
            self.notify(str(exc), severity="error")

    def resume_quiz(self, session_id: int) -> None:
        from quizapp.quiz import QuizRun
        from quizapp.tui.screens.quiz import QuizScreen

        if self.store is None:
            self.notify_loading()
            return
        try:
            run = QuizRun.resume(self.bank, self.store, session_id)
        except QuizError as exc:
            self.notify(str(exc), severity="error")
            return
        if run.done:
            run.advance()  # nothing left: close it
            self.notify(i18n.t("resume_none"))
            return
        self.push_screen(QuizScreen(run))

    def action_help_quit(self) -> None:
        self.action_request_quit()

    def action_request_quit(self) -> None:
        from textual.widgets import Input, TextArea

        from quizapp.tui.widgets.ask import Ask

        if isinstance(self.screen, Ask):
            return
        focused = self.focused
        if isinstance(focused, (Input, TextArea)) and focused.selected_text:
            focused.action_copy()
            return
        hook = getattr(self.screen, "before_quit", None)
        if hook is not None:
            hook(self.confirm_quit)  # the screen settles its own state, then calls back
        else:
            self.confirm_quit()

    def confirm_quit(self, ask: bool = True) -> None:
        """Quit after a yes (``y``/Enter); ``ask=False`` when the screen already asked."""
        from quizapp.tui.widgets.ask import Ask

        if not ask:
            self.exit()
            return
        answers = [("quit", "y", i18n.t("quit_yes")), ("stay", "n", i18n.t("quit_no"))]
        self.push_screen(Ask(i18n.t("quit_question"), answers),
                         lambda value: self.exit() if value == "quit" else None)

    def on_unmount(self) -> None:
        self._close_preview()
        if self.store is not None:
            self.store.close()


def make_app(request: QuizRequest | None = None, db_url: str | None = None, bank: Bank | None = None,
             lang: str | None = None) -> QuizApp:
    if lang is not None:
        i18n.set_lang(lang)

    def open_store() -> Store:
        from quizapp.store.store import Store

        return Store(db_url)

    def open_preview() -> LiteStore | None:
        from quizapp.store.lite import LiteStore

        return LiteStore.open(db_url, check=False)

    # without a bank, the app loads the shipped ones itself
    return QuizApp(bank, open_store, request, preview_factory=open_preview)
