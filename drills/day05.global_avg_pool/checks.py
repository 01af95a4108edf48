import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.gap_forward(v["x"])
    return float(np.sum(out * v["dout"]))


def _dx(v, scale):
    N, C, H, W = v["x"].shape
    return np.broadcast_to(v["dout"][:, :, None, None] * scale(H, W), (N, C, H, W))


def build() -> Checks:
    rng = np.random.default_rng(5102)
    steps = [Step("gap_forward(x)", ("out", "cache")), Step("gap_backward(dout, cache)", ("dx",))]
    cases = []
    for label, shape in [("N=1, C=1, 3×3", (1, 1, 3, 3)), ("non-square (N=2, C=3, H=4, W=6)", (2, 3, 4, 6)),
                         ("C=H=W (N=3, C=5, 5×5)", (3, 5, 5, 5)), ("1×1 spatial (N=4, C=6, H=W=1)", (4, 6, 1, 1)),
                         ("larger (N=8, C=16, 7×5)", (8, 16, 7, 5))]:
        inputs = {"x": rng.standard_normal(shape) + rng.standard_normal((1, shape[1], 1, 1)),
                  "dout": rng.standard_normal(shape[:2])}
        cases.append(Case(label, inputs, steps, compare=["out"], grads=[Grad("dx", "x", _loss)], n=shape[0]))
    mistakes = [
        Mistake("out", lambda v: v["x"].sum(axis=(2, 3)), "和になっています。平均なので H*W で割ります（np.mean(x, axis=(2, 3))）"),
        Mistake("out", lambda v: v["x"].sum(axis=(2, 3)) / v["x"].shape[2],
                "H だけで割っています。空間方向の画素数 H*W で割ります"),
        Mistake("dx", lambda v: _dx(v, lambda H, W: 1.0),
                "1/(H*W) を掛け忘れていませんか。平均の各画素への勾配は dout / (H*W) です"),
        Mistake("dx", lambda v: _dx(v, lambda H, W: 1.0 / H), "H だけで割っています。dout / (H*W) です"),
    ]
    return Checks(functions=["gap_forward", "gap_backward"], cases=cases,
                  shapes={"out": "(N, C)", "dx": "x の形状 (N, C, H, W)"}, mistakes=mistakes)
