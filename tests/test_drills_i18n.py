"""The grader's and the drill CLI's messages in Japanese (the default) and English (--lang en),
the silent scale hint near a factor of 1, and per-result tolerances (``Compare``)."""

from __future__ import annotations

import json
import re
import string

import numpy as np
import pytest

from quizapp import i18n
from quizapp.cli import main
from quizapp.drills import feedback as fb
from quizapp.drills.grader import Grader, _mismatch
from quizapp.drills.model import load_drills
from quizapp.drills.spec import Compare
from quizapp.sandbox import Limits

DRILLS = load_drills()
RELU = DRILLS["day01.relu"]
CHECK_NAMES = {"import", "shapes", "forward", "inplace", "backward", "speed", "run"}


def _sub(source: str, old: str, new: str) -> str:
    assert old in source, f"the mutation {old!r} does not apply"
    return source.replace(old, new)


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_drill_text_has_both_languages_with_the_same_fields():
    keys = [k for k in i18n._STRINGS if k.startswith("drill_")]  # noqa: SLF001
    assert len(keys) > 100
    for k in keys:
        entry = i18n._STRINGS[k]  # noqa: SLF001
        assert set(entry) == {"ja", "en"}, k
        assert _fields(entry["ja"]) == _fields(entry["en"]), k


def test_passing_checks_speak_japanese_by_default_and_keep_their_names(grader):
    assert i18n.get_lang() == "ja"
    v = grader.grade(RELU, RELU.solution)
    assert v.passed
    assert [c["name"] for c in v.checks] == ["import", "shapes", "forward", "inplace", "backward"]
    for c in v.checks:
        assert _japanese(c["message"]), c
    assert "数値微分 (中心差分) と一致" in v.checks[-1]["message"] and "上限 1e-06" in v.checks[-1]["message"]


# (drill, edits, failing check, Japanese fragments of its message)
JA_FAILURES = [
    ("day01.relu", [("def relu_backward", "def relu_backwards")], "import",
     ["ファイルに relu_backward() が定義されていません", "大文字と小文字は区別されます"]),
    ("day00.softmax", [("import numpy as np", "import numpy as np\nexit(0)")], "import",
     ["ファイルの読み込み (import) に失敗しました: SystemExit", "sys.exit() (や exit()) を呼ばないでください"]),
    ("day01.affine", [("dW = x2.T @ dout", "dW = dout.T @ x2")], "shapes",
     ["dW の形状 (shape) が (3, 4) です。期待される形状は (4, 3)", "ヒント: 転置 (transposed)", "ケース '"]),
    ("day01.affine", [("db = np.sum(dout, axis=0)", "db = np.sum(dout, axis=1)")], "shapes",
     ["期待される形状は (3,) = (M,)", "和を取る軸 (axis) が違いませんか"]),
    ("day01.tanh", [("out = np.tanh(x)", "out = np.tanh(x).astype(np.float32)")], "shapes",
     ["out のデータ型 (dtype) が float32 です。期待されるのは float64 です", "float32 に変換しない"]),
    ("day01.relu", [("out = x * mask", "out = x * mask\n    out[0, 0] += 1e-5")], "forward",
     ["ケース 'N=1'", "で out の値が期待値と一致しません。最も外れた要素 out[0, 0]: あなたの値", "、期待値 ",
      "相対誤差 ", "許容誤差 rtol 1e-07, atol 1.2e-09"]),
    ("day01.two_layer_net", [("ds /= N", "pass")], "backward",
     ["逆伝播 (backward) の勾配 grads['W1'] (params['W1'] についての勾配) が数値微分と一致しません",
      "ヒント: 値が期待値の N = 5 倍です。1/N (バッチについての平均) を忘れていませんか?"]),
    ("day00.normalize_rows", [("return x / norms", "x /= norms\n    return x")], "inplace",
     ["normalize_rows() が入力 x をその場で書き換えました (in-place: x: 要素 [0, 0] が", "コピーに対して計算してください"]),
    ("day01.sigmoid", [("return dout * out * (1.0 - out)", "out *= 1.0 - out\n    return dout * out")], "inplace",
     ["sigmoid_backward() がキャッシュ (cache) をその場で書き換えました"]),
    ("day01.relu", [("return dout * mask", "return -dout * mask")], "backward",
     ["逆伝播 (backward) の勾配 dx (x についての勾配) が数値微分と一致しません: 相対誤差 1.0e+00 (上限 1e-06)",
      "最も外れた要素 dx[", "数値微分 ", "ヒント: 符号の誤り (sign error)"]),
]


