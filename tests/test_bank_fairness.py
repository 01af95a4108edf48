"""Per-choice rationales, shuffle opt-out, waivers, syllabus tags, lint and coverage."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from quizapp.bank import load_bank, load_file
from quizapp.bank.coverage import coverage
from quizapp.bank.lint import lint_questions, longest_ratio, width
from quizapp.bank.syllabus import SyllabusError, load_syllabus, parse_syllabus
from quizapp.cli import main

pytestmark = pytest.mark.usefixtures("english")  # these tests read the loader's English messages


def write(tmp_path: Path, body: str, day: int = 5, name: str = "bank.yaml") -> Path:
    p = tmp_path / name
    p.write_text(f"day: {day}\nquestions:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return p


FAIR = """\
- id: fair-1
  type: single
  syllabus: [4-2-2]
  keywords: [NMS]
  topic: 物体検出
  difficulty: 2
  prompt: NMS (non-maximum suppression) の処理として正しいものはどれか。
  choices:
    - text: スコア順に箱を取り、IoU がしきい値を超える他の箱を除く
      why: 正しい。重なりの大きい重複検出を抑える。
    - text: スコア順に箱を取り、IoU がしきい値未満の他の箱を除く
      why: 条件が逆で、別の物体の箱を消してしまう。
    - text: 面積順に箱を取り、IoU がしきい値を超える他の箱を除く
      why: 順序の基準はスコアで、面積ではない。
    - text: スコア順に箱を取り、中心距離が近い他の箱を全部残す
      why: 重複を残すので抑制にならない。
  answer: 1
  explanation: NMS はスコアの高い箱から確定し、それと大きく重なる箱を重複として除きます。
