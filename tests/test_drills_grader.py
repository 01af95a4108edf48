"""Every reference passes its drill; typical learner mistakes are rejected by the right check
with a message that names the array, the worst element and, where it fits, the mistake."""

from __future__ import annotations

import pytest

from quizapp.drills.model import load_drills


pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


def _sub(source: str, old: str, new: str) -> str:
    assert old in source, f"the mutation {old!r} does not apply"
    return source.replace(old, new)


DRILLS = {k: d for k, d in load_drills().items() if d.day <= 3}  # the drills of issue 3


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_the_reference_passes(grader, drill_id):
    d = DRILLS[drill_id]
    v = grader.grade(d, d.solution)
    assert v.passed, v.checks
    names = [c["name"] for c in v.checks]
    assert names[:4] == ["import", "shapes", "forward", "inplace"]
    has_grads = any(c.grads for c in d.checks.cases)
    assert ("backward" in names) == has_grads
    assert ("speed" in names) == (d.checks.speed is not None)
    assert v.seconds < 5


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_the_starter_fails_at_the_first_call(grader, drill_id):
    d = DRILLS[drill_id]
    v = grader.grade(d, d.starter)
    assert not v.passed
    assert [c["name"] for c in v.checks] == ["import", "shapes"]
    assert "NotImplementedError" in v.checks[-1]["message"] and "TODO" in v.checks[-1]["message"]