@pytest.mark.parametrize("drill_id,edits,check,needles", JA_FAILURES, ids=[f"{m[0]}-{m[2]}-{i}" for i, m in enumerate(JA_FAILURES)])
def test_failing_checks_speak_japanese_by_default(grader, drill_id, edits, check, needles):
    d = DRILLS[drill_id]
    source = d.solution
    for old, new in edits:
        source = _sub(source, old, new)
    v = grader.grade(d, source)
    failed = v.failed_check
    assert failed is not None and failed["name"] == check, v.checks
    for needle in needles:
        assert needle in failed["message"], (needle, failed["message"])
    assert all(c["name"] in CHECK_NAMES for c in v.checks)


def test_the_starter_and_wrong_return_values_in_japanese(grader):
    v = grader.grade(RELU, RELU.starter)
    msg = v.failed_check["message"]
    assert v.failed_check["name"] == "shapes"
    assert "relu_forward() が例外 NotImplementedError を送出しました" in msg and "まだスターターの TODO のままです" in msg
    d = DRILLS["day01.affine"]
    head = d.solution.split("def affine_backward")[0]
    for body, needle in [("    return 0\n", "affine_backward() が int 1 つ を返しました。3 個の値 (dx, dW, db) を返す必要があります"),
                         ("    pass\n", "None (`return` を忘れていませんか?)"),
                         ("    x, x2, W = cache\n    return dout @ W.T, x2.T @ dout\n", "2 個の値 を返しました")]:
        v = grader.grade(d, head + "def affine_backward(dout, cache):\n" + body)
        assert v.failed_check["name"] == "shapes" and needle in v.failed_check["message"], v.failed_check


def test_the_same_failure_keeps_its_numbers_in_both_languages(grader):
    source = _sub(RELU.solution, "return dout * mask", "return dout * mask * 1.5")
    ja = grader.grade(RELU, source).failed_check["message"]
    i18n.set_lang("en")
    en = grader.grade(RELU, source).failed_check["message"]
    m_en = re.search(r"Worst element (dx\[[\d, ]+\]): yours (\S+), numerical (\S+) \(relative error (\S+)\)", en)
    m_ja = re.search(r"最も外れた要素 (dx\[[\d, ]+\]): あなたの値 (\S+)、数値微分 (\S+) \(相対誤差 (\S+)\)", ja)
    assert m_en and m_ja, (en, ja)
    assert m_en.groups() == m_ja.groups()
    assert "your values are 1.5 times the expected ones" in en and "値が期待値の 1.5 倍です" in ja


def test_speed_check_in_japanese(grader):
    d = DRILLS["day00.pairwise_sqdist"]
    loop = ("import numpy as np\n\ndef pairwise_sqdist(A, B):\n    D = np.empty((A.shape[0], B.shape[0]))\n"
            "    for i in range(A.shape[0]):\n        D[i] = np.sum((A[i] - B) ** 2, axis=1)\n    return D\n")
    v = grader.grade(d, loop)
    assert v.checks[-1]["name"] == "speed" and not v.checks[-1]["passed"]
    msg = v.checks[-1]["message"]
    assert "A (2000, 64), B (2000, 64) で pairwise_sqdist() に" in msg and "ベクトル化した模範解答は" in msg
    assert "上限 10倍" in msg
    v = grader.grade(d, d.solution)
    assert v.passed and "ベクトル化した模範解答" in v.checks[-1]["message"]


