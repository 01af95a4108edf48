"""The technical test: drill selection across days, verdicts kept with the clock, result."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from quizapp.quiz import QuizError
from quizapp.techtest import TechTest, select_drills

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)

DRILLS = {f"day0{d}.x{i}": SimpleNamespace(id=f"day0{d}.x{i}", day=d) for d in range(10) for i in range(3)}


def test_selection_spans_days():
    ids = select_drills(DRILLS, 5, random.Random(1))
    assert len(ids) == 5 and len({DRILLS[i].day for i in ids}) == 5
    assert ids == sorted(ids, key=lambda i: (DRILLS[i].day, i))
    assert len(select_drills(DRILLS, 12, random.Random(1))) == 12  # more than the days: two from some
    with pytest.raises(QuizError):
        select_drills({}, 5)


def test_record_resume_and_submit(store):
    t = TechTest.start(store, DRILLS, count=3, minutes=60, rng=random.Random(2))
    a, b, c = t.drill_ids
    t.record(a, False, [{"passed": True}, {"passed": False}], elapsed_s=100)
    t.record(a, True, [{"passed": True}, {"passed": True}], elapsed_s=200)
    t.record(b, False, [{"passed": False}], elapsed_s=300)
    with pytest.raises(QuizError):
        t.record("day09.nope", True, [], elapsed_s=301)
    again = TechTest(store, t.session_id)  # as after a crash
    assert again.elapsed_s == 300 and again.verdicts[a]["attempts"] == 2
    r = again.submit(elapsed_s=400)
    assert r.passed == 1 and [d.drill_id for d in r.drills] == [a, b, c]
    assert (r.drills[0].checks_passed, r.drills[0].checks_total) == (2, 2)
    assert r.drills[2].attempts == 0 and not r.timed_out
    hist = store.exam_history("techtest")
    assert hist[0]["result"]["passed"] == 1 and hist[0]["result"]["total"] == 3
    with pytest.raises(QuizError):
        again.record(c, True, [], elapsed_s=500)
