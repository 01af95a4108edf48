"""Choices are shuffled at every presentation; what was shown is stored with the answer."""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import text

from quizapp.bank import load_bank
from quizapp.exam import ExamConfig, ExamRun, review_markdown
from quizapp.quiz import QuizRun, choice_order, right_answer_text, shown_choices
from quizapp.store import Store
from quizapp.store.db import make_engine, upgrade
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.widgets.choices import ChoiceList

from tests.conftest import TEST_BANK

BANK = load_bank([TEST_BANK])
SINGLE = BANK.get("t-single")


def test_order_is_a_permutation_fixed_by_seed_and_item():
    a = choice_order(SINGLE, "", 11)
    assert sorted(a) == [1, 2, 3, 4]
    assert choice_order(SINGLE, "", 11) == a  # same session, same item: the same order (resume)
    orders = {choice_order(SINGLE, "", seed) for seed in range(40)}
    assert len(orders) > 10  # sessions differ
    code = BANK.get("t-code")
    # each blank of a code question is shuffled on its own, not all with one permutation
    assert any(choice_order(code, "あ", seed) != choice_order(code, "い", seed) for seed in range(10))


def test_opting_out_keeps_the_file_order():
    fixed = replace(SINGLE, shuffle=False)
    assert {choice_order(fixed, "", seed) for seed in range(20)} == {(1, 2, 3, 4)}
    assert choice_order(BANK.get("t-numeric"), "", 3) == ()


def test_shown_choices_and_the_key_as_numbered_on_screen():
    order = (3, 1, 4, 2)
    shown = shown_choices(SINGLE, "", order)
    assert [c.original for c in shown] == [3, 1, 4, 2] and [c.number for c in shown] == [1, 2, 3, 4]
    assert shown[0].text == SINGLE.choices[2]
    key_on_screen = order.index(SINGLE.answer) + 1
    assert right_answer_text(SINGLE, "", order) == f"{key_on_screen}. {SINGLE.choices[SINGLE.answer - 1]}"


def test_a_quiz_answer_stores_the_order_shown(store):
    run = QuizRun.start(BANK, store, [SINGLE], mode="day", title="t", rng=random.Random(5))
    order = run.order()
    fb = run.answer(SINGLE.answer)
    assert fb.correct
    info = store.load_session(run.session_id)
    assert info.answers["t-single"].shown_order == order
    # the stored answer rebuilds the screen
    assert [c.text for c in shown_choices(SINGLE, "", info.answers["t-single"].shown_order)] == \
        [SINGLE.choices[i - 1] for i in order]
    # a resumed quiz shows the same order
    again = QuizRun.resume(BANK, store, run.session_id)
    assert again.seed == run.seed


def test_the_exam_keeps_one_order_per_attempt_and_reviews_in_it(store):
    run = ExamRun.start(BANK, store, ExamConfig(items=5, minutes=30), random.Random(7))
    orders = run.orders()
    resumed = ExamRun(BANK, store, run.session_id)
    assert resumed.orders() == orders
    for i, item in enumerate(run.items):
        run.go(i)
        q, part = run.current()
        if q.type == "single":
            run.set_response(q.answer)
        elif q.type == "code":
            run.set_response(q.blank(part).answer)
    result = run.submit()
    with store.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT question_id || '#' || part, shown_order FROM answers")).all())
    single_order = orders["t-single"]
    assert rows["t-single#"] == "[" + ", ".join(map(str, single_order)) + "]"
    review = review_markdown(BANK, result, orders)
    key_line = f"{single_order.index(SINGLE.answer) + 1}. {SINGLE.choices[SINGLE.answer - 1]}"
    assert key_line in review


def test_database_from_before_revision_0004_gets_an_empty_order(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO learners (id, name, created_at) VALUES (1, 'default', '2025-01-01')"))
        conn.execute(text(
            "INSERT INTO answers (learner_id, question_id, part, response, correct, seconds, answered_at, mode, day, area, topic) "
            "VALUES (1, 'q', '', '1', 1, 2.0, '2025-01-01', 'day', 3, '機械学習', 't')"))
    engine.dispose()
    s = Store(url)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT shown_order FROM answers")).scalar_one() == ""
    assert s.answers_total() == 1
    s.close()


async def _answer_right_in_the_shown_order(seed: int):
    app = make_app(request=QuizRequest(day=1, count=4, seed=seed), bank=BANK)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        while screen.run.current()[0].id != "t-single":
            q, part = screen.run.current()
            await pilot.press(*("0.5" if q.type == "numeric" else "1"), "enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        widget = screen.query_one("#q-choices", ChoiceList)
        on_screen = list(widget.choices)
        key_position = on_screen.index(SINGLE.choices[SINGLE.answer - 1]) + 1
        await pilot.press(str(key_position), "enter")
        await pilot.pause()
        assert screen.feedback.correct
        # each choice's rationale is shown beside it after the answer
        rendered = str(widget.render())
        assert all(w in rendered for w in SINGLE.why if w)
        stored = app.store.load_session(screen.run.session_id).answers["t-single"]
        return on_screen, [c.text for c in shown_choices(SINGLE, "", stored.shown_order)]


async def test_same_question_in_two_orders_answered_right_in_both():
    seen = {}
    for seed in range(1, 30):
        shown, rebuilt = await _answer_right_in_the_shown_order(seed)
        assert shown == rebuilt  # the stored answer reconstructs what was on screen
        seen[tuple(shown)] = seed
        if len(seen) == 2:
            break
    assert len(seen) == 2, "two sessions never showed t-single in different orders"