# (drill, (old, new) replacements in the reference, failing check, substrings of its message)
MISTAKES = [
    ("day00.normalize_rows", [("axis=1, keepdims=True", "axis=1")], "shapes", ["ValueError", "broadcast", "non-square"]),
    ("day00.normalize_rows", [("axis=1, keepdims=True", "axis=0, keepdims=True")], "forward",
     ["y differs", "Worst element y[", "yours", "expected", "列方向 (axis=0) で正規化しています"]),
    ("day00.normalize_rows", [("return x / norms", "x /= norms\n    return x")], "inplace", ["modified its input x"]),
    ("day00.softmax", [("z = x - np.max(x, axis=-1, keepdims=True)", "z = x")], "forward",
     ["large scores", "nan", "np.exp の前に各ベクトルの最大値 (axis=-1, keepdims=True) を引いてください"]),
    ("day00.softmax", [("axis=-1, keepdims=True)\n    e", "axis=0, keepdims=True)\n    e"),
                       ("np.sum(e, axis=-1, keepdims=True)", "np.sum(e, axis=0, keepdims=True)")], "forward",
     ["axis 0 で正規化しています"]),
    ("day00.softmax", [("z = x - np.max(x, axis=-1, keepdims=True)", "x -= np.max(x, axis=-1, keepdims=True)\n    z = x")],
     "inplace", ["softmax() modified its input x"]),
    ("day00.pairwise_sqdist", [("return a2 + b2 - 2.0 * (A @ B.T)", "return np.sqrt(np.maximum(a2 + b2 - 2.0 * (A @ B.T), 0))")],
     "forward", ["D には距離の二乗を入れます"]),
    ("day00.pairwise_sqdist", [("return a2 + b2 - 2.0 * (A @ B.T)", "return (a2 + b2 - 2.0 * (A @ B.T)).T")],
     "shapes", ["D has shape (6, 4); expected (4, 6)", "transposed"]),
    ("day01.sigmoid", [("return dout * out * (1.0 - out)", "return dout * out")], "backward",
     ["dx (the gradient with respect to x)", "numerical", "微分は y (1 - y) です"]),
    ("day01.sigmoid", [("np.exp(-x)", "np.exp(x)")], "forward", ["指数の符号が逆です"]),
    ("day01.sigmoid", [("return dout * out * (1.0 - out)", "return out * (1.0 - out)")], "backward", ["連鎖律 (chain rule) により dout を掛けます"]),
    ("day01.relu", [("return dout * mask", "return mask * 1.0")], "backward", ["Worst element dx[", "マスクだけではありません"]),
    ("day01.sigmoid", [("return dout * out * (1.0 - out)", "out *= 1.0 - out\n    return dout * out")], "inplace",
     ["sigmoid_backward() modified the cache in place"]),
    ("day01.relu", [("return dout * mask", "dout[~mask] = 0\n    return dout")], "inplace",
     ["relu_backward() modified its input dout"]),
    ("day01.relu", [("return dout * mask", "return -dout * mask")], "backward", ["sign error"]),
    ("day01.tanh", [("return dout * (1.0 - out * out)", "return dout * (1.0 - out)")], "backward", ["微分は 1 - y² です（1 - y ではありません）"]),
    ("day01.tanh", [("out = np.tanh(x)\n    return out, out", "out = np.tanh(x)\n    return out, x")], "backward",
     ["x ではなく出力 y = tanh(x) を使います"]),
    ("day01.affine", [("db = np.sum(dout, axis=0)", "db = np.mean(dout, axis=0)")], "backward",
     ["db (the gradient with respect to b)", "db はバッチについての和です（平均ではありません）"]),
    ("day01.affine", [("dx = (dout @ W.T).reshape(x.shape)", "dx = dout @ W.T")], "shapes",
     ["dx has shape (2, 12); expected (2, 3, 2, 2)", "reshape"]),
    ("day01.affine", [("dW = x2.T @ dout", "dW = dout.T @ x2")], "shapes", ["dW has shape (3, 4); expected (4, 3)", "transposed"]),
    ("day01.affine", [("db = np.sum(dout, axis=0)", "db = np.sum(dout, axis=1)")], "shapes",
     ["db has shape (1,); expected (3,) = (M,)", "wrong axis"]),
    ("day01.affine", [("x2 = x.reshape(x.shape[0], -1)", "x.shape = (x.shape[0], -1)\n    x2 = x")], "inplace",
     ["modified its input x", "shape changed"]),
    ("day01.softmax_cross_entropy", [("dx /= N", "pass")], "backward", ["Worst element dx[", "バッチサイズ N で割ります"]),
    ("day01.softmax_cross_entropy", [("loss = -np.mean(", "loss = -np.sum(")], "forward", ["loss differs", "損失はバッチについての平均です"]),
    ("day01.softmax_cross_entropy", [("z = x - np.max(x, axis=1, keepdims=True)", "z = x")], "forward",
     ["large scores", "各行の最大値を引き、log-sum-exp を使います"]),
    ("day01.two_layer_net", [("da1 = (ds @ W2.T) * (a1 > 0)", "da1 = ds @ W2.T")], "backward",
     ["grads['W1'] (the gradient with respect to params['W1'])", "Worst element grads['W1']["]),
    ("day01.two_layer_net", [("ds /= N", "pass")], "backward", ["N = 5 times", "missing the 1/N"]),
    ("day01.two_layer_net", [('grads["b1"] = np.sum(da1, axis=0)', 'grads["b1"] = da1')], "shapes",
     ["grads['b1'] has shape (1, 4); expected (4,)"]),
    ("day02.dropout", [("out = x * mask / (1.0 - ratio)", "out = x * mask")], "forward", ["スケーリングが抜けています"]),
    ("day02.dropout", [("mask = rng.random(x.shape) >= ratio", "mask = rng.random(x.shape) < ratio")], "forward",
     ["マスクが逆です: rng.random(x.shape) >= ratio"]),
    ("day02.dropout", [("return x.copy(), (None, ratio, False)", "return x * (1 - ratio), (None, ratio, False)")], "forward",
     ["test mode", "テスト時は out = x です"]),
    ("day02.dropout", [("return dout * mask / (1.0 - ratio)", "return dout * mask")], "backward",
     ["dx", "逆伝播でも同じスケーリングが必要です"]),
    ("day02.l2_penalty", [('if k.startswith("W"):', "if True:")], "forward", ["\"W\" で始まるキーだけです"]),
    ("day02.l2_penalty", [("penalty += 0.5 * lam", "penalty += lam")], "forward", ["係数 1/2 が抜けています"]),
    ("day02.l2_penalty", [("            grads[k] = np.zeros_like(w)\n", "            pass\n")], "shapes",
     ["grads is missing the key(s) ['b1', 'b2']"]),
    ("day02.batchnorm", [("var = np.var(x, axis=0)", "var = np.var(x, axis=0, ddof=1)")], "forward",
     ["nan", "N で割る標本分散を使い"]),
    ("day02.batchnorm", [("mu = np.mean(x, axis=0)\n    var = np.var(x, axis=0)",
                          "mu = np.mean(x, axis=1, keepdims=True)\n    var = np.var(x, axis=1, keepdims=True)")], "forward",
     ["軸が違います: バッチ正規化 (batch normalization)"]),
    ("day02.batchnorm", [("dx = (gamma * inv_std / N) * (N * dout - dbeta - xhat * dgamma)", "dx = gamma * inv_std * dout")],
     "backward", ["dx (the gradient with respect to x)", "relative error"]),
    ("day02.batchnorm", [("inv_std = 1.0 / np.sqrt(var + eps)", "inv_std = 1.0 / (np.sqrt(var) + eps)")], "forward",
     ["eps は平方根の中に入れます"]),
    ("day02.layernorm", [("mu = np.mean(x, axis=1, keepdims=True)\n    var = np.var(x, axis=1, keepdims=True)",
                          "mu = np.mean(x, axis=0)\n    var = np.var(x, axis=0)")], "forward", ["軸が違います: レイヤー正規化 (layer normalization)"]),
    ("day02.layernorm", [("dgamma = np.sum(dout * xhat, axis=0)", "dgamma = dout * xhat")], "shapes",
     ["dgamma has shape (1, 5); expected (5,)"]),
    ("day02.layernorm", [("dbeta = np.sum(dout, axis=0)", "dbeta = np.sum(dout, axis=0) * 2")], "backward",
     ["dbeta", "2 times the expected"]),
    ("day03.optimizers", [("m_hat = m[k] / (1 - beta1**t)", "m_hat = m[k]"), ("v_hat = v[k] / (1 - beta2**t)", "v_hat = v[k]")],
     "forward", ["adam", "バイアス補正 (bias correction) が必要です"]),
    ("day03.optimizers", [("params[k] = params[k] - lr * grads[k]\n", "grads[k] *= lr\n        params[k] = params[k] - grads[k]\n")],
     "inplace", ["sgd() modified its input g1", "g1['W']"]),
    ("day03.optimizers", [("params[k] = params[k] - momentum * v_prev + (1 + momentum) * v[k]", "params[k] = params[k] + v[k]")],
     "forward", ["nesterov", "それは通常の Momentum です"]),
    ("day03.optimizers", [("(1 - decay) * grads[k] * grads[k]", "grads[k] * grads[k]")], "forward", ["rmsprop", "係数 (1 - decay) が抜けています"]),
]


