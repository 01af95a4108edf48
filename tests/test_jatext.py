"""Japanese line breaking (quizapp/jatext.py): 禁則, numbers kept whole, hanging indents, the
author's line breaks; and every shipped question rendered at 60, 80 and 120 columns."""

from __future__ import annotations

import re

import pytest

from quizapp.bank import load_bank
from quizapp.jatext import JaMarkdown, Wrapped, hanging_item, render_plain, wrap_lines
from quizapp.tui.screens.quiz import question_markdown
from quizapp.tui.widgets.choices import choice_item, rationale_item

#: What no line may start with (closing brackets and punctuation, small kana, the long-vowel mark).
CLOSING = set("、。，．,.)]}）］｝」』】〕〉》・:;：；!?！？ーぁぃぅぇぉっゃゅょァィゥェォッャュョ")
OPENING = set("(（「『［【")

SENTENCE = ("次の勾配降下法の更新で、学習率 η = 0.1、初期値 x_0 = 2 から 1 回更新した後の x_1 の値を求めよ。"
            "例えば0.5を入力すると、勾配∇f(x_0, y_0)の値はいくつになるか。b = −0.5 のとき 1500 ms かかる。"
            "「かっこ」（注）の中身はそのまま読みます。")


def starts_closing(line: str) -> bool:
    s = line.lstrip(" │┃")
    return bool(s) and s[0] in CLOSING


@pytest.mark.parametrize("width", range(12, 61))
def test_no_line_starts_with_closing_or_ends_with_opening(width):
    lines = wrap_lines(SENTENCE, width)
    assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")  # nothing lost or doubled
    for line in lines:
        assert len(line) and not starts_closing(line), (width, lines)
        assert line.rstrip()[-1] not in OPENING, (width, lines)
        assert sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= width, (width, line)


@pytest.mark.parametrize("width", range(14, 61))
def test_numbers_stay_with_sign_and_unit_and_equals(width):
    lines = wrap_lines(SENTENCE, width)
    joined = "\n".join(lines)
    for whole in ("−0.5", "1500 ms", "1 回", "0.1", "b = −0.5", "η = 0.1"):
        assert whole in joined, (whole, width, lines)
    assert not any(line.startswith("=") or line.rstrip().endswith("=") for line in lines)


def test_breaks_at_phrases_not_inside_words():
    lines = wrap_lines("勾配∇f(x_0, y_0)の値はいくつになるか。cross_entropy(y, t) を計算する。", 16)
    joined = "\n".join(lines)
    assert "∇f(x_0," in joined and "cross_entropy(y," in joined
    # a phrase boundary, not the middle of a word: 「いくつに」 stays whole
    assert any("いくつに" in line for line in lines)


def test_hanging_indent_puts_continuation_under_the_text():
    item = hanging_item("› ( ) 1. ", "勾配消失問題を緩和するために、活性化関数として ReLU を用いると、正の領域で勾配が 1 になるため。")
    lines = render_plain(item, 30)
    assert len(lines) > 2
    assert lines[0].startswith("› ( ) 1. 勾配")
    assert all(line.startswith(" " * 9) and line[9] != " " for line in lines[1:]), lines


def test_author_line_breaks_are_kept_and_blank_line_is_a_paragraph():
    md = "2入力の単純パーセプトロン\ny = 1 (w1·x1 + b > 0 のとき)、y = 0 (それ以外)\nで、w1 = 0.5 とする。\n\n次の段落。"
    lines = render_plain(JaMarkdown(md), 80)
    assert lines[:4] == ["2入力の単純パーセプトロン", "y = 1 (w1·x1 + b > 0 のとき)、y = 0 (それ以外)",
                         "で、w1 = 0.5 とする。", ""]
    assert lines[4] == "次の段落。"


def test_wrapped_keeps_each_item_on_its_own_lines():
    lines = render_plain(Wrapped(hanging_item("正答: ", "3. とても長い選択肢の本文で折り返しが必要になります。"),
                                 hanging_item("あなたの回答: ", "-4")), 24)
    assert lines[0].startswith("正答: 3.") and lines[1].startswith("      ")
    assert lines[-1] == "あなたの回答: -4"


# -- every shipped question ------------------------------------------------------------------

_FENCE = re.compile(r"```.*?```", re.S)


def _prose(markdown: str) -> str:
    """The Markdown without code (fenced or indented): code keeps its own line breaks."""
    text = _FENCE.sub("", markdown)
    return "\n".join(line for line in text.split("\n") if not line.startswith("    "))


@pytest.fixture(scope="module")
def shipped():
    bank = load_bank()
    assert len(bank.questions) > 500 and not bank.issues
    return bank


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_shipped_question_wraps_cleanly(shipped, width):
    bad: list[str] = []
    choices_seen = rationales_seen = 0
    for q in shipped.questions:
        texts = [("prompt", question_markdown(q, part)) for part in q.parts]
        texts.append(("explanation", q.explanation))
        texts += [("blank", b.explanation) for b in q.blanks]
        for name, md in texts:
            prose = _prose(md)
            authored = {"\n" + ln.strip()[:8] for ln in prose.split("\n")}
            for line in render_plain(JaMarkdown(prose), width):
                # a line the author started this way is theirs; a line the wrapping started is ours
                if starts_closing(line) and "\n" + line.strip()[:8] not in authored:
                    bad.append(f"{q.id} {name} @{width}: {line!r}")
        # choices as the choice list draws them (two cells of padding)
        groups = [(q.choices, q.why)] + [(b.choices, b.why) for b in q.blanks]
        for choices, whys in groups:
            for i, text in enumerate(choices):
                choices_seen += 1
                item = choice_item(i + 1, text, pointer="›", mark="( )")
                indent = item.hanging
                lines = render_plain(item, width - 2)
                if whys and whys[i]:  # the rationale shown under the choice after answering
                    why = rationale_item(whys[i], indent)
                    for k, line in enumerate(render_plain(why, width - 2)):
                        rationales_seen += k == 0
                        body = line[why.hanging:]
                        if line[:why.hanging].strip(" →") or not body.strip() or starts_closing(body):
                            bad.append(f"{q.id} rationale {i + 1} @{width}: {line!r}")
                for k, line in enumerate(lines):
                    if starts_closing(line[indent:] if k else line):
                        bad.append(f"{q.id} choice {i + 1} @{width}: {line!r}")
                    if k and (line[:indent].strip() or not line[indent:].strip()):
                        bad.append(f"{q.id} choice {i + 1} @{width} starts at column 0: {line!r}")
    assert choices_seen > 1000 and rationales_seen > 1000
    assert not bad, "\n".join(bad[:30])
