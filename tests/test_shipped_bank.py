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
    # The test extra installs PyTorch, so the PyTorch code questions are run too, never skipped.
    skipped = [str(r) for r in results if r.skipped]
    assert not skipped, "install the test extra (it pins torch):\n" + "\n".join(skipped)
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
    from pathlib import Path

    assert all(Path(q.source).name.startswith(f"day{day:02d}") for q in qs)


# -- fair questions and the syllabus map (issues 17 and 11) --------------------------------

def test_shipped_banks_pass_lint():
    from quizapp.bank.lint import format_report, lint_questions

    report = lint_questions(BANK.questions)
    assert report.ok, format_report(report)
    # every waiver carries a reason (the loader refuses one without)
    assert all(len(w.waived) >= 8 for w in report.waived)


def test_key_is_rarely_the_widest_choice_in_any_day():
    from quizapp.bank.lint import LONGEST_SHARE, lint_questions

    from pathlib import Path

    report = lint_questions(BANK.questions)
    per_day: dict[str, list[int]] = {}
    for path, st in report.files.items():  # a day may span several files (day05.yaml, day05-detection.yaml)
        slot = per_day.setdefault(Path(path).name[:5], [0, 0])
        slot[0] += st.key_longest
        slot[1] += st.items
    assert len(per_day) == 10
    for day, (longest, items) in per_day.items():
        assert items >= 20, day
        assert longest / items <= LONGEST_SHARE, f"{day}: {longest}/{items}"


def test_every_question_is_tagged_and_every_topic_has_one_area():
    from quizapp.bank.loader import topic_area_conflicts

    untagged = [q.id for q in BANK.questions if not (q.syllabus or q.prereq or q.course_only)]
    assert not untagged, untagged
    assert topic_area_conflicts(BANK.questions) == []
    # keywords are those of the question's own items (the loader checks it), and most tagged
    # questions name one; a few test an item through an idea its keyword list lacks (BLEU)
    tagged = [q for q in BANK.questions if q.syllabus]
    without = [q.id for q in tagged if not q.keywords]
    assert len(without) <= 0.02 * len(tagged), without


def test_every_choice_has_a_rationale():
    missing = [q.id for q in BANK.questions if q.type in ("single", "multi") and not all(q.why)]
    missing += [f"{q.id}#{b.label}" for q in BANK.questions for b in q.blanks if not all(b.why)]
    assert not missing, missing
