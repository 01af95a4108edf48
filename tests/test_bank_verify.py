"""``bank verify`` runs computations and code questions and catches wrong keys."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.bank import load_file
from quizapp.bank.verify import verify_all, verify_question
from quizapp.sandbox import Limits, Sandbox

from tests.conftest import TEST_BANK

pytestmark = pytest.mark.usefixtures("english")  # these tests read verify's English messages

HEAD = """\
day: 1
questions:
"""


def one(tmp_path, body: str):
    p = tmp_path / "b.yaml"
    p.write_text(HEAD + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    qs, issues = load_file(p)
    assert not issues, issues
    return qs[0]


def test_test_bank_verifies():
    qs, _ = load_file(TEST_BANK / "day01.yaml")
    results = verify_all(qs)
    assert [r.question.id for r in results] == ["t-single", "t-numeric", "t-code"]
    assert all(r.ok for r in results), [str(r) for r in results]
    code = next(r for r in results if r.question.id == "t-code")
    assert code.runs == 1 + 3 + 3  # all-right run plus one per distractor


def test_wrong_numeric_key_is_caught(tmp_path):
    q = one(tmp_path, """\
    - id: n
      type: numeric
      area: 数学的基礎
      syllabus: course-only
      topic: t
      difficulty: 1
      prompt: p
      answer: 0.3
      tolerance: 0.01
      compute: |
        answer = 0.1 + 0.1
      explanation: e
    """)
    with Sandbox() as sb:
        r = verify_question(q, sb)
    assert not r.ok and "compute gives 0.2" in r.problems[0] and "stated answer is 0.3" in r.problems[0]


def test_wrong_single_key_is_caught(tmp_path):
    q = one(tmp_path, """\
    - id: s
      type: single
      area: 数学的基礎
      syllabus: course-only
      topic: t
      difficulty: 1
      prompt: p
      choices: ["1", "2", "3", "4"]
      answer: 1
      compute: |
        answer = choices.index(str(2 + 1)) + 1
      explanation: e
    """)
    with Sandbox() as sb:
        r = verify_question(q, sb)
    assert not r.ok and "picks choice 3" in r.problems[0]


def test_ambiguous_and_broken_code_questions(tmp_path):
    q = one(tmp_path, """\
    - id: c
      type: code
      area: 深層学習の基礎
      syllabus: course-only
      topic: t
      difficulty: 1
      prompt: p
      code: |
        y = abs((あ))
      blanks:
        - label: あ
          choices: ["2", "-2", "3", "undefined_name"]
          answer: 1
          explanation: e
      check: |
        assert y == 2
      explanation: e
    """)
    with Sandbox() as sb:
        r = verify_question(q, sb)
    assert not r.ok
    assert len(r.problems) == 1 and "choice 2 ('-2') also passes the check: ambiguous" in r.problems[0]


def test_compute_that_hangs_is_reported(tmp_path):
    q = one(tmp_path, """\
    - id: h
      type: numeric
      area: 数学的基礎
      syllabus: course-only
      topic: t
      difficulty: 1
      prompt: p
      answer: 1
      tolerance: 0
      compute: |
        while True:
            pass
      explanation: e
    """)
    with Sandbox() as sb:
        r = verify_question(q, sb, Limits(wall_s=1.0, cpu_s=2))
    assert not r.ok and "did not finish within 1 s" in r.problems[0]
