import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _s(x):
    return 1.0 / (1.0 + np.exp(-x))


def _loss(ref, v):
    out, _ = ref.sigmoid_forward(v["x"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(3001)
    steps = [Step("sigmoid_forward(x)", ("out", "cache")), Step("sigmoid_backward(dout, cache)", ("dx",))]
    cases = []
    for label, x in [("N=1", rng.standard_normal((1, 5))), ("non-square (N=3, D=7)", rng.standard_normal((3, 7)) * 3),
                     ("4-D (N=2, C=3, H=4, W=4)", rng.standard_normal((2, 3, 4, 4))),
                     ("large values (|x| up to 20)", rng.uniform(-20, 20, (4, 6))),
                     ("larger (N=32, D=40)", rng.standard_normal((32, 40)) * 2)]:
        cases.append(Case(label, {"x": x, "dout": rng.standard_normal(x.shape)}, steps, compare=["out"],
                          grads=[Grad("dx", "x", _loss)], n=x.shape[0]))
    mistakes = [
        Mistake("dx", lambda v: v["dout"] * _s(v["x"]), "微分は y (1 - y) です（y ではありません）"),
        Mistake("dx", lambda v: _s(v["x"]) * (1 - _s(v["x"])), "連鎖律 (chain rule) により dout を掛けます"),
        Mistake("dx", lambda v: v["dout"] * v["x"] * (1 - v["x"]), "y (1 - y) には x ではなく出力 y = sigmoid(x) を使います"),
        Mistake("out", lambda v: 1.0 / (1.0 + np.exp(v["x"])), "指数の符号が逆です: sigmoid は 1 / (1 + exp(-x)) です"),
    ]
    return Checks(functions=["sigmoid_forward", "sigmoid_backward"], cases=cases,
                  shapes={"out": "x の形状", "dx": "x の形状"}, mistakes=mistakes)
