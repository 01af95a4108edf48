"""The mock exam screen as a user drives it."""

from __future__ import annotations

from quizapp.bank import load_bank
from quizapp.exam import ExamConfig
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.widgets.ask import Ask
from quizapp.tui.screens.exam import ConfirmSubmit, ExamOverview, ExamResultScreen, ExamScreen
from quizapp.tui.screens.home import HomeScreen

from tests.conftest import TEST_BANK

SIZE = (110, 40)
CFG = ExamConfig(items=5, minutes=30)


def exam_app(seed=7):
    return make_app(request=QuizRequest(kind="exam", exam=CFG, seed=seed), bank=load_bank([TEST_BANK]))


def right_keys(run, q, part):
    """Keys that answer right, with the choices in the order this attempt shows them."""
    if q.type == "numeric":
        return list("0.5") + ["enter"]
    order = run.order()
    if q.type == "multi":
        return [str(order.index(1) + 1), str(order.index(3) + 1)]
    return [str(order.index(q.answer if q.type == "single" else q.blank(part).answer) + 1)]


async def start(pilot, app):
    await app.store_ready.wait()
    await pilot.pause()
    assert isinstance(app.screen, ExamScreen)
    return app.screen


async def test_answer_flag_overview_submit_and_review():
    app = exam_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, app)
        run = screen.run
        assert len(run.items) == 5
        # answer every item right, except the first which we change from wrong to right
        q, part = run.current()
        if q.type in ("single", "code"):
            await pilot.press("4")
        for i in range(len(run.items)):
            q, part = run.current()
            await pilot.press(*right_keys(run, q, part))
            if q.type != "numeric":
                await pilot.press("right")
            await pilot.pause()
        assert len(run.responses) == 5
        # flag the current (last) item, then jump to item 1 through the overview
        await pilot.press("f")
        assert run.items[run.index] in run.flags
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ExamOverview)
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and run.index == 0
        # no feedback before the end
        assert not app.screen.query("#q-feedback")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmSubmit)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        r = app.screen.result
        assert (r.correct, r.total) == (5, 5) and r.passed
        review = str(app.screen.query_one("#s-review").content)
        assert "解説" in review or "正答" in review
        assert app.store.exam_history()[0]["result"]["correct"] == 5


async def test_pause_and_resume_keeps_answers_and_clock():
    app = exam_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, app)
        run = screen.run
        first = run.items[0]
        q, part = run.current()
        await pilot.press(*right_keys(run, q, part))
        await pilot.pause()
        before = run.index
        await pilot.press("right", "right")  # stop two questions further on
        await pilot.pause()
        stopped = run.index
        assert stopped == before + 2
        screen._base_elapsed = 600.0  # as if ten minutes had passed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app2 = make_app(bank=load_bank([TEST_BANK]))
    async with app2.run_test(size=SIZE) as pilot:
        await app2.store_ready.wait()
        await pilot.press("e")  # a paused exam: resume it or start anew
        await pilot.pause()
        assert isinstance(app2.screen, Ask) and "中断した模擬試験" in str(app2.screen.question)
        await pilot.press("r")
        await pilot.pause()
        screen = app2.screen
        assert isinstance(screen, ExamScreen)
        assert screen.run.index == stopped  # at the question where it stopped
        assert first in screen.run.responses
        assert 600 <= screen.run.elapsed_s < 610
        assert "0:19:" in str(screen.query_one("#q-head").render()) or "0:20:" in str(screen.query_one("#q-head").render())


async def test_time_up_submits_automatically():
    app = exam_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, app)
        screen._base_elapsed = screen.run.time_limit_s  # the clock reaches zero
        await screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        assert app.screen.result.timed_out and app.screen.result.correct == 0


async def test_flag_and_list_work_on_a_numeric_question():
    app = exam_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot, app)
        run = screen.run
        while run.current()[0].type != "numeric":
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("0", ".", "5", "f")
        await pilot.pause()
        assert run.items[run.index] in run.flags
        assert screen.query_one("#q-input").value == "0.5"
        await pilot.press("n")  # moving on saves the typed number
        await pilot.pause()
        assert any(v == "0.5" for v in run.responses.values())
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ExamOverview)


async def test_one_set_of_exam_keys_shown_the_same_in_hint_and_footer():
    from textual.widgets import Footer, Static

    for size in ((80, 24), (120, 40)):
        app = exam_app()
        async with app.run_test(size=size) as pilot:
            screen = await start(pilot, app)
            hint = str(screen.query_one("#q-hint", Static).render())
            keys = {b.key_display for b in screen.active_bindings_for_footer()} if hasattr(
                screen, "active_bindings_for_footer") else {
                b.binding.key_display for b in app.active_bindings.values() if b.binding.show}
            for shown in ("n/→", "p/←"):
                assert shown in hint and shown in keys, (size, hint, keys)
            assert screen.query(Footer)
            seen = set()
            screen.run.go(0)
            await screen.show_current()
            for _ in range(len(screen.run.items) - 1):  # every question type: choose, then Enter goes on
                q, part = screen.run.current()
                seen.add(q.type)
                before = screen.run.index
                keys_ = right_keys(screen.run, q, part)
                await pilot.press(*keys_)
                if keys_[-1] != "enter":
                    await pilot.press("enter")
                await pilot.pause()
                assert screen.run.index == before + 1, (q.type, before)
            await pilot.press("left")
            await pilot.pause()
            assert screen.run.index == len(screen.run.items) - 2
            assert len(seen) >= 3
