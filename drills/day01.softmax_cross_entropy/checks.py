import numpy as np

from quizapp.drills.common_hints import CE_1E7_HINT
from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    return float(ref.softmax_cross_entropy(v["x"], v["t"])[0])


def _p(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _loss_1e7(v):
    p = _p(v["x"])
    n = len(v["t"])
    return -np.sum(np.log(p[np.arange(n), v["t"]] + 1e-7)) / n


def build() -> Checks:
    rng = np.random.default_rng(3005)
    steps = [Step("softmax_cross_entropy(x, t)", ("loss", "dx"))]
    cases = []
    big = rng.uniform(-1000, 1000, (5, 6))
    for label, x in [("N=1", rng.standard_normal((1, 4))), ("non-square (N=3, C=5)", rng.standard_normal((3, 5)) * 2),
                     ("square (N=C=4)", rng.standard_normal((4, 4))), ("large scores ±1e3", big),
                     ("larger (N=32, C=10)", rng.standard_normal((32, 10)) * 3)]:
        t = rng.integers(0, x.shape[1], size=x.shape[0])
        cases.append(Case(label, {"x": x, "t": t}, steps, compare=["loss"], grads=[Grad("dx", "x", _loss)], n=x.shape[0]))
    mistakes = [
        Mistake("dx", lambda v: _p(v["x"]) - np.eye(v["x"].shape[1])[v["t"]],
                "dx = (p - onehot(t)) / N です。バッチサイズ N で割ります（損失はバッチの平均なので）"),
        Mistake("loss", lambda v: -np.sum(np.log(_p(v["x"])[np.arange(len(v["t"])), v["t"]])),
                "損失はバッチについての平均です（和を N で割ります）"),
        Mistake("loss", _loss_1e7, CE_1E7_HINT),
    ]
    return Checks(functions=["softmax_cross_entropy"], cases=cases, shapes={"dx": "(N, C)", "loss": "スカラー"},
                  mistakes=mistakes,
                  nan_hint="nan/inf が出ています（exp のオーバーフローか log(0)）。各行の最大値を引き、log-sum-exp を使います: "
                           "log p = z - log(sum(exp(z)))")
