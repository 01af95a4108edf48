"""The TUI driven as a user would, with Textual's Pilot."""

from __future__ import annotations

from textual.widgets import Static

from quizapp.bank import load_bank
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.widgets.choices import ChoiceList

from tests.conftest import TEST_BANK

SIZE = (110, 40)


def app_for(request=None):
    return make_app(request=request, bank=load_bank([TEST_BANK]))


def on_screen(run, original: int) -> str:
    """The key that picks the file's choice ``original`` in the order this run shows."""
    return str(run.order().index(original) + 1)


async def answer_current(pilot, screen: QuizScreen, right: bool) -> None:
    q, part = screen.run.current()
    if q.type == "numeric":
        await pilot.press(*("0.5" if right else "0.9"))
    elif q.type == "multi":
        keys = [1, 3] if right else [2]
        await pilot.press(*(on_screen(screen.run, k) for k in keys))
    else:
        ans = q.answer if q.type == "single" else q.blank(part).answer
        await pilot.press(on_screen(screen.run, ans if right else ans % len(q.choices or q.blank(part).choices) + 1))
    await pilot.press("enter")
    await pilot.pause()


async def test_home_lists_days_and_starts_a_day_quiz():
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        assert isinstance(app.screen, HomeScreen)
        days = app.screen.query_one("#days")
        assert days.row_count == 10
        await pilot.press("down", "enter")  # DAY.1
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert len(app.screen.run.items) == 5
        assert app.screen.run.title.startswith("DAY.1")


