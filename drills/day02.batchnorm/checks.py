import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _fwd(ref, v):
    return ref.batchnorm_forward(v["x"], v["gamma"], v["beta"], v["eps"])[0]


def _loss(ref, v):
    return float(np.sum(_fwd(ref, v) * v["dout"]))


def _bn(x, gamma, beta, eps, axis=0, ddof=0, eps_outside=False):
    mu = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    den = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    return gamma * (x - mu) / den + beta


def _bn_fixed_eps(v, c):
    """The forward with the constant ``c`` written in for the eps argument."""
    if v["eps"] == c:
        raise LookupError("the case passes this very eps")
    return _bn(v["x"], v["gamma"], v["beta"], c)


EPS_HINT = {
    "ja": "eps 引数が使われていません。1e-5 や 10e-7 などを式に書き込まず、渡された eps を使ってください: "
          "sqrt(var + eps)（eps を変えたケースがあります）",
    "en": "the eps argument is not used: do not write 1e-5, 10e-7 or the like into the formula; use the eps passed in: "
          "sqrt(var + eps) (a case changes it)",
}


def build() -> Checks:
    rng = np.random.default_rng(4003)
    steps = [Step("batchnorm_forward(x, gamma, beta, eps)", ("out", "cache")),
             Step("batchnorm_backward(dout, cache)", ("dx", "dgamma", "dbeta"))]
    cases = []
    for label, N, D, eps in [("N=1 (x̂ = 0)", 1, 4, 1e-5), ("N=3, D=2", 3, 2, 1e-5), ("non-square (N=5, D=3)", 5, 3, 1e-5),
                             ("N=4, D=7, eps=1e-3", 4, 7, 1e-3), ("larger (N=64, D=20)", 64, 20, 1e-5)]:
        x = rng.standard_normal((N, D)) * rng.uniform(0.5, 3, D) + rng.uniform(-2, 2, D)
        inputs = {"x": x, "gamma": rng.uniform(0.5, 2, D), "beta": rng.standard_normal(D), "eps": eps,
                  "dout": rng.standard_normal((N, D))}
        grads = [Grad("dx", "x", _loss), Grad("dgamma", "gamma", _loss), Grad("dbeta", "beta", _loss)]
        cases.append(Case(label, inputs, steps, compare=["out"], grads=grads, n=N))
    mistakes = [
        Mistake("out", lambda v: _bn(v["x"], v["gamma"], v["beta"], v["eps"], ddof=1),
                "不偏分散ではなく、N で割る標本分散（ddof=0、np.var の既定値）を使います"),
        Mistake("out", lambda v: _bn(v["x"], v["gamma"], v["beta"], v["eps"], axis=1),
                "軸が違います: バッチ正規化 (batch normalization) では特徴量ごとにバッチ方向 (axis=0) の平均を取ります"),
        Mistake("out", lambda v: _bn(v["x"], v["gamma"], v["beta"], v["eps"], eps_outside=True),
                "eps は平方根の中に入れます: sqrt(var + eps)"),
        Mistake("out", lambda v: _bn(v["x"], v["gamma"], v["beta"], 0.0),
                "eps が抜けています: sqrt(var + eps) で割ります"),
    ] + [Mistake("out", lambda v, c=c: _bn_fixed_eps(v, c), EPS_HINT) for c in (1e-5, 1e-7, 1e-6, 1e-8)]
    return Checks(functions=["batchnorm_forward", "batchnorm_backward"], cases=cases,
                  shapes={"out": "(N, D)", "dx": "(N, D)", "dgamma": "(D,)", "dbeta": "(D,)"}, mistakes=mistakes,
                  nan_hint="nan/inf が出ています。ゼロ除算ではありませんか。N で割る標本分散を使い、eps は平方根の中に足してください")
