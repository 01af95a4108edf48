"""Several unfinished quizzes stay resumable from home, each where it stopped; `e` explains the
exam before it begins."""

from __future__ import annotations

from textual.widgets import OptionList

from quizapp.bank import load_bank
from quizapp.exam import ExamRun
from quizapp.quiz import start_quiz
from quizapp.tui.app import make_app
from quizapp.tui.screens.exam import ExamScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.resume import ResumeScreen
from quizapp.tui.widgets.ask import Ask

from tests.conftest import TEST_BANK

SIZE = (100, 30)


async def test_two_quizzes_and_an_exam_are_all_listed_and_each_resumes_where_it_stopped():
    bank = load_bank([TEST_BANK])
    app = make_app(bank=bank)
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        store = app.store
        first = start_quiz(bank, store, day=1, count=3)
        first.answer(first.current()[0].answer if first.current()[0].type == "single" else [1])
        second = start_quiz(bank, store, count=4)  # starting another one does not drop the first
        exam = ExamRun.start(bank, store)
        exam.go(1)
        app.screen.refresh_data()
        await pilot.pause()
        assert "未完了: 3 件" in str(app.screen.query_one("#status").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 3 and any("残り" in label for label in labels)
        ids = [int(options.get_option_at_index(i).id) for i in range(options.option_count)]
        assert set(ids) == {first.session_id, second.session_id, exam.session_id}
        await pilot.press(*(["down"] * ids.index(first.session_id)), "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.run.session_id == first.session_id
        assert app.screen.run.index == 1  # its first unanswered question
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        ids = [int(options.get_option_at_index(i).id) for i in range(options.option_count)]
        await pilot.press(*(["down"] * ids.index(exam.session_id)), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and app.screen.run.index == 1


async def test_e_explains_the_exam_and_asks_before_the_clock_starts():
    app = make_app(bank=load_bank([TEST_BANK]))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        text = app.screen.question
        assert "100 問" in text and "120 分" in text and "時計は止まり" in text and "合格ライン" in text
        await pilot.press("escape")  # not now: no exam was started
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.store.unfinished_sessions(["exam"])
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