"""


# -- syllabus -----------------------------------------------------------------------------

def test_shipped_syllabus_has_every_item_with_scope_and_keywords():
    syl = load_syllabus()
    assert len(syl.items) == 73
    assert [m.id for m in syl.majors] == ["1", "2", "3", "4", "5"]
    assert {i.scope for i in syl.items.values()} == {"in", "gray", "disputed"}
    assert [i.id for i in syl.items_under("4-2")] == ["4-2-1", "4-2-2", "4-2-3"]
    assert len(syl.items_under("4")) == 26  # 2+3+1+3+3+5+2+5+2
    assert syl.item("4-5-1").examined is False and syl.item("4-2-3").examined is True  # gray / disputed
    assert syl.item("4-2-2").area == "深層学習の応用" and syl.item("1-3-1").area == "数学的基礎"
    assert [(i.id, k) for i, k in syl.find_keywords("nms")] == [("4-2-2", "NMS")]
    assert {i.id for i, _ in syl.find_keywords("GAN")} >= {"4-6-4", "4-6-5"}
    assert syl.node_label("4-2", "en") == "4-2 Object detection"


def test_a_broken_syllabus_names_the_entry():
    with pytest.raises(SyllabusError, match=r"majors\[0\].sections\[0\].items\[0\].*scope"):
        parse_syllabus({"majors": [{"id": "1", "name": "a", "name_en": "a", "area": "数学的基礎", "sections": [
            {"id": "1-1", "name": "b", "name_en": "b", "items": [
                {"id": "1-1-1", "name": "c", "name_en": "c", "scope": "maybe", "keywords": ["k"]}]}]}]})


def test_syllabus_file_in_a_bank_folder_is_not_read_as_questions(tmp_path):
    write(tmp_path, FAIR)
    (tmp_path / "syllabus.yaml").write_text("majors: []\n", encoding="utf-8")
    bank = load_bank([tmp_path])
    assert bank.issues == [] and [q.id for q in bank.questions] == ["fair-1"]


# -- the format ---------------------------------------------------------------------------

def test_choices_with_rationales_tags_and_derived_area(tmp_path):
    (q,), issues = load_file(write(tmp_path, FAIR))
    assert issues == []
    assert q.choices[0].startswith("スコア順") and q.why[1] == "条件が逆で、別の物体の箱を消してしまう。"
    assert q.syllabus == ("4-2-2",) and q.keywords == ("NMS",) and q.area == "深層学習の応用"
    assert q.shuffle is True and q.waive == ()


def test_code_blank_rationales_shuffle_and_waivers(tmp_path):
    (q,), issues = load_file(write(tmp_path, """\
        - id: c-1
          type: code
          prereq: 3-4-1
          topic: NumPy
          difficulty: 1
          shuffle: false
          prompt: 空欄を埋めよ。
          code: |
            y = (あ)
          blanks:
            - label: あ
              shuffle: true
              waive: {longest: "正解の式は定義どおりに書くと必ず長くなるため"}
              choices:
                - {text: "1 + 1", why: "正しい"}
                - {text: "3", why: "違う"}
                - "4"
                - "5"
              answer: 1
              explanation: 2 になります。
          check: |
            assert y == 2
          explanation: 足し算です。
        """))
    assert issues == []
    b = q.blanks[0]
    assert q.prereq == "3-4-1" and q.syllabus_items == ("3-4-1",) and q.area == "深層学習の基礎"
    assert q.shuffle is False and b.shuffle is True
    assert b.why == ("正しい", "違う", "", "")
    assert dict(b.waive) == {"longest": "正解の式は定義どおりに書くと必ず長くなるため"}


@pytest.mark.parametrize("patch, expected", [
    (("keywords: [NMS]", "keywords: [NMS, Transformer]"), "'Transformer' is not a keyword of 4-2-2"),
    (("syllabus: [4-2-2]", "syllabus: [4-2]"), "unknown syllabus item '4-2' (a 中項目; name its 小項目, e.g. 4-2-1)"),
    (("syllabus: [4-2-2]", "syllabus: [4-2-2]\n  area: 機械学習"), "the syllabus item's area is '深層学習の応用'"),
    (("syllabus: [4-2-2]", "syllabus: course-only"), "a course-only question has no syllabus keywords"),
    (("syllabus: [4-2-2]", "syllabus: [4-2-2]\n  prereq: 3-1-1"), "give either syllabus or prereq, not both"),
    (("      why: 条件が逆で、別の物体の箱を消してしまう。", "      why: 3"), "choices[1].why: must be a string"),
    (("  answer: 1", "  answer: 1\n  waive: {longest: 長い}"), "waive.longest: needs a written reason"),
    (("  answer: 1", "  answer: 1\n  waive: {shortest: 短くできない理由がここにある}"), "unknown lint check 'shortest'"),
    (("  answer: 1", "  answer: 1\n  shuffle: sometimes"), "shuffle: must be true or false"),
])
def test_bad_tags_and_fields_are_reported_with_line_and_field(tmp_path, patch, expected):
    _, issues = load_file(write(tmp_path, FAIR.replace(*patch)))
    text = "\n".join(map(str, issues))
    assert expected in text
    assert "bank.yaml:" in text and "[fair-1]" in text


def test_course_only_needs_an_explicit_area(tmp_path):
    body = FAIR.replace("syllabus: [4-2-2]\n", "syllabus: course-only\n").replace("  keywords: [NMS]\n", "")
    _, issues = load_file(write(tmp_path, body))
    assert any(i.field == "area" for i in issues)
    (q,), issues = load_file(write(tmp_path, body.replace("topic:", "area: 深層学習の応用\n  topic:")))
    assert issues == [] and q.course_only and q.syllabus_items == ()


def test_one_topic_one_area_is_checked_across_files(tmp_path, monkeypatch):
    from quizapp.bank import loader

    monkeypatch.setattr(loader, "REQUIRE_SYLLABUS", True)
    write(tmp_path, FAIR, name="a.yaml")
    other = FAIR.replace("fair-1", "fair-2").replace("syllabus: [4-2-2]", "syllabus: [2-1-12]").replace(
        "keywords: [NMS]", "keywords: [IoU・mAP]")
    write(tmp_path, other, name="b.yaml")
    bank = load_bank([tmp_path])
    assert [i.question_id for i in bank.issues] == ["fair-2"]
    assert "topic '物体検出' is in area '機械学習' here but '深層学習の応用'" in str(bank.issues[0])


def test_untagged_questions_are_rejected_when_tags_are_required(tmp_path, monkeypatch):
    from quizapp.bank import loader

    monkeypatch.setattr(loader, "REQUIRE_SYLLABUS", True)
    body = FAIR.replace("syllabus: [4-2-2]\n", "area: 深層学習の応用\n").replace("  keywords: [NMS]\n", "")
    _, issues = load_file(write(tmp_path, body))
    assert [i.field for i in issues] == ["syllabus"]


# -- lint ---------------------------------------------------------------------------------

def lint_of(tmp_path, body):
    qs, issues = load_file(write(tmp_path, body))
    assert issues == [], issues
    return lint_questions(qs)


def test_a_fair_question_has_no_findings(tmp_path):
    report = lint_of(tmp_path, FAIR)
    assert report.ok, report.findings
    assert report.files[str(tmp_path / "bank.yaml")].items == 1


def test_width_counts_full_width_double():
    assert width("abc") == 3 and width("正則化") == 6 and width("（") == 2
    assert longest_ratio(["ab", "abcd", "a", "abc"], 2) == pytest.approx(4 / 3)
    assert longest_ratio(["ab", "abcd", "abcd", "abc"], 2) is None  # a tie is not "strictly widest"


def cue(body: str, old: str, new: str) -> str:
    assert old in body
    return body.replace(old, new)


@pytest.mark.parametrize("old, new, kind", [
    ("スコア順に箱を取り、IoU がしきい値を超える他の箱を除く",
     "スコアの高い順に箱を確定し、その箱との IoU があらかじめ決めたしきい値を超える他の箱を重複検出として順に取り除く", "longest"),
    ("スコア順に箱を取り、IoU がしきい値を超える他の箱を除く", "スコア順に取り IoU = 重なり/和 がしきい値超の箱を除く", "unique-formula"),
    ("スコア順に箱を取り、IoU がしきい値を超える他の箱を除く", "スコア順に取り、重複 (duplicates) を除く", "unique-gloss"),
    ("スコア順に箱を取り、IoU がしきい値を超える他の箱を除く", "スコア順に箱を取り、重なる箱を除くことが多い", "unique-hedge"),
    ("面積順に箱を取り、IoU がしきい値を超える他の箱を除く", "必ず面積順に箱を取り、重なる他の箱を除く", "absolute"),
    ("面積順に箱を取り、IoU がしきい値を超える他の箱を除く", "スコア順に箱を取り、ＩｏＵ がしきい値を超える他の箱を除く", "duplicate"),
    ("除きます。", "除きます。選択肢2は条件が逆です。", "position-ref"),
    ("除きます。", "除きます。2 は条件が逆です。", "position-ref"),
    ("除きます。", "除きます。3つ目は面積で選んでいます。", "position-ref"),
    ("      why: 重複を残すので抑制にならない。", "      why: 2 と 3 は順序が違うだけ。", "position-ref"),
    ("NMS (non-maximum suppression) の", "NMS（non-maximum suppression）と IoU (intersection over union) の", "width-mix"),
    ("      why: 重複を残すので抑制にならない。\n", "", "missing-why"),
])
def test_each_cue_is_found(tmp_path, old, new, kind):
    report = lint_of(tmp_path, cue(FAIR, old, new))
    assert kind in report.by_kind(), [str(f) for f in report.findings]
    f = next(f for f in report.findings if f.kind == kind)
    assert f.question_id == "fair-1" and f.path.endswith("bank.yaml") and f.line > 0


def test_words_that_only_look_like_cues(tmp_path):
    body = cue(FAIR, "面積順に箱を取り、IoU がしきい値を超える他の箱を除く", "面積順に箱を取り、非常に重なる他の箱を除く")
    assert lint_of(tmp_path, body).ok  # 非常に is not 常に


def test_more_position_phrasings(tmp_path):
    for phrase in ("最初の記述は逆です。", "3番目の通りです。", "最初の2つは誤りです。"):
        body = cue(FAIR, "除きます。", "除きます。" + phrase)
        assert "position-ref" in lint_of(tmp_path, body).by_kind(), phrase


def test_a_number_in_an_explanation_is_not_a_position(tmp_path):
    body = cue(FAIR, "除きます。", "除きます。しきい値を 0.5 とすると、IoU が 0.7 の箱は除かれ、残る箱は 2 つです。")
    assert lint_of(tmp_path, body).ok


def test_absolute_words_in_the_key_of_a_wrong_statement_stem(tmp_path):
    body = cue(FAIR, "として正しいものは", "として誤っているものは")
    body = cue(body, "スコア順に箱を取り、IoU がしきい値を超える他の箱を除く", "必ず全ての箱を残して、スコアだけを並べ替える")
    assert "absolute" in lint_of(tmp_path, body).by_kind()


def test_a_waiver_moves_the_finding_to_the_listed_waivers(tmp_path):
    body = cue(FAIR, "スコア順に箱を取り、IoU がしきい値を超える他の箱を除く",
               "スコアの高い順に箱を確定し、その箱との IoU があらかじめ決めたしきい値を超える他の箱を重複検出として順に取り除く")
    body = cue(body, "  answer: 1\n", "  answer: 1\n  waive:\n    longest: 手順を正確に述べると長くなり、短くすると誤りになるため\n")
    report = lint_of(tmp_path, body)
    assert report.ok
    assert [(w.kind, w.waived) for w in report.waived] == [("longest", "手順を正確に述べると長くなり、短くすると誤りになるため")]


def test_uneven_key_positions_in_a_file(tmp_path):
    blocks = "".join(FAIR.replace("fair-1", f"fair-{i}") for i in range(16))
    report = lint_of(tmp_path, blocks)
    assert [f.kind for f in report.findings] == ["position-spread"]
    assert "1: 16, 2: 0, 3: 0, 4: 0" in report.findings[0].message


# -- line breaks inside a sentence (issue 12: a single newline is a line break on screen) ----

def with_prompt(body: str, prompt_lines: str) -> str:
    """FAIR with its prompt replaced by a ``|`` block of ``prompt_lines``."""
    block = "  prompt: |\n" + textwrap.indent(textwrap.dedent(prompt_lines), "    ")
    return cue(body, "  prompt: NMS (non-maximum suppression) の処理として正しいものはどれか。\n", block)


def test_a_sentence_broken_mid_way_is_found_at_its_line(tmp_path):
    body = with_prompt(FAIR, """\
        NMS (non-maximum suppression) では、スコアの高い箱から確定し、
        それと大きく重なる箱を除く。その処理として正しいものはどれか。
        """)
    report = lint_of(tmp_path, body)
    assert report.by_kind() == {"line-break": 1}, [str(f) for f in report.findings]
    f = report.findings[0]
    lines = (tmp_path / "bank.yaml").read_text(encoding="utf-8").split("\n")
    assert f.question_id == "fair-1" and lines[f.line - 1].strip().endswith("確定し、")
    assert "prompt" in f.message and "確定し、⏎それと大きく" in f.message
    # joined, the same prompt is clean
    joined = cue(body, "確定し、\n    それと", "確定し、それと")
    assert lint_of(tmp_path, joined).ok


@pytest.mark.parametrize("old, new", [
    # a line that ends mid-phrase, then prose
    ("\n  explanation: NMS はスコアの高い箱から確定し、それと大きく重なる箱を重複として除きます。\n",
     "\n  explanation: |\n    NMS はスコアの高い箱から確定し、それと大きく重なる箱を\n    重複として除きます。\n"),
    # a choice's rationale written as a block
    ("      why: 条件が逆で、別の物体の箱を消してしまう。\n",
     "      why: |\n        条件が逆で、別の物体の\n        箱を消してしまう。\n"),
    # a run of values that ends in 「、」 and goes on at the next line
    ("\n  explanation: NMS はスコアの高い箱から確定し、それと大きく重なる箱を重複として除きます。\n",
     "\n  explanation: |\n    IoU(A, B) = 0.7、IoU(A, C) = 0.2、\n    IoU(B, C) = 0.1。\n"),
    # a sentence going on in brackets at the next line
    ("\n  explanation: NMS はスコアの高い箱から確定し、それと大きく重なる箱を重複として除きます。\n",
     "\n  explanation: |\n    NMS は重なる箱を除きます\n    (しきい値は 0.5 が多い)。\n"),
], ids=["explanation", "why", "values-ending-in-comma", "bracket-on-next-line"])
def test_other_mid_sentence_breaks_are_found(tmp_path, old, new):
    report = lint_of(tmp_path, cue(FAIR, old, new))
    assert report.by_kind() == {"line-break": 1}, [str(f) for f in report.findings]


@pytest.mark.parametrize("prompt", [
    # one sentence per line, and a new paragraph after a blank line
    """\
    NMS は重複した検出を除く後処理である。
    スコアの高い箱から確定する。

    その処理として正しいものはどれか。
    """,
    # a Markdown table
    """\
    各箱のスコアは次のとおりである。
    | 箱 | スコア |
    |---|---|
    | A | 0.9 |
    | B | 0.8 |
    その処理として正しいものはどれか。
    """,
    # a table aligned with spaces
    """\
    各箱のスコアと IoU は
    箱    スコア    A との IoU
    B     0.80      0.70
    その処理として正しいものはどれか。
    """,
    # list items that end without punctuation, and the sentence after them
    """\
    次の手順を考える:
    - スコア順に箱を並べる
    - 先頭の箱を確定し、
    - 重なる箱を除く
    1. 次の箱へ進み
    2. 箱がなくなれば終わる
    その処理として正しいものはどれか。
    """,
    # a fenced block whose lines end anywhere
    """\
    次のコードを考える。
    ```
    keep = []  # スコア順に、
    for i in order:
    ```
    その処理として正しいものはどれか。
    """,
    # a display: the sentence leads into an equation on its own line and goes on after it
    """\
    NMS で使う重なりの指標
    IoU(A, B) = |A ∩ B| / |A ∪ B|
    を考える。その処理として正しいものはどれか。
    """,
    # an equation with a remark in brackets is still a display
    """\
    二値交差エントロピー
    E = −(1/N) Σ_n [ t_n log y_n + (1 − t_n) log(1 − y_n) ]   (log は自然対数)
    を最小化する検出器の、NMS の処理として正しいものはどれか。
    """,
    # indented code
    """\
    次の行列を考える:
        A = [[1, 2],
             [3, 4]]
    その処理として正しいものはどれか。
    """,
    # a line that ends with a colon or a quoted sentence
    """\
    定義は次のとおり:
    「重なる箱を除く。」
    その処理として正しいものはどれか。
    """,
], ids=["sentence-per-line", "markdown-table", "aligned-table", "lists", "fence", "equation-display",
        "equation-with-remark", "indented-code", "colon-and-quote"])
def test_meant_line_breaks_are_not_findings(tmp_path, prompt):
    report = lint_of(tmp_path, with_prompt(FAIR, prompt))
    assert report.ok, [str(f) for f in report.findings]


def test_a_scenario_broken_mid_way_is_found_once_at_the_set(tmp_path):
    q1 = FAIR.replace("  type: single\n", "  set: s1\n  type: single\n")
    q2 = q1.replace("fair-1", "fair-2")
    p = tmp_path / "bank.yaml"
    p.write_text("day: 5\nsets:\n  - id: s1\n    scenario: |\n      検出器が 3 つの箱を出力し、\n"
                 "      スコアは順に 0.9, 0.8, 0.3 であった。\nquestions:\n"
                 + textwrap.indent(textwrap.dedent(q1 + q2), "  "), encoding="utf-8")
    qs, issues = load_file(p)
    assert issues == []
    report = lint_questions(qs)
    assert [(f.kind, f.line) for f in report.findings] == [("line-break", 5)]
    assert "scenario of set s1" in report.findings[0].message


def test_a_line_break_can_be_waived_with_a_reason(tmp_path):
    body = with_prompt(FAIR, """\
        NMS では、スコアの高い箱から確定し、
        それと重なる箱を除く。その処理として正しいものはどれか。
        """)
    body = cue(body, "  answer: 1\n", "  answer: 1\n  waive:\n    line-break: 原典の改行位置をそのまま再現して見せるため\n")
    report = lint_of(tmp_path, body)
    assert report.ok and [w.kind for w in report.waived] == ["line-break"]


def test_mid_sentence_breaks_names_each_broken_line():
    from quizapp.bank.linebreaks import mid_sentence_breaks

    text = "勾配を求め、\n学習率を掛けて\n重みから引く。\n\n次に\n\n終わる。"
    assert [(b.index, b.line) for b in mid_sentence_breaks(text)] == [(0, "勾配を求め、"), (1, "学習率を掛けて")]
    assert mid_sentence_breaks("w ← w − η∇L、\n- 次の項目") == []


# -- coverage -----------------------------------------------------------------------------

def test_coverage_counts_items_keywords_prereqs_and_course_only(tmp_path):
    second = FAIR.replace("fair-1", "fair-2").replace("keywords: [NMS]", "keywords: [NMS, YOLO]")
    pre = FAIR.replace("fair-1", "pre-1").replace("syllabus: [4-2-2]", "prereq: 4-2-2").replace("  keywords: [NMS]\n", "")
    course = (FAIR.replace("fair-1", "co-1").replace("syllabus: [4-2-2]", "syllabus: course-only")
              .replace("  keywords: [NMS]\n", "  area: 深層学習の応用\n"))
    write(tmp_path, FAIR + second + pre + course)
    cov = coverage(load_bank([tmp_path]))
    item = cov.items["4-2-2"]
    assert item.count.questions == 2 and item.prereq == 1
    assert item.keywords["NMS"].questions == 2 and item.keywords["YOLO"].questions == 1
    assert item.keywords["ハードネガティブマイニング"].questions == 0
    s = cov.summary(3)
    assert s["course_only_questions"] == 1 and s["untagged_questions"] == 0
    assert s["items_in_scope"] == sum(i.examined for i in load_syllabus().items.values())


def test_cli_lint_and_coverage(tmp_path, capsys):
    path = write(tmp_path, FAIR)
    assert main(["bank", "lint", str(path)]) == 0
    assert "指摘: 0 件" in capsys.readouterr().out
    assert main(["--lang", "en", "bank", "lint", str(path)]) == 0
    assert "findings: 0" in capsys.readouterr().out
    bad = write(tmp_path, cue(FAIR, "除きます。", "除きます。選択肢2は逆です。"), name="bad.yaml")
    assert main(["bank", "lint", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["by_kind"] == {"position-ref": 1} and out["findings"][0]["question_id"] == "fair-1"
    assert main(["bank", "coverage", str(path), "--json"]) == 0
    cov = json.loads(capsys.readouterr().out)
    row = next(i for i in cov["items"] if i["id"] == "4-2-2")
    assert row["questions"] == 1 and row["under"] is True
    assert main(["bank", "coverage", str(path), "--below", "1"]) == 1  # other examined items have none
    listed = capsys.readouterr().out
    assert "1-1-2    disputed    0" in listed and "< 1" in listed
    assert not any(line.startswith("4-2-2") and line.endswith("< 1") for line in listed.splitlines())
    assert main(["bank", "stats", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["by_syllabus"]["4-2-2"] == 1 and stats["lint"]["findings"] == 0
