"""Bank size limits (a huge file is refused at once, the rest loads) and YAML merge keys
(issue 13)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from quizapp.bank import load_bank, load_file
from quizapp.bank import loader

from tests.conftest import TEST_BANK

pytestmark = pytest.mark.usefixtures("english")  # these tests read the loader's English messages

Q = """  - id: {qid}
    type: single
    syllabus: [3-1-4]
    topic: 活性化関数
    difficulty: 1
    prompt: 問題 {qid}
    choices: [a, b]
    answer: 1
    explanation: 解説
"""


def bank_text(ids, day: int = 1) -> str:
    return f"day: {day}\nquestions:\n" + "".join(Q.format(qid=i) for i in ids)


def test_a_file_over_the_size_limit_is_refused_from_its_size(tmp_path):
    big = tmp_path / "huge.yaml"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB on paper; never read
    t = time.perf_counter()
    qs, issues = load_file(big)
    took = time.perf_counter() - t
    assert qs == [] and len(issues) == 1
    msg = str(issues[0])
    assert str(big) in msg and "50.0 MB" in msg and f"at most {loader.MAX_FILE_BYTES / 2**20:.1f} MB" in msg
    assert took < 1.0  # it is refused from stat(), not parsed (parsing 50 MB took 45 s)


def test_too_many_questions_in_one_file_refused_before_construction(tmp_path):
    n = loader.MAX_QUESTIONS_PER_FILE + 1
    path = tmp_path / "many.yaml"
    path.write_text(bank_text(f"m{i}" for i in range(n)), encoding="utf-8")
    assert path.stat().st_size < loader.MAX_FILE_BYTES
    qs, issues = load_file(path)
    assert qs == []
    assert [i.field for i in issues] == ["questions"]
    assert f"has {n} questions; a bank file may have at most {loader.MAX_QUESTIONS_PER_FILE}" in str(issues[0])


def test_the_rest_of_the_banks_still_load(tmp_path, monkeypatch):
    folder = tmp_path / "extra"
    folder.mkdir()
    with open(folder / "a_huge.yaml", "wb") as f:
        f.truncate(loader.MAX_FILE_BYTES + 1)
    (folder / "b_good.yaml").write_text(bank_text(["extra-1", "extra-2"], day=3), encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_BANKS", str(folder))
    bank = load_bank()
    assert bank.get("extra-1") is not None and bank.get("extra-2") is not None
    assert len(bank.by_day(1)) > 10  # the shipped banks are all there
    problems = [i for i in bank.issues if "a_huge.yaml" in i.path]
    assert len(problems) == 1 and "a bank file may be at most" in problems[0].message
    assert [i for i in bank.issues if "a_huge" not in i.path] == []


def test_total_question_limit_across_files(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_QUESTIONS_TOTAL", 5)
    (tmp_path / "a.yaml").write_text(bank_text(["a1", "a2", "a3"]), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(bank_text(["b1", "b2", "b3"]), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(bank_text(["c1", "c2"]), encoding="utf-8")
    bank = load_bank([tmp_path])
    assert sorted(q.id for q in bank.questions) == ["a1", "a2", "a3", "c1", "c2"]
    (issue,) = bank.issues
    assert issue.path.endswith("b.yaml")
    assert "has 3 questions, more than the 2 left of the limit of 5 questions for all banks together" in issue.message


def test_shipped_banks_are_well_inside_the_limits():
    bank = load_bank()
    assert not bank.issues
    assert len(bank) < loader.MAX_QUESTIONS_TOTAL / 10
    for f in bank.files:
        assert Path(f).stat().st_size < loader.MAX_FILE_BYTES / 4


def test_a_fifo_named_as_a_bank_file_is_skipped_not_read(tmp_path):
    fifo = tmp_path / "trap.yaml"
    os.mkfifo(fifo)
    qs, issues = load_file(fifo)  # reading it would block forever
    assert qs == [] and "not a regular file" in str(issues[0])


# -- merge keys -----------------------------------------------------------------------------

MERGE = """day: 1
questions:
  - &base
    id: base-1
    type: single
    syllabus: [3-1-4]
    topic: 活性化関数
    difficulty: 1
    prompt: 最初の問題
    choices: [a, b, c]
    answer: 1
    explanation: 解説
  - <<: *base
    id: base-2
    difficulty: 3
    answer: 2
"""


def test_merge_key_copies_a_question_and_own_keys_win(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MERGE, encoding="utf-8")
    qs, issues = load_file(path)
    assert issues == []
    first, second = qs
    assert (second.id, second.difficulty, second.answer) == ("base-2", 3, 2)
    assert (second.prompt, second.choices, second.topic) == (first.prompt, first.choices, first.topic)
    assert (first.difficulty, first.answer) == (1, 1)  # the anchor itself is unchanged
    assert second.line == 13


def test_merge_of_several_mappings_earlier_wins(tmp_path):
    # A top-level helper key is not allowed, so the anchors live on questions themselves.
    text = """day: 1
questions:
  - &a
    id: a
    type: single
    syllabus: [3-1-4]
    topic: 共通A
    difficulty: 2
    prompt: A
    choices: [x, y]
    answer: 1
    explanation: E
  - &b
    id: b
    type: single
    syllabus: [2-1-1]
    topic: 共通B
    difficulty: 1
    prompt: B
    choices: [x, y]
    answer: 2
    explanation: E
  - <<: [*a, *b]
    id: c
"""
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    qs, issues = load_file(path)
    assert issues == []
    c = qs[2]
    assert (c.id, c.topic, c.syllabus, c.answer, c.prompt) == ("c", "共通A", qs[0].syllabus, 1, "A")
    assert qs[0].syllabus != qs[1].syllabus


def test_duplicate_keys_are_still_errors_with_merge_keys(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(MERGE.replace("    difficulty: 3\n", "    difficulty: 3\n    difficulty: 2\n"), encoding="utf-8")
    qs, issues = load_file(path)
    assert qs == [] and len(issues) == 1
    assert issues[0].line == 16 and "duplicate key 'difficulty'" in issues[0].message


def test_merge_of_a_scalar_is_a_clear_error(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(MERGE.replace("  - <<: *base\n", "  - <<: 3\n"), encoding="utf-8")
    qs, issues = load_file(path)
    assert qs == [] and issues[0].line == 13
    assert "a merge key '<<' takes a mapping" in issues[0].message


def test_python_tags_are_still_refused_next_to_merge_keys(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(MERGE.replace("    answer: 2\n", "    answer: !!python/object/apply:os.system [\"true\"]\n"),
                    encoding="utf-8")
    qs, issues = load_file(path)
    assert qs == [] and "Python object tags are not allowed" in issues[0].message


def test_test_bank_still_loads():
    bank = load_bank([TEST_BANK])
    assert len(bank) == 4 and not bank.issues
