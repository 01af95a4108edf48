"""Issue 18: the grader's hints for the bugs people really make, on submissions written in the
shape of public code (the books' class-based layers, their im2col, CS231n-style caches) — our
own code in that shape, under tests/data/realstyle/. Each buggy one stays rejected and gets the
hint, in Japanese by default and in English with --lang en; each correct one is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.drills import feedback as fb
from quizapp.drills.model import load_drills

REAL = Path(__file__).parent / "data" / "realstyle"
DRILLS = load_drills()


@pytest.fixture
def use_lang(request):
    """use_lang("en") switches to English with the shared ``english`` fixture; "ja" is the default."""
    def switch(lang: str) -> None:
        if lang == "en":
            request.getfixturevalue("english")
        assert i18n.get_lang() == lang
    return switch


def _grade(grader, drill_id: str, source: str, lang: str):
    assert i18n.get_lang() == lang
    v = grader.grade(DRILLS[drill_id], source)
    assert not v.passed, v.checks
    return v


def _source(name: str) -> str:
    return (REAL / f"{name}.py").read_text(encoding="utf-8")


# (file, drill, failing check, needles in Japanese, needles in English)
BUGGY = [
    # item 2: (1, M) at N=1 with keepdims=True is told apart from "not summed" by the N>1 cases
    ("affine_keepdims", "day01.affine", "shapes",
     ["db の形状 (shape) が (1, 3) です", "keepdims=True で軸が残っています", "N=3 のケースでも (1, 2)"],
     ["db has shape (1, 3)", "with keepdims=True the axis stays", "also (1, 2) in the N=3 case"]),
    # item 3: the argmax written with "=" loses overlapping windows
    ("maxpool_argmax_assign", "day04.maxpool", "backward",
     ["overlapping windows", "dx[..., argmax] = dout の代入（=）", "np.add.at"],
     ["overlapping windows", "Writing dx[..., argmax] = dout with '='", "np.add.at"]),
    # item 4: an all-zero gradient (+= into a copy that is thrown away)
    ("rnn_bptt_zero_dwh", "day06.rnn_bptt", "backward",
     ["dWh", "値がすべて 0 です", "あとで捨てる配列"],
     ["dWh", "the values are all zeros", "thrown away"]),
    # item 5: Nesterov with the updated velocity
    ("nesterov_updated_velocity", "day03.optimizers", "forward",
     ["nesterov", "更新後の速度 v を使っています", "ゼロから作る Deep Learning ❷"],
     ["nesterov", "uses the velocity after its update", "second volume"]),
    # item 5: -log(p + 1e-7)
    ("softmax_ce_1e7", "day01.softmax_cross_entropy", "forward",
     ["loss", "-log(p + 1e-7)", "1e-7/p", "log-sum-exp"],
     ["loss differs", "-log(p + 1e-7)", "1e-7/p", "log-sum-exp"]),
    ("two_layer_net_1e7", "day01.two_layer_net", "forward",
     ["loss", "-log(p + 1e-7)", "log-sum-exp"],
     ["loss differs", "-log(p + 1e-7)", "log-sum-exp"]),
    # item 5: eps ignored or written in
    ("batchnorm_eps_fixed", "day02.batchnorm", "forward",
     ["eps=1e-3", "eps 引数が使われていません"], ["eps=1e-3", "the eps argument is not used"]),
    ("adagrad_eps_fixed", "day03.optimizers", "forward",
     ["adagrad", "eps 引数が使われていません"], ["adagrad", "the eps argument is not used"]),
    ("rmsprop_eps_fixed", "day03.optimizers", "forward",
     ["rmsprop", "eps 引数が使われていません", "10e-7"], ["rmsprop", "the eps argument is not used", "10e-7"]),
    ("adam_eps_fixed", "day03.optimizers", "forward",
     ["adam, eps visible", "eps 引数が使われていません"], ["adam, eps visible", "the eps argument is not used"]),
    # item 5: attention masks
    ("attention_small_mask", "day07.attention", "forward",
     ["large scores", "マスクのない行は正しく", "-inf"], ["large scores", "rows without a masked key are right", "-inf"]),
    ("attention_no_mask", "day07.attention", "forward",
     ["rows partly masked", "マスクが使われていません"], ["rows partly masked", "the mask is not used"]),
    # item 5: dropout drawing from np.random
    ("dropout_np_random", "day02.dropout", "forward",
     ["残すユニットが違います", "rng.random(x.shape) >= ratio", "np.random.rand"],
     ["other units are kept", "rng.random(x.shape) >= ratio", "np.random.rand"]),
    # item 5: Adam's t from the wrong step
    ("adam_t_from_0", "day03.optimizers", "forward",
     ["adam", "nan", "ステップ数 t がずれています", "1 - β^0 = 0"], ["adam", "nan", "the bias-correction step t is off", "1 - β^0 = 0"]),
    ("adam_t_from_2", "day03.optimizers", "forward",
     ["adam", "ステップ数 t がずれています"], ["adam", "the bias-correction step t is off"]),
    # item 5: in-place idioms in backward passes
    ("relu_book_inplace", "day01.relu", "inplace",
     ["relu_backward() が入力 dout をその場で書き換えました", "Relu.backward", "呼び出し側が dout をまだ使います"],
     ["relu_backward() modified its input dout", "the book's Relu.backward", "the caller may still need dout"]),
    ("lstm_dnext_c_inplace", "day07.lstm_step", "inplace",
     ["lstm_step_backward() が入力 dc_next をその場で書き換えました", "CS231n", "新しい配列"],
     ["lstm_step_backward() modified its input dc_next", "CS231n", "a new array"]),
    # item 6: float32 from dtype='f'
    ("rnn_step_float32", "day06.rnn_step", "shapes",
     ["float32 です。期待されるのは float64", "dtype='f'"], ["float32; expected float64", "dtype='f'"]),
]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name,drill_id,check,ja,en", BUGGY, ids=[b[0] for b in BUGGY])
def test_a_real_style_bug_is_rejected_with_its_hint(grader, use_lang, name, drill_id, check, ja, en, lang):
    use_lang(lang)
    v = _grade(grader, drill_id, _source(name), lang)
    failed = v.failed_check
    assert failed["name"] == check, v.checks
    for needle in ja if lang == "ja" else en:
        assert needle in failed["message"], (needle, failed["message"])
    if lang == "en":
        assert not any("\u3040" <= ch <= "\u30ff" for ch in failed["message"].split("case '")[0]), failed["message"]


@pytest.mark.parametrize("written", ["1e-5", "10e-7", "0.0"])
def test_layernorm_with_eps_written_in_gets_the_eps_hint(grader, written):
    d = DRILLS["day02.layernorm"]
    src = d.solution.replace("np.sqrt(var + eps)", f"np.sqrt(var + {written})")
    v = _grade(grader, "day02.layernorm", src, "ja")
    assert v.failed_check["name"] == "forward" and "eps 引数が使われていません" in v.failed_check["message"], v.checks


def test_the_keepdims_hint_at_n1_no_longer_says_not_summed(grader):
    v = _grade(grader, "day01.affine", _source("affine_keepdims"), "ja")
    assert "'N=1'" in v.failed_check["message"]
    assert "バッチについて和を取っていますか" not in v.failed_check["message"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_lone_n1_case_names_both_causes(use_lang, lang):
    use_lang(lang)
    hint = fb.shape_hint((1, 3), (3,), 1)
    assert ("keepdims=True" in hint) and ("axis 0" in hint or "axis=0" in hint), hint
    # a leading N axis in the N>1 cases: not summed
    hint = fb.shape_hint((1, 3), (3,), 1, [((4, 3), (3,), 4)])
    assert "keepdims" not in hint and ("(4, 3)" in hint), hint


def test_an_all_zero_gradient_is_not_called_a_zero_factor(grader):
    v = _grade(grader, "day06.rnn_bptt", _source("rnn_bptt_zero_dwh"), "ja")
    assert "0 倍" not in v.failed_check["message"]
    assert fb.value_hints(fb.np.zeros((2, 3)), fb.np.ones((2, 3))) == [fb.msg("zeros")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_mutation_no_longer_hides_the_value_bug(grader, use_lang, lang):
    """Item 1: the in-place shift and the wrong axis for 3-D input are both reported, the value
    problem first (judged on copies of the inputs, so it cannot come from the mutation)."""
    use_lang(lang)
    v = _grade(grader, "day00.softmax", _source("softmax_inplace_axis1"), lang)
    failed = [c for c in v.checks if not c["passed"]]
    assert [c["name"] for c in failed] == ["forward", "inplace"], v.checks
    assert "3-D" in failed[0]["message"] and "y[" in failed[0]["message"]
    assert ("入力のコピーで呼んでも値が違います" if lang == "ja" else "called on copies of the inputs") in failed[0]["message"]
    assert ("配列全体で正規化しています" if lang == "ja" else "normalizes over the whole array") in failed[0]["message"]
    assert ("softmax() が入力 x をその場で書き換えました" if lang == "ja" else "softmax() modified its input x") in failed[1]["message"]


def test_a_gradient_bug_next_to_an_in_place_backward_is_reported_first(grader, english):
    """The LSTM's dnext_c += ... (caught by the inplace check, before the gradients are checked)
    together with a wrong dx: both are reported, the gradient first."""
    src = _source("lstm_dnext_c_inplace").replace("return da.dot(Wx.T),", "return 2 * da.dot(Wx.T),")
    v = _grade(grader, "day07.lstm_step", src, "en")
    failed = [c for c in v.checks if not c["passed"]]
    assert [c["name"] for c in failed] == ["backward", "inplace"], v.checks
    assert "dx (the gradient with respect to x)" in failed[0]["message"]
    assert "modified its input dc_next" in failed[1]["message"] and "CS231n" in failed[1]["message"]


def test_a_wrong_value_caused_by_the_mutation_is_reported_as_the_mutation_only(grader, english):
    """x.shape = ... in the forward makes dx come back 2-D: that is the mutation's doing."""
    d = DRILLS["day01.affine"]
    src = d.solution.replace("x2 = x.reshape(x.shape[0], -1)", "x.shape = (x.shape[0], -1)\n    x2 = x")
    v = _grade(grader, "day01.affine", src, "en")
    failed = [c for c in v.checks if not c["passed"]]
    assert [c["name"] for c in failed] == ["inplace"], v.checks
    assert "shape changed" in failed[0]["message"] and "comes from this change too" in failed[0]["message"]