@pytest.mark.parametrize("drill_id,edits,check,needles", MISTAKES,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_typical_mistake_is_rejected_with_the_right_message(grader, drill_id, edits, check, needles):
    d = DRILLS[drill_id]
    source = d.solution
    for old, new in edits:
        source = _sub(source, old, new)
    v = grader.grade(d, source)
    assert not v.passed
    failed = v.failed_check
    assert failed is not None and failed["name"] == check, v.checks
    for needle in needles:
        assert needle in failed["message"], (needle, failed["message"])
    # every check before the failing one passed, and nothing after it ran
    assert all(c["passed"] for c in v.checks[:-1]) and v.checks[-1] is failed


def test_every_drill_has_at_least_two_mistakes_tested():
    counts = {d: sum(1 for m in MISTAKES if m[0] == d) for d in DRILLS}
    assert min(counts.values()) >= 2, counts


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_the_drill_hints_are_in_japanese(drill_id):
    spec = DRILLS[drill_id].checks
    texts = ([m.hint for m in spec.mistakes] + [s.hint for s in spec.symptoms] + list(spec.inplace_hints.values())
             + [t for t in (spec.nan_hint, spec.speed.hint if spec.speed else "") if t])
    for text in texts:
        if isinstance(text, dict):  # a hint with its English text
            assert set(text) == {"ja", "en"} and _japanese(text["ja"]) and not _japanese(text["en"]), text
        else:
            assert _japanese(text), text


def test_the_forward_message_names_the_worst_element_with_values(grader):
    d = DRILLS["day01.relu"]
    v = grader.grade(d, _sub(d.solution, "out = x * mask", "out = x * mask\n    out[0, 0] += 1e-5"))
    msg = v.failed_check["message"]
    assert v.failed_check["name"] == "forward"
    assert "Worst element out[0, 0]" in msg and "case 'N=1'" in msg and "relative error" in msg


def test_a_python_loop_over_rows_fails_the_speed_check(grader):
    d = DRILLS["day00.pairwise_sqdist"]
    loop = ("import numpy as np\n\ndef pairwise_sqdist(A, B):\n    D = np.empty((A.shape[0], B.shape[0]))\n"
            "    for i in range(A.shape[0]):\n        D[i] = np.sum((A[i] - B) ** 2, axis=1)\n    return D\n")
    v = grader.grade(d, loop)
    assert [c["name"] for c in v.checks] == ["import", "shapes", "forward", "inplace", "speed"]
    assert not v.passed and "vectorized reference" in v.checks[-1]["message"]
    assert "ベクトル化 (vectorize) してください" in v.checks[-1]["message"]  # the drill's speed hint
    broadcast = "import numpy as np\n\ndef pairwise_sqdist(A, B):\n    return ((A[:, None, :] - B[None, :, :]) ** 2).sum(-1)\n"
    v = grader.grade(d, broadcast)
    assert not v.passed and v.checks[-1]["name"] == "speed" and "MemoryError" in v.checks[-1]["message"]
    assert "(N, M, K) の一時配列も使いません" in v.checks[-1]["message"]


def test_the_zero_kara_adam_form_passes(grader):
    d = DRILLS["day03.optimizers"]
    zero = _sub(d.solution, """        m_hat = m[k] / (1 - beta1**t)
        v_hat = v[k] / (1 - beta2**t)
        params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)""",
                """        lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
        params[k] = params[k] - lr_t * m[k] / (np.sqrt(v[k]) + eps)""")
    assert grader.grade(d, zero).passed


def test_full_mode_agrees_with_the_fast_verdict(grader):
    d = DRILLS["day01.affine"]
    fast, full = grader.grade(d, d.solution), grader.grade(d, d.solution, mode="full")
    assert fast.passed and full.passed
    bad = _sub(d.solution, "dW = x2.T @ dout", "dW = x2.T @ dout\n    dW[0, 0] *= 1.0001")
    assert grader.grade(d, bad).failed_check["name"] == "backward"
    assert grader.grade(d, bad, mode="full").failed_check["name"] == "backward"
    assert "Worst element dW[0, 0]" in grader.grade(d, bad).failed_check["message"]


@pytest.mark.parametrize("backward,needle", [
    ("    return 0\n", "affine_backward() returned a single int; it should return 3 values: (dx, dW, db)"),
    ("    x, x2, W = cache\n    return dout @ W.T, x2.T @ dout\n", "returned 2 values; it should return 3 values"),
    ("    pass\n", "returned None (a missing `return`?)"),
])
def test_wrong_return_values_are_named(grader, backward, needle):
    d = DRILLS["day01.affine"]
    head = d.solution.split("def affine_backward")[0]
    v = grader.grade(d, head + "def affine_backward(dout, cache):\n" + backward)
    assert v.failed_check["name"] == "shapes" and needle in v.failed_check["message"]


def test_a_float32_result_fails_the_dtype_check(grader):
    d = DRILLS["day01.tanh"]
    v = grader.grade(d, _sub(d.solution, "out = np.tanh(x)", "out = np.tanh(x).astype(np.float32)"))
    assert v.failed_check["name"] == "shapes"
    assert "out has dtype float32; expected float64" in v.failed_check["message"]


def test_a_missing_function_is_named(grader):
    d = DRILLS["day01.relu"]
    v = grader.grade(d, d.solution.replace("def relu_backward", "def relu_backwards"))
    assert v.checks == [{"name": "import", "passed": False,
                         "message": "your file does not define relu_backward() (check the spelling; names are case-sensitive)"}]
    v = grader.grade(d, "def relu_forward(x):\n    return x,\n  bad indent\n")
    assert v.failed_check["name"] == "import" and "IndentationError" in v.failed_check["message"]


def test_messages_name_the_learners_own_file(grader):
    from quizapp.drills.model import load_drills

    drill = load_drills()["day01.relu"]
    v = grader.grade(drill, "def relu_forward(x)\n    return x\n", filename="relu.py")
    text = " ".join(c["message"] for c in v.checks)
    assert not v.passed and "relu.py" in text and "learner.py" not in text