def test_run_failures_in_japanese():
    with Grader(limits=Limits(wall_s=1.0, cpu_s=1, mem_mb=512, output_bytes=64 * 1024)) as g:
        v = g.grade(RELU, "while True:\n    pass\n")
        assert v.checks == [{"name": "run", "passed": False, "message": v.checks[0]["message"]}]
        assert "コードが 1 秒以内に終わりませんでした (タイムアウト)" in v.checks[0]["message"]
        v = g.grade(RELU, "import os\nos._exit(0)\n")  # refused before it runs
        assert v.failed_check["name"] == "import"
        assert "1 行目: モジュール os は使えません" in v.failed_check["message"]


def test_the_cli_follows_lang(capsys, tmp_path):
    f = tmp_path / "mine.py"
    f.write_text(RELU.solution.replace("return dout * mask", "return -dout * mask"), encoding="utf-8")
    assert main(["drill", "check", "day01.relu", "--file", str(f), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in out["checks"]] == ["import", "shapes", "forward", "inplace", "backward"]
    assert "逆伝播 (backward) の勾配 dx" in out["checks"][-1]["message"]
    assert main(["drill", "check", "day01.relu", "--file", str(f), "--json", "--lang", "en"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in out["checks"]] == ["import", "shapes", "forward", "inplace", "backward"]
    assert "dx (the gradient with respect to x) does not match" in out["checks"][-1]["message"]

    assert main(["drill", "check", "day01.relu", "--file", str(f)]) == 1
    text = capsys.readouterr().out
    assert "✗ backward" in text and "不合格 (" in text and " 秒)" in text
    assert main(["--lang", "en", "drill", "check", "day01.relu", "--file", str(f)]) == 1
    assert "FAILED (" in capsys.readouterr().out

    assert main(["drill", "check", "day99.nope"]) == 2
    assert "ドリル ID 'day99.nope' はありません" in capsys.readouterr().err
    assert main(["drill", "hint", "day01.relu"]) == 0
    assert capsys.readouterr().out.startswith("ヒント 1/3: ")
    assert main(["drill", "solution", "day01.relu"]) == 0
    assert "模範解答の閲覧は記録されます" in capsys.readouterr().err
    assert main(["drill", "show", "day01.relu"]) == 0
    out = capsys.readouterr().out
    assert "関数:" in out and "未着手: quizapp drill start day01.relu" in out
    assert main(["drill", "list"]) == 0
    assert "DAY.1" in capsys.readouterr().out


# -- 2(a): no "1 times the expected ones" -----------------------------------------------------
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("factor", [1 + 2e-6, 1 - 3e-6, 1 + 5e-4, 1 - 9e-4])
def test_no_scale_hint_for_a_factor_within_1e_3_of_1(lang, factor):
    i18n.set_lang(lang)
    e = np.random.default_rng(0).standard_normal((3, 4))
    assert fb.value_hints(e * factor, e, n=3) == []


@pytest.mark.parametrize("factor,needle", [(1.01, "your values are 1.01 times"), (0.7, "your values are 0.7 times"),
                                           (3.0, "N = 3 times"), (2.0, "a factor 2")])
def test_a_real_constant_factor_still_gets_its_hint(factor, needle):
    i18n.set_lang("en")
    e = np.random.default_rng(0).standard_normal((3, 4))
    hints = fb.value_hints(e * factor, e, n=3)
    assert len(hints) == 1 and needle in hints[0], hints


def test_a_tiny_relative_shift_fails_without_a_scale_hint(grader):
    i18n.set_lang("en")
    v = grader.grade(RELU, _sub(RELU.solution, "out = x * mask", "out = x * mask * (1 + 1e-5)"))
    msg = v.failed_check["message"]
    assert v.failed_check["name"] == "forward" and "times the expected" not in msg and "Hint" not in msg


# -- 2(b): per-result tolerances ---------------------------------------------------------------
def test_compare_atol_rtol_and_where():
    e = np.array([1.0, 2.0, 3.0])
    a = e + np.array([0.0, 5e-6, 0.0])
    assert not _mismatch(a, e)[0]  # the default tolerance
    assert _mismatch(a, e, Compare("V", atol=1e-5))[0]
    assert not _mismatch(a, e, Compare("V", atol=1e-6, rtol=0.0))[0]
    assert _mismatch(a, e, Compare("V", where=np.array([True, False, True])))[0]
    assert not _mismatch(a, e, Compare("V", where=np.array([False, True, False])))[0]


def test_value_iteration_uses_its_own_tolerances():
    d = DRILLS["day09.value_iteration"]
    for case in d.checks.cases:
        v_cmp, pi_cmp = case.compare
        assert isinstance(v_cmp, Compare) and v_cmp.result == "V" and v_cmp.rtol == 0.0 and v_cmp.where is None
        v_star, _ = d._module("checks")._optimal(case.inputs["P"], case.inputs["R"], case.inputs["gamma"])  # noqa: SLF001
        assert v_cmp.atol == pytest.approx(1e-6 * max(1.0, float(np.max(np.abs(v_star)))))
        assert isinstance(pi_cmp, Compare) and pi_cmp.result == "policy" and pi_cmp.atol is None
        assert pi_cmp.where.dtype == bool and pi_cmp.where.shape == (case.inputs["R"].shape[0],)
        assert set(case.inputs) == {"P", "R", "gamma"}  # no work-around inputs any more
    corridor = next(c for c in d.checks.cases if "corridor" in c.label)
    assert not corridor.compare[1].where.all()  # the ties are left out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_value_iteration_v_within_atol_passes_and_beyond_fails_citing_atol(grader, lang):
    i18n.set_lang(lang)
    d = DRILLS["day09.value_iteration"]
    near = _sub(d.solution, "    return V, policy", "    return V + 0.5e-6 * max(1.0, np.max(np.abs(V))), policy")
    assert grader.grade(d, near).passed
    far = _sub(d.solution, "    return V, policy", "    return V + 3e-6 * max(1.0, np.max(np.abs(V))), policy")
    v = grader.grade(d, far)
    msg = v.failed_check["message"]
    assert v.failed_check["name"] == "forward"
    # the first case (S=1, R = [1, 2], γ = 0.9): V* = 20, atol = 1e-6 × 20
    assert "V[0]" in msg and "atol 2e-05" in msg and "rtol" not in msg, msg


def test_value_iteration_ties_may_be_broken_either_way(grader):
    i18n.set_lang("en")
    d = DRILLS["day09.value_iteration"]
    last = _sub(d.solution, "policy = np.argmax(R + gamma * (P @ V), axis=1)",
                "Q = R + gamma * (P @ V)\n    policy = (A - 1) - np.argmax(Q[:, ::-1], axis=1)")
    v = grader.grade(d, last)
    assert v.passed, v.checks
    wrong = _sub(d.solution, "policy = np.argmax(R + gamma * (P @ V), axis=1)", "policy = np.argmin(R + gamma * (P @ V), axis=1)")
    v = grader.grade(d, wrong)
    msg = v.failed_check["message"]
    assert v.failed_check["name"] == "forward" and "policy differs" in msg
    assert re.search(r"compared at \d+ of \d+ elements", msg) and "argmin ではなく argmax" in msg


def test_an_integer_policy_of_another_width_passes_and_a_float_one_is_told(grader):
    i18n.set_lang("en")
    d = DRILLS["day09.value_iteration"]
    assert grader.grade(d, _sub(d.solution, "return V, policy", "return V, policy.astype(np.int32)")).passed
    v = grader.grade(d, _sub(d.solution, "return V, policy", "return V, policy.astype(float)"))
    assert v.failed_check["name"] == "shapes"
    assert "policy has dtype float64; expected int64. Hint: return integers" in v.failed_check["message"]
