"""The Textual application and its factory (used by the console script and the tests)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding

from quizapp import i18n
from quizapp.bank import Bank, load_bank
from quizapp.quiz import QuizError, QuizRun, start_quiz
from quizapp.store import Store


@dataclass(frozen=True, slots=True)
class QuizRequest:
    """A quiz to open straight away (``quizapp quiz``)."""

    day: int | None = None
    area: str | None = None
    count: int = 10
    seed: int | None = None


class QuizApp(App[int]):
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", i18n.t("bind_quit"), id="quit", show=False)]

    def __init__(self, bank: Bank, store: Store, request: QuizRequest | None = None) -> None:
        super().__init__()
        self.bank = bank
        self.store = store
        self.request = request
        self.title = i18n.t("app_title")

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.bank.issues:
            self.notify(i18n.t("bank_warnings", n=len(self.bank.issues)), severity="warning", timeout=8)
        if self.request is not None:
            r = self.request
            self.open_quiz(day=r.day, area=r.area, count=r.count,
                           rng=random.Random(r.seed) if r.seed is not None else None)

    def open_quiz(self, *, day: int | None = None, area: str | None = None, count: int = 10,
                  rng: random.Random | None = None) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        try:
            run = start_quiz(self.bank, self.store, day=day, area=area, count=count, rng=rng)
        except QuizError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(QuizScreen(run))

    def resume_quiz(self, session_id: int) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

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

    def on_unmount(self) -> None:
        self.store.close()


def make_app(request: QuizRequest | None = None, db_url: str | None = None, bank: Bank | None = None,
             lang: str | None = None) -> QuizApp:
    if lang is not None:
        i18n.set_lang(lang)
    return QuizApp(bank if bank is not None else load_bank(), Store(db_url), request)