async def test_answer_right_and_wrong_with_feedback_then_summary():
    app = app_for(QuizRequest(day=1, count=4, seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        n = len(screen.run.items)
        # Enter without a choice does not submit
        q, _ = screen.run.current()
        if q.type != "numeric":
            await pilot.press("enter")
            assert screen.feedback is None
        results = []
        for i in range(n):
            right = i % 2 == 0
            await answer_current(pilot, screen, right)
            assert screen.feedback is not None
            assert screen.feedback.correct is right
            verdict = str(screen.query_one("#q-verdict", Static).content)
            assert ("正解" in verdict) and (("✓" in verdict) is right)
            results.append(right)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        s = app.screen.result
        assert (s.total, s.correct) == (n, sum(results))
        assert app.store.answers_total() == n
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_multi_toggle_with_space_and_keys():
    app = app_for(QuizRequest(day=1, count=4, seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        while screen.run.current()[0].type != "multi":
            await answer_current(pilot, screen, True)
            await pilot.press("enter")
            await pilot.pause()
        choices = screen.query_one("#q-choices", ChoiceList)
        await pilot.press("1", "2", "3")
        assert choices.selected == {0, 1, 2}
        await pilot.press("space")  # cursor is on 3: toggles it off
        assert choices.selected == {0, 1}
        await pilot.press("down", "space")
        assert choices.selected == {0, 1, 3}
        want = {screen.run.order().index(k) for k in (1, 3)}  # the keys, where they are on screen
        await pilot.press(*(str(i + 1) for i in sorted(choices.selected ^ want)), "enter")
        await pilot.pause()
        assert screen.feedback.correct


async def test_quit_midway_then_resume_everything_saved():
    app = app_for(QuizRequest(day=1, count=4, seed=5))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        first_two = screen.run.items[:2]
        for _ in range(2):
            await answer_current(pilot, screen, True)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        status = str(app.screen.query_one("#status").render())
        assert "2/5)" in status and "未完了: 1 件" in status
    # a new app instance (as after a restart) resumes at the third item
    app2 = app_for()
    async with app2.run_test(size=SIZE) as pilot:
        await app2.store_ready.wait()
        await pilot.press("r")
        await pilot.pause()
        screen = app2.screen
        assert isinstance(screen, QuizScreen)
        assert set(screen.run.answers) == set(first_two)
        assert screen.run.index == 2 and screen.run.position[1] == 4  # third item; 4 questions (one has 2 blanks)


async def test_numeric_rejects_non_numbers():
    app = app_for(QuizRequest(day=1, count=4, seed=3))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        while screen.run.current()[0].type != "numeric":
            await answer_current(pilot, screen, True)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("enter")  # empty input
        await pilot.pause()
        assert screen.feedback is None
        await pilot.press("0", ".", "5", "enter")
        await pilot.pause()
        assert screen.feedback is not None and screen.feedback.correct


async def test_english_ui():
    app = make_app(bank=load_bank([TEST_BANK]), lang="en")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.store_ready.wait()
            await pilot.pause()
            status = str(app.screen.query_one("#status").render())
            assert "No quiz to resume" in status
            labels = {b.binding.description for b in app.screen.active_bindings.values()}
            assert {"All days", "Resume", "Quit"} <= labels
    finally:
        from quizapp import i18n

        i18n.set_lang("ja")


async def test_leaving_before_any_answer_leaves_nothing_to_resume():
    app = app_for(QuizRequest(day=1, count=2, seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.unfinished_sessions() == []


async def test_rating_override_after_feedback():
    app = app_for(QuizRequest(day=1, count=4, seed=5))  # seed 5 starts with the single question
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        assert screen.run.current()[0].id == "t-single"
        q = screen.run.current()[0]
        await pilot.press(on_screen(screen.run, q.answer % 4 + 1), "enter")  # wrong: automatic rating Again
        await pilot.pause()
        assert screen.feedback.rating == 1
        assert "もう一度 (自動)" in str(screen.query_one("#q-rating").render())
        due_again = app.store.due_items(limit=None)
        await pilot.press("4")  # the learner says: Easy
        assert "簡単 (変更済み)" in str(screen.query_one("#q-rating").render())
        assert app.store.due_items() == [] and due_again == []  # neither is due right now
        (_, _, card, _), = app.store.cards()
        assert card["state"] == 2  # Easy on a new card graduates it to Review


async def test_report_screen_and_practice_from_weak_topic():
    from datetime import timedelta

    from quizapp.store.models import utcnow
    from quizapp.tui.screens.report import ReportScreen

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.store_ready.wait()
        when = utcnow() - timedelta(hours=1)
        for ok in (False, False, True):
            app.store.record_answer(None, question_id="t-numeric", part="", response="1", correct=ok, seconds=5,
                                    mode="day", day=1, area="数学的基礎", topic="情報量", rating=3 if ok else 1, when=when)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.report["answers_total"] == 3
        weak = screen.query_one("#r-weak")
        assert weak.row_count == 1
        body = screen.query_one("#r-body")
        assert app.focused is body  # the report scrolls from the keyboard
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("w")  # one key to the weakest topics
        await pilot.pause()
        assert app.focused is weak and weak.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.run.mode == "weak" and app.screen.run.items == ["t-numeric"]


async def test_home_shows_drill_progress_per_day():
    from quizapp.drills.model import load_drills

    day1 = [d for d in load_drills().values() if d.day == 1]
    assert day1, "the day 1 drills ship with the app"
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        app.store.record_drill_submission(day1[0].id, "code", True, [], 0.1)
        app.screen.refresh_data()
        await pilot.pause()
        days = app.screen.query_one("#days")
        assert days.get_row("1")[-1] == f"1/{len(day1)}"
        assert days.get_row("2")[-1].startswith("0/")


async def test_english_mode_names_areas_and_days_in_english():
    from quizapp import i18n
    from quizapp.tui.screens.report import ReportScreen

    i18n.set_lang("en")
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        assert app.screen.query_one("#days").get_row("0")[0] == "DAY.0"  # one name per day, as in the report
        screen = ReportScreen()
        app.push_screen(screen)
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        areas = screen.query_one("#r-areas")
        names = [str(areas.get_row_at(i)[0]) for i in range(areas.row_count)]
        assert "Applied math" in names and "Deep learning" in names and "応用数学" not in names
        days = screen.query_one("#r-days")
        assert str(days.get_row_at(1)[1]) == "MLP and backpropagation"


async def test_home_at_80_columns_shows_every_column_of_the_day_table():
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        days = app.screen.query_one("#days")
        assert days.virtual_size.width <= days.size.width  # nothing hidden to the right
        assert str(days.get_row("7")[1]).endswith("…")  # the long theme gives way, cut visibly
