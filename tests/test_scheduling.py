"""FSRS scheduling: ratings from answers, due dates, overrides, reviews, plan, weak spots."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.quiz import QuizError, QuizRun
from quizapp.scheduling import Rating, auto_rating, drill_rating
from quizapp.study import plan, start_review, start_weak, streak, topic_strengths

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("correct", "seconds", "qtype", "expected"), [
    (False, 5, "single", Rating.AGAIN),
    (True, 5, "single", Rating.EASY),
    (True, 30, "single", Rating.GOOD),
    (True, 61, "single", Rating.HARD),
    (True, 100, "numeric", Rating.GOOD),  # calculations get more time
    (True, 181, "numeric", Rating.HARD),
    (True, 20, "code", Rating.EASY),
])
def test_auto_rating_rule(correct, seconds, qtype, expected):
    assert auto_rating(correct, seconds, qtype) == expected


def test_drill_rating():
    assert drill_rating(False, 0) == Rating.AGAIN
    assert drill_rating(True, 0) == Rating.GOOD
    assert drill_rating(True, 3) == Rating.HARD


def _answer(store, qid, correct, seconds, when, part="", day=1, topic="t", area="機械学習"):
    store.record_answer(None, question_id=qid, part=part, response=1, correct=correct, seconds=seconds,
                        mode="day", day=day, area=area, topic=topic,
                        rating=int(auto_rating(correct, seconds, "single")), when=when)


def test_due_dates_follow_ratings_and_override(store):
    _answer(store, "right", True, 30, T0)
    _answer(store, "wrong", False, 30, T0)
    due = dict(store.due_items(T0 + timedelta(days=400)))
    assert due["wrong"] < due["right"]
    assert due["wrong"] - T0.replace(tzinfo=None) <= timedelta(minutes=10)
    # the learner says the wrong one was only a slip: Easy pushes it out by days
    new_due = store.override_rating("wrong", int(Rating.EASY))
    assert new_due - T0 >= timedelta(days=1)
    assert dict(store.due_items(T0 + timedelta(days=400)))["wrong"] == new_due.replace(tzinfo=None)


def test_review_session_most_overdue_first(test_bank, store):
    _answer(store, "t-single", True, 30, T0)
    _answer(store, "t-multi", False, 30, T0)
    _answer(store, "t-code", True, 30, T0, part="あ")
    _answer(store, "gone-from-bank", False, 30, T0)
    with pytest.raises(QuizError):
        start_review(test_bank, store, now=T0 - timedelta(days=1))
    # FSRS learning steps: a miss comes back after 1 minute, a first "Good" after 10
    run = start_review(test_bank, store, now=T0 + timedelta(minutes=5))
    assert run.items == ["t-multi"]
    later = start_review(test_bank, store, now=T0 + timedelta(days=200))
    assert set(later.items) == {"t-single", "t-multi", "t-code#あ"}
    dues = dict(store.due_items(T0 + timedelta(days=200)))
    assert [dues[i] for i in later.items] == sorted(dues[i] for i in later.items)


def test_quiz_answers_schedule_and_override(test_bank, store):
    run = QuizRun.start(test_bank, store, [test_bank.get("t-single")], mode="day", title="t")
    fb = run.answer(1, seconds=10)  # wrong
    assert fb.rating == Rating.AGAIN
    (item, kind, card, due), = store.cards()
    assert item == "t-single" and kind == "question" and card["state"] == 1
    run.override_rating(int(Rating.GOOD))
    (_, _, card2, _), = store.cards()
    assert card2["stability"] != card["stability"]


def test_plan_counts(test_bank, store):
    p = plan(test_bank, store, now=T0)
    assert (p.reviews_due, p.new_available, p.streak) == (0, 4, 0)
    _answer(store, "t-single", False, 10, T0 - timedelta(days=1))
    _answer(store, "t-multi", True, 10, T0)
    p = plan(test_bank, store, now=T0 + timedelta(minutes=30))
    assert p.reviews_due == 1  # the wrong one
    assert p.new_available == 2 and p.new_today == 1
    assert p.streak == 2


def test_streak():
    today = date(2026, 3, 10)
    assert streak(["2026-03-10", "2026-03-09", "2026-03-07"], today) == 2
    assert streak(["2026-03-09", "2026-03-08"], today) == 2  # today not yet studied
    assert streak(["2026-03-07"], today) == 0


def test_weak_spots_draw_from_the_weakest_topic(test_bank, store):
    with pytest.raises(QuizError):
        start_weak(test_bank, store)
    for i in range(3):
        _answer(store, "t-numeric", False, 10, T0 + timedelta(minutes=i), topic="情報量", area="数学的基礎")
        _answer(store, "t-single", True, 10, T0 + timedelta(minutes=i), topic="活性化関数")
    strengths = topic_strengths(test_bank, store, now=T0 + timedelta(hours=1))
    assert [s.topic for s in strengths] == ["情報量", "活性化関数"]
    assert strengths[0].accuracy == 0 and strengths[1].accuracy == 1
    run = start_weak(test_bank, store, count=1, rng=random.Random(0), now=T0 + timedelta(hours=1))
    assert run.items == ["t-numeric"] and run.mode == "weak"


def test_drill_submissions_schedule_the_drill(store):
    store.record_drill_submission("day01.relu", "x", False, [], 0.1)
    store.record_drill_submission("day01.relu", "x", False, [], 0.1)
    (item, kind, card, _due), = store.cards()
    assert (item, kind) == ("drill:day01.relu", "drill")
    store.record_drill_submission("day01.relu", "x", True, [], 0.1)  # pass after two failures: Hard
    store.record_drill_submission("day01.relu", "x", True, [], 0.1)  # same day again: not rescheduled
    with store.sessionmaker.begin() as s:
        from sqlalchemy import select

        from quizapp.store.models import ReviewLog

        ratings = list(s.scalars(select(ReviewLog.rating).where(ReviewLog.item == "drill:day01.relu")
                                 .order_by(ReviewLog.id)))
    assert ratings == [1, 1, 2]
