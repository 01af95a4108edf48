"""The shipped question banks: valid, every computation and code question verified, and the
content rules of the bank issues that a machine can check."""

from __future__ import annotations

from collections import Counter

import pytest

from quizapp.bank import load_bank
from quizapp.bank.verify import verify_all

from tests.conftest import REPO

BANK = load_bank([REPO / "question_bank"])


def test_shipped_banks_are_valid():
    assert BANK.issues == [], "\n".join(map(str, BANK.issues))
    assert len(BANK) > 0


def test_every_computation_and_code_question_verifies():
    results = verify_all(BANK.questions)
    failures = [str(r) for r in results if not r.ok]
    assert not failures, "\n".join(failures)
    assert len(results) == sum(q.verifiable for q in BANK.questions)


@pytest.mark.parametrize("day", sorted({q.day for q in BANK.questions}))
def test_day_content_rules(day):
    qs = BANK.by_day(day)
    # at least 20% of each day's questions are calculation or code questions, all verified
    calc = [q for q in qs if q.verifiable]
    assert len(calc) >= 0.2 * len(qs), f"day {day}: {len(calc)} of {len(qs)} are calculation/code"
    # single questions are four-choice like the exam
    odd = [q.id for q in qs if q.type == "single" and len(q.choices) != 4]
    assert not odd, odd
    for q in qs:
        for b in q.blanks:
            assert len(b.choices) == 4, (q.id, b.label)
    # the right answer is not always in the same place
    positions = Counter(q.answer for q in qs if q.type == "single")
    if sum(positions.values()) >= 12:
        assert max(positions.values()) <= 0.5 * sum(positions.values()), positions
    # ids follow the day
    assert all(q.source.endswith(f"day{day:02d}.yaml") for q in qs)
