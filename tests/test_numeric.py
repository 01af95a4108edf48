"""Numbers as a Japanese keyboard types them (quizapp/numeric.py) and what the feedback says."""

from __future__ import annotations

import pytest

from quizapp import i18n
from quizapp.bank.model import Question
from quizapp.numeric import read_number
from quizapp.quiz import is_correct, response_text, select_all_diff


@pytest.mark.parametrize("typed, value", [
    ("-4", -4.0), ("－４", -4.0), ("−4", -4.0), ("ー4", -4.0), ("ｰ4", -4.0), ("‐4", -4.0),
    ("３．５", 3.5), ("0.25", 0.25), (".5", 0.5), ("+2", 2.0), ("＋２", 2.0),
    ("１　", 1.0), ("\u3000-0.5\u3000", -0.5), ("- 4", -4.0),
    ("1/2", 0.5), ("１／２", 0.5), ("−1/4", -0.25), ("3e-4", 3e-4), ("３ｅ－４", 3e-4), ("2.5E3", 2500.0),
    ("1,000", 1000.0), ("1,024.5", 1024.5),
])
def test_reads_what_a_japanese_keyboard_types(typed, value):
    r = read_number(typed)
    assert r.ok and r.value == pytest.approx(value), r


@pytest.mark.parametrize("typed, problem, bad", [
    ("x1", "number_bad_char", "x"), ("4a", "number_bad_char", "a"), ("約4", "number_bad_char", "約"),
    ("0,5", "number_comma", "0,5"), ("1 2", "number_bad_form", "1 2"), ("1..2", "number_bad_form", "1..2"),
    ("1/0", "number_zero_div", "1/0"), ("inf", "number_bad_char", "i"), ("1e400", "number_bad_form", "1e400"),
    ("", "need_number", ""), ("ー", "number_bad_form", "-"),
])
def test_refuses_with_the_reason_never_drops_a_character(typed, problem, bad):
    r = read_number(typed)
    assert not r.ok and r.problem == problem and r.bad == bad
    msg = r.message()
    assert msg and (not bad or bad in msg)


def test_refusal_is_in_the_interface_language(english):
    assert "Cannot read 'x'" in read_number("x").message()


def _q(**kw):
    base = dict(id="t", type="numeric", day=1, area="機械学習", topic="t", difficulty=1, prompt="p", explanation="e")
    base.update(kw)
    return Question(**base)


def test_fraction_is_graded_within_the_tolerance():
    q = _q(answer=0.333, tolerance=0.001)
    assert is_correct(q, "", "1/3") and is_correct(q, "", "１／３")
    assert not is_correct(_q(answer=0.33, tolerance=0.001), "", "1/3")


def test_feedback_shows_what_was_read():
    q = _q(answer=-4.0, unit="")
    assert response_text(q, "", "ー４") == "-4"
    assert response_text(q, "", "１／２") == "1/2 (= 0.5)"
    assert response_text(_q(answer=3.0, unit="個"), "", "３") == "3 個"
    m = _q(type="multi", choices=("ReLU", "tanh", "シグモイド"), answer=(1, 3))
    assert response_text(m, "", [1, 2]) == "1. ReLU, 2. tanh"


def test_select_all_names_missed_and_wrong_picks():
    m = _q(type="multi", choices=("a", "b", "c", "d"), answer=(1, 3))
    assert select_all_diff(m, [1, 2]) == ((3,), (2,))
    assert select_all_diff(m, [1, 3]) == ((), ())
    assert select_all_diff(m, [4]) == ((1, 3), (4,))