# correct submissions in each real style
CORRECT = [
    ("relu_class_ok", "day01.relu"),                  # the book's class-based layer, adapted
    ("dropout_class_ok", "day02.dropout"),
    ("rnn_step_class_ok", "day06.rnn_step"),
    ("two_layer_net_book_ok", "day01.two_layer_net"),
    ("adam_book_ok", "day03.optimizers"),             # the book's Adam form, also with a large eps
    ("conv_im2col_book_ok", "day04.conv"),            # the book's im2col / col2im
    ("maxpool_im2col_book_ok", "day04.maxpool"),
    ("affine_cs231n_ok", "day01.affine"),             # CS231n-style caches
    ("conv_cs231n_naive_ok", "day04.conv"),
    ("batchnorm_cs231n_ok", "day02.batchnorm"),
    ("lstm_cs231n_ok", "day07.lstm_step"),
    ("attention_fill_ok", "day07.attention"),         # masked_fill with -1e9
]


@pytest.mark.parametrize("name,drill_id", CORRECT, ids=[c[0] for c in CORRECT])
def test_a_correct_real_style_submission_passes(grader, name, drill_id):
    v = grader.grade(DRILLS[drill_id], _source(name))
    assert v.passed, v.checks


def test_every_real_style_file_is_used():
    used = {b[0] for b in BUGGY} | {c[0] for c in CORRECT} | {"softmax_inplace_axis1"}
    assert {p.stem for p in REAL.glob("*.py")} == used


