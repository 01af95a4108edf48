"""Quiz logic: selection, grading per type, runs that are left and resumed."""

from __future__ import annotations

import random

import pytest

from quizapp.quiz import QuizError, QuizRun, is_correct, parse_numeric, select_questions, start_quiz

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)


def test_grading_rules(test_bank):
    single, multi, numeric, code = (test_bank.get(i) for i in ("t-single", "t-multi", "t-numeric", "t-code"))
    assert is_correct(single, "", 2) and not is_correct(single, "", 1)
    assert is_correct(multi, "", [3, 1]) and not is_correct(multi, "", [1]) and not is_correct(multi, "", [1, 2, 3])
    assert is_correct(numeric, "", "0.5") and is_correct(numeric, "", "0.5009") and not is_correct(numeric, "", "0.502")
    assert is_correct(numeric, "", "０．５") and not is_correct(numeric, "", "abc")
    assert is_correct(code, "あ", 1) and not is_correct(code, "い", 2)


def test_parse_numeric():
    assert parse_numeric("1,024") == 1024
    assert parse_numeric("−0.25") == -0.25
    assert parse_numeric("1e-3") == 0.001
    assert parse_numeric("inf") is None and parse_numeric("") is None


def test_selection(test_bank):
    qs = select_questions(test_bank, day=1, count=2, rng=random.Random(1))
    assert len(qs) == 2 and len({q.id for q in qs}) == 2
    assert {q.id for q in select_questions(test_bank, area="数学", count=10)} == {"t-numeric"}
    assert len(select_questions(test_bank, area="深層学習", count=10)) == 3  # report area folds both DL areas
    with pytest.raises(QuizError, match="この条件に合う問題がありません"):
        select_questions(test_bank, day=5)
    with pytest.raises(QuizError, match="分野 '物理' はありません"):
        select_questions(test_bank, area="物理")


def test_run_leave_and_resume(test_bank, store):
    run = start_quiz(test_bank, store, day=1, count=4, rng=random.Random(0))
    assert len(run.items) == 5  # the code question asks two blanks
    answered = []
    for _ in range(2):
        q, part = run.current()
        right = q.answer if q.type in ("single", "multi") else q.blank(part).answer if part else str(q.answer)
        fb = run.answer(list(right) if q.type == "multi" else right, seconds=1.0)
        assert fb.correct
        answered.append(run.items[run.index])
        run.advance()
    # leave here; a new run on the same session starts at the third item
    again = QuizRun.resume(test_bank, store, run.session_id)
    assert again.index == 2 and set(again.answers) == set(answered)
    while not again.done:
        again.answer(99 if again.current()[0].type != "numeric" else "7")  # all wrong
        again.advance()
    s = again.summary()
    assert (s.total, s.correct) == (5, 2) and len(s.wrong) == 3
    assert store.unfinished_sessions() == []
    assert store.answers_total() == 5


def test_position_counts_questions_not_blanks(store, test_bank):
    """'Questions per quiz' counts questions: a code question with two blanks is one, and the
    header's n/total agrees with the count asked for."""
    qs = [test_bank.get("t-code"), test_bank.get("t-single")]
    run = QuizRun.start(test_bank, store, qs, mode="mixed", title="t")
    assert len(run.items) == 3  # two blanks + one question
    seen = []
    while not run.done:
        seen.append(run.position)
        q, part = run.current()
        run.answer(q.blank(part).answer if part else q.answer)
        run.advance()
    assert seen == [(1, 2), (1, 2), (2, 2)]
