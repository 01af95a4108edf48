"""The question screen reads answers as the learner meant them and says what it read."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Static

from quizapp.bank import load_bank
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.quiz import QuizScreen

from tests.conftest import TEST_BANK


async def type_text(pilot, text: str) -> None:
    """Send keys as a terminal does for each character (``pilot.press("／")`` loses the character
    of full-width punctuation: it looks the key name up as a Unicode name and fails)."""
    for ch in text:
        pilot.app._driver.send_message(events.Key(_character_to_key(ch), ch))
        await pilot.pause()


async def _go_to(pilot, screen: QuizScreen, qtype: str) -> None:
    """Answer (choice 1, or 0) until the current question has type ``qtype``."""
    for _ in range(len(screen.run.items)):
        q, _part = screen.run.current()
        if q.type == qtype:
            return
        await pilot.press("0" if q.type == "numeric" else "1", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError(f"no {qtype} question")


async def test_full_width_fraction_is_read_and_shown_unreadable_is_refused():
    app = make_app(request=QuizRequest(day=1, count=10, seed=1), bank=load_bank([TEST_BANK]))
    async with app.run_test(size=(100, 32)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await _go_to(pilot, screen, "numeric")
        answered = len(screen.run.answers)
        await pilot.press("x", "1", "enter")
        await pilot.pause()
        assert screen.feedback is None and len(screen.run.answers) == answered  # refused, not graded
        field = screen.query_one("#q-input", Input)
        assert field.value == "x1"  # nothing typed was dropped
        field.value = ""
        await type_text(pilot, "１／２")
        assert field.value == "１／２"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.feedback is not None and screen.feedback.correct
        verdict = str(screen.query_one("#q-verdict", Static).content)
        assert "あなたの回答: 1/2 (= 0.5)" in verdict


async def test_select_all_feedback_names_missed_and_wrong_picks():
    app = make_app(request=QuizRequest(day=1, count=10, seed=1), bank=load_bank([TEST_BANK]))
    async with app.run_test(size=(100, 32)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        await _go_to(pilot, screen, "multi")
        order = screen.run.order()  # choices are shuffled: file numbers in screen order
        relu, tanh, sigmoid = (order.index(i) + 1 for i in (1, 2, 3))  # right: ReLU (1) and シグモイド (3)
        await pilot.press(str(relu), str(tanh), "enter")
        await pilot.pause()
        verdict = str(screen.query_one("#q-verdict", Static).content)
        assert f"選び漏れ: {sigmoid}" in verdict and f"誤って選択: {tanh}" in verdict
        picked = ", ".join(f"{n}. {t}" for n, t in sorted([(relu, "ReLU"), (tanh, "tanh")]))
        assert f"あなたの回答: {picked}" in verdict
