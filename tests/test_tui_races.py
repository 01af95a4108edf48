"""Fast typing across screen transitions: keys that arrive while a screen is switching must
never crash the app or record an answer twice (issue 13)."""

from __future__ import annotations

import random
import unicodedata

from sqlalchemy import text
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from quizapp.bank import load_bank
from quizapp.exam import ExamConfig
from quizapp.quiz import QuizRun
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.exam import ExamScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.summary import SummaryScreen

from tests.conftest import TEST_BANK

SIZE = (110, 40)
HAMMER_KEYS = ["1", "2", "3", "4", "5", "enter", "escape", "q", "n", "p", "space", "up", "down", "left", "right", "."]
#: Mostly answering keys, so that quizzes do reach their feedback and summary under the hammer.
WEIGHTS = [6, 3, 2, 2, 1, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def burst(app, keys) -> None:
    """Send keys the way a terminal delivers fast typing: all queued at once, with no wait for
    the app to process one before the next arrives (Pilot.press waits between keys)."""
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot, n: int = 3) -> None:
    for _ in range(n):
        await pilot.pause()


def duplicate_answers(app) -> list:
    with app.store.sessionmaker.begin() as s:
        return s.execute(text(
            "SELECT session_id, question_id, part, count(*) FROM answers WHERE mode != 'exam' "
            "GROUP BY session_id, question_id, part HAVING count(*) > 1")).all()


def check_consistent(app) -> None:
    assert app.is_running and app._exception is None
    stack = app.screen_stack
    assert isinstance(stack[1], HomeScreen), stack  # home stays at the bottom, once
    assert sum(isinstance(s, HomeScreen) for s in stack) == 1, stack
    screen = app.screen
    if isinstance(screen, QuizScreen):
        run = screen.run
        assert 0 <= run.index <= len(run.items)
        stored = app.store.load_session(run.session_id)
        assert set(stored.answers) == set(run.answers)
        if screen.feedback is not None and screen.feedback.rating is not None and screen.is_current:
            assert screen.query("#q-rating")  # the feedback shown is the feedback state
    if isinstance(screen, SummaryScreen):
        assert screen.run.done
    assert duplicate_answers(app) == []


def _app(request=None):
    return make_app(request=request, bank=load_bank([TEST_BANK]))


async def test_digit_during_the_switch_to_the_summary():
    """The last item's Enter switches to the summary while a rating digit is already queued:
    once an IndexError in QuizRun.override_rating."""
    app = _app(QuizRequest(day=1, count=1, seed=5))
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and len(screen.run.items) == 1
        q, part = screen.run.current()
        answer = "0.5" if q.type == "numeric" else "1"
        await pilot.press(*answer, "enter")
        assert screen.feedback is not None
        burst(app, ["enter", "3", "2", "enter", "4"])
        await settle(pilot, 5)
        assert app._exception is None
        assert isinstance(app.screen, (SummaryScreen, HomeScreen))
        assert duplicate_answers(app) == []


async def test_keys_while_the_feedback_is_being_mounted():
    """A digit right behind the answering Enter: once ``NoMatches '#q-rating'``; a second
    Enter right behind it must not answer the same item twice."""
    for seed in range(2):
        app = _app(QuizRequest(day=1, count=4, seed=seed))
        async with app.run_test(size=SIZE) as pilot:
            await app.store_ready.wait()
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            for _ in range(len(screen.run.items)):
                if not screen.is_current:
                    break
                q, part = screen.run.current()
                first = "0.5" if q.type == "numeric" else "1"
                burst(app, [*first, "enter", "2", "enter", "1", "3", "enter"])
                await settle(pilot, 4)
                check_consistent(app)
            assert app._exception is None


def test_override_rating_after_the_last_item_is_harmless(store, test_bank):
    run = QuizRun.start(test_bank, store, test_bank.questions[:1], mode="day", title="t", items=None)
    q, part = run.current()
    run.answer(q.answer if q.type == "single" else "0.5")
    run.advance()
    assert run.done
    assert run.override_rating(2) is True  # still the item just answered, not items[index]
    cards = {item: due for item, _k, _c, due in store.cards()}
    assert list(cards) == [run.items[0]]
    fresh = QuizRun.start(test_bank, store, test_bank.questions[:1], mode="day", title="t")
    assert fresh.override_rating(3) is False  # nothing answered yet: nothing to change


async def test_hammer_keys_across_every_screen():
    """Random bursts of keys across home → quiz → feedback → summary → home, review, the mock
    exam and the drill list: the app stays alive and consistent throughout."""
    rng = random.Random(1313)
    app = _app()
    quits = []
    real_exit = app.exit
    app.exit = lambda *a, **k: quits.append(1)  # q then y/Enter on home would end the test early
    async with app.run_test(size=SIZE) as pilot:
        await app.store_ready.wait()
        await settle(pilot)
        visited: set[str] = set()

        def answering_burst() -> list[str]:
            """Answer, go on, and random keys in between (leaving keys now and then)."""
            keys = [rng.choice("1234"), "enter", rng.choice("1234"), "enter"]
            for _ in range(rng.randint(0, 4)):
                keys.insert(rng.randint(0, len(keys)), rng.choice(HAMMER_KEYS[:2] + HAMMER_KEYS[8:]))
            if rng.random() < 0.08:
                keys.insert(rng.randint(0, len(keys)), rng.choice(["escape", "q"]))
            return keys

        async def hammer(rounds: int, answering: bool = False) -> None:
            for _ in range(rounds):
                burst(app, answering_burst() if answering else rng.choices(HAMMER_KEYS, WEIGHTS, k=rng.randint(2, 9)))
                await settle(pilot, 2)
                visited.add(type(app.screen).__name__)
                check_consistent(app)

        async def home() -> None:
            for _ in range(10):
                if isinstance(app.screen, HomeScreen):
                    return
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

        for round_ in range(3):
            await home()
            app.open_quiz(day=1, count=4, rng=random.Random(round_))
            await settle(pilot)
            await hammer(12, answering=True)
            await home()
            app.open_study("weak", count=3)
            await settle(pilot)
            await hammer(6, answering=True)
            await home()
            app.open_study("review")
            await settle(pilot)
            await hammer(6)
            await home()
            app.open_exam(ExamConfig(items=4, minutes=30), rng=random.Random(round_), new=True)
            await settle(pilot)
            assert isinstance(app.screen, ExamScreen)
            await hammer(6)
            await home()
            await pilot.press("d")
            await settle(pilot)
            burst(app, rng.choices(["up", "down", "escape", "q", "1", "space"], k=6))
            await settle(pilot, 4)
            check_consistent(app)
        assert {"QuizScreen", "SummaryScreen", "HomeScreen", "ExamScreen"} <= visited, visited
        assert app._exception is None
        app.exit = real_exit
