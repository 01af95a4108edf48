"""The bank format: valid files load; every kind of defect names file, line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.bank import load_bank, load_file

pytestmark = pytest.mark.usefixtures("english")  # these tests read the loader's English messages

GOOD = """\
day: 2
questions:
  - id: q1
    type: single
    area: 機械学習
    topic: t
    difficulty: 1
    prompt: p
    choices: [a, b, c, d]
    answer: 3
    explanation: e
    syllabus: course-only
"""


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def issues_of(tmp_path: Path, text: str) -> list[str]:
    qs, issues = load_file(write(tmp_path, text))
    return [str(i) for i in issues]


def test_test_bank_loads_every_type(test_bank):
    assert {q.type for q in test_bank.questions} == {"single", "multi", "numeric", "code"}
    code = test_bank.get("t-code")
    assert code.parts == ("あ", "い")
    assert code.blank("い").choices[0] == "0"
    multi = test_bank.get("t-multi")
    assert multi.answer == (1, 3)
    assert test_bank.get("t-numeric").tolerance == pytest.approx(0.001)
    assert all(q.day == 1 for q in test_bank.questions)


def test_good_file(tmp_path):
    qs, issues = load_file(write(tmp_path, GOOD))
    assert issues == []
    assert qs[0].answer == 3 and qs[0].day == 2 and qs[0].line == 3


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("    answer: 3\n", "    answer: 5\n", 10, "answer: is 5, but there are only 4 choices"),
        ("    answer: 3\n", "    answer: '3'\n", 10, "answer: must be the number (1-4)"),
        ("    area: 機械学習\n", "    area: 物理\n", 5, "area: must be one of"),
        ("    difficulty: 1\n", "    difficulty: 4\n", 7, "difficulty: must be 1, 2 or 3"),
        ("    explanation: e\n", "    explaination: e\n", 11, "explaination: unknown field"),
        ("    explanation: e\n", "", 3, "explanation: is required"),
        ("    type: single\n", "    type: essay\n", 4, "type: must be one of"),
        ("    choices: [a, b, c, d]\n", "    choices: [a, a, c, d]\n", 9, "two identical choices"),
        ("  - id: q1\n", "  - id: 'bad id!'\n", 3, "id: must be letters"),
        ("day: 2\n", "day: 12\n", 1, "day: must be a whole number 0-9"),
    ],
)
def test_each_defect_names_line_and_field(tmp_path, old, new, line, fragment):
    assert old in GOOD
    found = issues_of(tmp_path, GOOD.replace(old, new))
    assert found, "the defect was not reported"
    assert any(f"bank.yaml:{line}:" in m and fragment in m for m in found), found


def test_yaml_syntax_error_has_line(tmp_path):
    found = issues_of(tmp_path, GOOD.replace("    prompt: p\n", "    prompt: [unclosed\n"))
    assert len(found) == 1
    assert "YAML error" in found[0] and "bank.yaml:" in found[0]


def test_python_tags_are_rejected_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    evil = GOOD.replace("    prompt: p\n", f"    prompt: !!python/object/apply:os.system ['touch {marker}']\n")
    found = issues_of(tmp_path, evil)
    assert any("Python object tags are not allowed" in m and "bank.yaml:8" in m for m in found), found
    assert not marker.exists()


def test_multi_and_numeric_defects(tmp_path):
    text = """\
    day: 1
    questions:
      - id: m1
        type: multi
        area: 機械学習
        syllabus: course-only
        topic: t
        difficulty: 2
        prompt: p
        choices: [a, b, c, d]
        answer: [1, 1]
        explanation: e
      - id: n1
        type: numeric
        area: 数学的基礎
        syllabus: course-only
        topic: t
        difficulty: 2
        prompt: p
        answer: .nan
        tolerance: -1
        compute: "answer = 1"
        explanation: e
    """
    found = issues_of(tmp_path, text)
    assert any("bank.yaml:11:" in m and "[m1] answer: lists a choice twice" in m for m in found), found
    assert any("bank.yaml:20:" in m and "[n1] answer: must be a finite number" in m for m in found), found
    assert any("bank.yaml:21:" in m and "tolerance: must be a number >= 0" in m for m in found), found


def test_code_marker_mismatch(tmp_path):
    text = """\
    day: 1
    questions:
      - id: c1
        type: code
        area: 深層学習の基礎
        syllabus: course-only
        topic: t
        difficulty: 2
        prompt: p
        code: |
          y = (あ) + (う)
        blanks:
          - label: あ
            choices: ["1", "2"]
            answer: 1
            explanation: e
          - label: う
            choices: ["1", "2"]
            answer: 1
            explanation: e
        check: "assert y == 2"
        explanation: e
    """
    found = issues_of(tmp_path, text)
    assert any("blanks[1].label: blanks must be labelled in order; expected い" in m and "bank.yaml:17" in m for m in found), found


def test_duplicate_ids_across_files_and_broken_file_skipped(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("day: 2", "day: 3"), "b.yaml")
    write(tmp_path, "day: 1\nquestions: [\n", "c.yaml")
    bank = load_bank([tmp_path])
    assert len(bank) == 1 and bank.questions[0].day == 2
    msgs = [str(i) for i in bank.issues]
    assert any("b.yaml:3:" in m and "duplicate id; first used at" in m and "a.yaml:3" in m for m in msgs), msgs
    assert any("c.yaml" in m and "YAML error" in m for m in msgs), msgs


def test_one_bad_question_keeps_the_rest(tmp_path):
    text = GOOD + GOOD.split("questions:\n")[1].replace("id: q1", "id: q2").replace("answer: 3", "answer: 9")
    text += GOOD.split("questions:\n")[1].replace("id: q1", "id: q3")
    bank = load_bank([write(tmp_path, text)])
    assert [q.id for q in bank.questions] == ["q1", "q3"]
    assert len(bank.issues) == 1 and "[q2]" in str(bank.issues[0])


def test_missing_path_reported(tmp_path):
    bank = load_bank([tmp_path / "nope"])
    assert len(bank) == 0 and "no such file or folder" in str(bank.issues[0])


def test_extra_bank_dirs_from_env(tmp_path, monkeypatch):
    write(tmp_path, GOOD.replace("id: q1", "id: my-own-q"))
    monkeypatch.setenv("QUIZAPP_BANKS", str(tmp_path))
    bank = load_bank()
    assert bank.get("my-own-q") is not None
