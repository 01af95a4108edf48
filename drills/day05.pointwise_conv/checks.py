import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.pointwise_conv_forward(v["x"], v["W"], v["b"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(5103)
    steps = [Step("pointwise_conv_forward(x, W, b)", ("out", "cache")),
             Step("pointwise_conv_backward(dout, cache)", ("dx", "dW", "db"))]
    cases = []
    for label, (N, C, H, W), F in [("N=1, C=2, 3×3, F=3", (1, 2, 3, 3), 3),
                                   ("non-square (N=2, C=3, H=4, W=5), F=6", (2, 3, 4, 5), 6),
                                   ("F=C=W=4 (N=3, H=2)", (3, 4, 2, 4), 4),
                                   ("channel reduction (N=4, C=8, 5×5), F=2", (4, 8, 5, 5), 2)]:
        inputs = {"x": rng.standard_normal((N, C, H, W)), "W": rng.standard_normal((F, C)), "b": rng.standard_normal(F),
                  "dout": rng.standard_normal((N, F, H, W))}
        cases.append(Case(label, inputs, steps, compare=["out"],
                          grads=[Grad("db", "b", _loss), Grad("dW", "W", _loss), Grad("dx", "x", _loss)], n=N))
    mistakes = [
        Mistake("out", lambda v: np.einsum("fc,nchw->nfhw", v["W"], v["x"]) + v["b"],
                "b が最後の軸（W 方向）にブロードキャストされています。b[None, :, None, None]（または b.reshape(1, F, 1, 1)）で"
                "チャンネル軸に足します"),
        Mistake("out", lambda v: np.einsum("cf,nchw->nfhw", v["W"], v["x"]) + v["b"][None, :, None, None],
                "W は (F, C) です。out[n, f] = Σ_c W[f, c] x[n, c]（W.T ではなく W）"),
        Mistake("db", lambda v: v["dout"].sum(axis=(2, 3)).mean(axis=0),
                "db は N, H, W のすべてについての和です（バッチ平均ではありません）"),
        Mistake("db", lambda v: v["dout"].mean(axis=(0, 2, 3)), "db は N, H, W についての和です（平均ではありません）"),
        Mistake("dW", lambda v: np.einsum("nfhw,nchw->fc", v["dout"], v["x"]) / (v["x"].shape[2] * v["x"].shape[3]),
                "dW は全画素の寄与の和です（H*W で割りません）"),
    ]
    return Checks(functions=["pointwise_conv_forward", "pointwise_conv_backward"], cases=cases,
                  shapes={"out": "(N, F, H, W)", "dx": "x の形状 (N, C, H, W)", "dW": "(F, C)", "db": "(F,)"},
                  mistakes=mistakes)
