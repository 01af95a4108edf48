import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.layernorm_forward(v["x"], v["gamma"], v["beta"], v["eps"])
    return float(np.sum(out * v["dout"]))


def _ln(v, axis=1, ddof=0):
    x = v["x"]
    mu = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    return v["gamma"] * (x - mu) / np.sqrt(var + v["eps"]) + v["beta"]


def _ln_fixed_eps(v, c):
    """The forward with the constant ``c`` written in for the eps argument (0: no eps)."""
    if v["eps"] == c:
        raise LookupError("the case passes this very eps")
    return _ln(dict(v, eps=c))


EPS_HINT = {
    "ja": "eps 引数が使われていません。1e-5 や 10e-7 などを式に書き込まず（省きもせず）、渡された eps を使ってください: "
          "sqrt(var + eps)（eps を変えたケースがあります）",
    "en": "the eps argument is not used: do not write 1e-5, 10e-7 or the like into the formula (nor leave it out); use "
          "the eps passed in: sqrt(var + eps) (a case changes it)",
}


def build() -> Checks:
    rng = np.random.default_rng(4004)
    steps = [Step("layernorm_forward(x, gamma, beta, eps)", ("out", "cache")),
             Step("layernorm_backward(dout, cache)", ("dx", "dgamma", "dbeta"))]
    cases = []
    for label, N, D, eps in [("N=1", 1, 5, 1e-5), ("non-square (N=4, D=3)", 4, 3, 1e-5), ("square (N=D=6)", 6, 6, 1e-5),
                             ("N=3, D=8, eps=1e-3", 3, 8, 1e-3), ("larger (N=32, D=48)", 32, 48, 1e-5)]:
        x = rng.standard_normal((N, D)) * rng.uniform(0.5, 3, (N, 1)) + rng.uniform(-2, 2, (N, 1))
        inputs = {"x": x, "gamma": rng.uniform(0.5, 2, D), "beta": rng.standard_normal(D), "eps": eps,
                  "dout": rng.standard_normal((N, D))}
        grads = [Grad("dx", "x", _loss), Grad("dgamma", "gamma", _loss), Grad("dbeta", "beta", _loss)]
        cases.append(Case(label, inputs, steps, compare=["out"], grads=grads, n=N))
    mistakes = [
        Mistake("out", lambda v: _ln(v, axis=0),
                "軸が違います: レイヤー正規化 (layer normalization) はバッチ方向ではなく、サンプルごとに特徴量の方向 (axis=1) で正規化します"),
        Mistake("out", lambda v: _ln(v, ddof=1), "不偏分散ではなく、N で割る標本分散（ddof=0）を使います"),
    ] + [Mistake("out", lambda v, c=c: _ln_fixed_eps(v, c), EPS_HINT) for c in (1e-5, 1e-7, 1e-6, 1e-8, 0.0)]
    return Checks(functions=["layernorm_forward", "layernorm_backward"], cases=cases,
                  shapes={"out": "(N, D)", "dx": "(N, D)", "dgamma": "(D,)", "dbeta": "(D,)"}, mistakes=mistakes)
