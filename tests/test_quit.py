"""Quitting: Esc on home asks first; Ctrl+C and Ctrl+Q ask the same Japanese question everywhere;
the drill editor settles unsaved edits before that."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from quizapp.bank import load_bank
from quizapp.drills import service
from quizapp.drills.model import get_drill
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.widgets.ask import Ask

from tests.conftest import TEST_BANK


def _question(app) -> str:
    return str(app.screen.query_one("#ask-question", Static).content)


async def test_escape_on_home_asks_before_quitting():
    app = make_app(bank=load_bank([TEST_BANK]))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.store_ready.wait()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Ask) and "終了しますか" in _question(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_c_and_ctrl_q_ask_the_same_question_in_a_quiz():
    app = make_app(request=QuizRequest(day=1, count=2, seed=3), bank=load_bank([TEST_BANK]))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        questions = []
        for key in ("ctrl+c", "ctrl+q"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, Ask)
            questions.append(_question(app))
            await pilot.press("escape")  # Esc is the safe answer: stay
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
        assert questions[0] == questions[1] and "保存済み" in questions[0]
        assert "ctrl+q" not in " ".join(str(n.message) for n in app._notifications)  # no English toast


async def test_ctrl_c_in_the_drill_editor_settles_unsaved_edits_first():
    app = make_app(bank=load_bank([TEST_BANK]))
    drill = get_drill("day01.relu")
    path = service.workspace_path(drill)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.store_ready.wait()
        app.push_screen(DrillScreen("day01.relu", app.store))
        await pilot.pause()
        app.screen.query_one("#drill-editor", TextArea).load_text(drill.starter + "# mine\n")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, Ask) and "保存していない変更" in _question(app)
        await pilot.press("s")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == drill.starter + "# mine\n"