# item 6: every contract rule in each drill's statement itself
EPS_DRILLS = {"day02.batchnorm", "day02.layernorm", "day03.optimizers"}


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_the_statement_states_every_contract_rule(drill_id):
    d = DRILLS[drill_id]
    text = d.statement
    assert "**採点の約束**" in text
    rules = text.split("**採点の約束**", 1)[1]
    assert "float64" in rules and "dtype='f'" in rules                 # dtype
    assert "その場で書き換え" in rules                                   # no in-place change of inputs
    assert "形状:" in rules                                              # shapes
    assert "乱数:" in rules                                              # which random numbers
    assert "rtol 1e-7" in rules or "絶対誤差" in rules                   # tolerance
    if any(c.grads for c in d.checks.cases):
        assert "中心差分" in rules and "1e-6" in rules
    if any("cache" in f.signature for f in d.functions):
        assert "`cache`" in rules
    if drill_id in EPS_DRILLS:
        assert "`eps` は引数の値を使" in rules
    if drill_id == "day02.dropout":
        assert "`rng` だけ" in rules and "rng.random(x.shape) >= ratio" in rules and "np.random.rand" in rules
    else:
        assert "np.random" in rules


def test_the_recurrent_statement_says_float64_where_the_book_uses_float32():
    rules = DRILLS["day06.rnn_step"].statement.split("**採点の約束**", 1)[1]
    assert "float64" in rules and "dtype='f'" in rules and "float32" in rules


def test_the_feedback_benchmark_reports_both_verdict_times():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "feedback_bench.py"
    spec = importlib.util.spec_from_file_location("feedback_bench_under_test", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.run(repeat=1)
    assert [r["ratio"] for r in rows][0] == 1.0 and len(rows) == 2
    assert all(r["value"] > 0 and r["unit"] == "s" for r in rows)
    assert rows[1]["ratio"] == pytest.approx(rows[1]["value"] / rows[0]["value"])


def test_a_wrong_value_from_a_mutated_cache_is_reported_as_the_mutation_only(grader):
    """sigmoid's backward doing out *= 1 - out changes the forward's out (it is the cache): the
    copies of the cache give the right values, so only the modification is reported."""
    d = DRILLS["day01.sigmoid"]
    src = d.solution.replace("return dout * out * (1.0 - out)", "out *= 1.0 - out\n    return dout * out")
    v = _grade(grader, "day01.sigmoid", src, "ja")
    failed = [c for c in v.checks if not c["passed"]]
    assert [c["name"] for c in failed] == ["inplace"], v.checks
    assert "キャッシュ (cache) をその場で書き換えました" in failed[0]["message"]
    assert "このケースの out のずれもこの書き換えが原因です" in failed[0]["message"]
