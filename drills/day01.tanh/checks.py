import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.tanh_forward(v["x"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(3003)
    steps = [Step("tanh_forward(x)", ("out", "cache")), Step("tanh_backward(dout, cache)", ("dx",))]
    cases = []
    for label, x in [("N=1", rng.standard_normal((1, 5))), ("non-square (N=3, D=7)", rng.standard_normal((3, 7)) * 2),
                     ("4-D (N=2, C=3, H=4, W=4)", rng.standard_normal((2, 3, 4, 4))),
                     ("larger (N=32, D=40)", rng.standard_normal((32, 40)))]:
        cases.append(Case(label, {"x": x, "dout": rng.standard_normal(x.shape)}, steps, compare=["out"],
                          grads=[Grad("dx", "x", _loss)], n=x.shape[0]))
    mistakes = [
        Mistake("dx", lambda v: v["dout"] * (1 - np.tanh(v["x"])), "微分は 1 - y² です（1 - y ではありません）"),
        Mistake("dx", lambda v: 1 - np.tanh(v["x"]) ** 2, "連鎖律 (chain rule) により dout を掛けます"),
        Mistake("dx", lambda v: v["dout"] * (1 - v["x"] ** 2), "1 - y² には x ではなく出力 y = tanh(x) を使います"),
    ]
    return Checks(functions=["tanh_forward", "tanh_backward"], cases=cases,
                  shapes={"out": "x の形状", "dx": "x の形状"}, mistakes=mistakes)
