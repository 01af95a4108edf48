"""Linked sets (大問) and formula fill-ins (数式穴埋め): format, verification, presentation."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from quizapp.bank import load_bank, load_file
from quizapp.bank.lint import lint_questions
from quizapp.bank.verify import verify_all
from quizapp.exam import ExamConfig, select_exam_items
from quizapp.quiz import select_questions
from quizapp.store.types import split_item
from quizapp.study import with_linked_sets
from quizapp.tui.screens.quiz import question_markdown

BANK_TEXT = """\
day: 5
sets:
  - id: s-iou
    scenario: |
      2 つの箱 A = (0, 0, 4, 4) と B = (2, 2, 6, 6) がある (左上 x, y, 右下 x, y)。
questions:
  - id: s-iou-1
    set: s-iou
    type: numeric
    syllabus: [4-2-2]
    keywords: [NMS]
    topic: 集合テスト
    difficulty: 1
    prompt: 重なりの面積を答えよ。
    answer: 4
    tolerance: 0
    compute: |
      answer = (4 - 2) * (4 - 2)
    explanation: 重なりは 2×2 です。
  - id: s-iou-2
    set: s-iou
    type: numeric
    syllabus: [4-2-2]
    keywords: [NMS]
    topic: 集合テスト
    difficulty: 1
    prompt: IoU を小数第 3 位まで答えよ。
    answer: 0.143
    tolerance: 0.001
    compute: |
      answer = 4 / (16 + 16 - 4)
    explanation: 4 / 28 です。
  - id: lone
    type: numeric
    syllabus: [4-2-2]
    keywords: [NMS]
    topic: 集合テスト
    difficulty: 1
    prompt: 箱 A の面積を答えよ。
    answer: 16
    tolerance: 0
    compute: |
      answer = 16
    explanation: 4×4 です。
  - id: f-center
    type: fill
    syllabus: [4-2-3]
    keywords: [FCOS・Anchor-Free・センターネス]
    topic: 集合テスト
    difficulty: 2
    prompt: FCOS のセンターネスの式の空欄を埋めよ。
    formula: |
      centerness = √( (あ) / max(l, r) × (い) / max(t, b) )
    blanks:
      - label: あ
        choices:
          - {text: "min(l, r)", why: "正しい。左右の近い方と遠い方の比。"}
          - {text: "max(l, r)", why: "常に 1 になり中心らしさを測れない。"}
          - {text: "l + r", why: "比が 1 を超えてしまう。"}
          - {text: "|l − r|", why: "中心で 0 になり逆になる。", expr: "abs(l - r)"}
        answer: 1
        explanation: 近い方 / 遠い方 です。
      - label: い
        choices:
          - {text: "min(t, b)", why: "正しい。上下についても同じ比。"}
          - {text: "t", why: "上下の対称性がない。"}
          - {text: "t · b", why: "単位が合わない。", expr: "t * b"}
          - {text: "max(l, r)", why: "左右と上下を混ぜている。"}
        answer: 1
        explanation: 上下も同じです。
    check: |
      import math
      def c(l, r, t, b):
          return math.sqrt((あ) / max(l, r) * (い) / max(t, b))
      l, r, t, b = 1.0, 3.0, 2.0, 5.0
      assert abs(c(l, r, t, b) - math.sqrt(1 / 3 * 2 / 5)) < 1e-12
      l, r, t, b = 2.0, 2.0, 4.0, 1.0
      assert abs(c(l, r, t, b) - math.sqrt(1 * 1 / 4)) < 1e-12
    explanation: センターネスは中心からのずれを 0〜1 で表します。
"""


def write(tmp_path: Path, text: str = BANK_TEXT) -> Path:
    p = tmp_path / "day05-sets.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_sets_and_fills_load(tmp_path):
    qs, issues = load_file(write(tmp_path))
    assert issues == []
    by = {q.id: q for q in qs}
    assert by["s-iou-1"].set_id == "s-iou" and "B = (2, 2, 6, 6)" in by["s-iou-2"].scenario
    f = by["f-center"]
    assert f.type == "fill" and f.parts == ("あ", "い") and f.verifiable
    assert f.blanks[0].expr(4) == "abs(l - r)" and f.blanks[0].expr(1) == "min(l, r)"


def test_set_and_fill_defects_are_named(tmp_path, english):
    text = BANK_TEXT.replace("    set: s-iou\n    type: numeric\n    syllabus: [4-2-2]\n    keywords: [NMS]\n    topic: 集合テスト\n    difficulty: 1\n    prompt: IoU",
                             "    set: nosuch\n    type: numeric\n    syllabus: [4-2-2]\n    keywords: [NMS]\n    topic: 集合テスト\n    difficulty: 1\n    prompt: IoU")
    _, issues = load_file(write(tmp_path, text))
    msgs = "\n".join(map(str, issues))
    assert "unknown linked set 'nosuch'" in msgs
    assert "linked set 's-iou' has 1 question(s)" in msgs
    text = BANK_TEXT.replace("math.sqrt((あ) / max(l, r) * (い) / max(t, b))", "math.sqrt((あ) / max(l, r))")
    _, issues = load_file(write(tmp_path, text))
    assert "the check never uses (い)" in "\n".join(map(str, issues))


def test_fill_verification_passes_only_the_keyed_combination(tmp_path, english):
    qs, _ = load_file(write(tmp_path))
    fill = [q for q in qs if q.type == "fill"]
    (res,) = verify_all(fill)
    assert res.ok, res.problems
    assert res.runs == 1 + 3 + 3
    # a distractor that evaluates like the key is reported as ambiguous
    text = BANK_TEXT.replace('{text: "max(l, r)", why: "常に 1 になり中心らしさを測れない。"}',
                             '{text: "min(r, l)", why: "順序が違うだけ。"}')
    qs, _ = load_file(write(tmp_path, text))
    (res,) = verify_all([q for q in qs if q.type == "fill"])
    assert not res.ok and "also passes the check: ambiguous" in res.problems[0]


def test_a_set_is_drawn_whole(tmp_path):
    bank = load_bank([write(tmp_path)])
    for seed in range(30):
        ids = [q.id for q in select_questions(bank, count=2, rng=random.Random(seed))]
        if "s-iou-1" in ids or "s-iou-2" in ids:
            assert ids.index("s-iou-2") == ids.index("s-iou-1") + 1
    items = select_exam_items(bank, ExamConfig(items=4), random.Random(1))
    qids = [split_item(i)[0] for i in items]
    if "s-iou-1" in qids:
        assert qids.index("s-iou-2") == qids.index("s-iou-1") + 1


def test_a_due_member_brings_its_set_into_the_review(tmp_path):
    bank = load_bank([write(tmp_path)])
    assert with_linked_sets(bank, ["lone", "s-iou-2", "f-center#あ"]) == ["lone", "s-iou-1", "s-iou-2", "f-center#あ"]


def test_presentation_shows_the_scenario_and_the_formula(tmp_path):
    bank = load_bank([write(tmp_path)])
    md = question_markdown(bank.get("s-iou-2"), "")
    assert md.index("B = (2, 2, 6, 6)") < md.index("IoU を小数第 3 位")
    md = question_markdown(bank.get("f-center"), "い")
    assert "centerness = √( (あ) / max(l, r) × (い) / max(t, b) )" in md and "(い)" in md


def test_fill_blanks_are_linted_like_code_blanks(tmp_path):
    qs, _ = load_file(write(tmp_path))
    report = lint_questions(qs)
    assert report.ok, [str(f) for f in report.findings]
    assert report.files[str(tmp_path / "day05-sets.yaml")].items == 2  # the two four-choice blanks
