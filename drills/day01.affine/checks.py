import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.affine_forward(v["x"], v["W"], v["b"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(3004)
    steps = [Step("affine_forward(x, W, b)", ("out", "cache")), Step("affine_backward(dout, cache)", ("dx", "dW", "db"))]
    cases = []
    for label, xshape, M in [("N=1", (1, 4), 3), ("non-square (N=3, D=5, M=2)", (3, 5), 2),
                             ("square (N=D=M=4)", (4, 4), 4),
                             ("4-D x (N=2, 3, 2, 2) flattened to D=12", (2, 3, 2, 2), 5),
                             ("larger (N=16, D=30, M=20)", (16, 30), 20)]:
        D = int(np.prod(xshape[1:]))
        inputs = {"x": rng.standard_normal(xshape), "W": rng.standard_normal((D, M)), "b": rng.standard_normal(M),
                  "dout": rng.standard_normal((xshape[0], M))}
        cases.append(Case(label, inputs, steps, compare=["out"],
                          grads=[Grad("dx", "x", _loss), Grad("dW", "W", _loss), Grad("db", "b", _loss)], n=xshape[0]))
    mistakes = [
        Mistake("db", lambda v: np.mean(v["dout"], axis=0), "db はバッチについての和です（平均ではありません）"),
        Mistake("dW", lambda v: v["x"].reshape(len(v["x"]), -1).T @ v["dout"] / len(v["x"]),
                "dW = x.T @ dout です。1/N は掛けません（平均は損失の計算ですでに取られています）"),
        Mistake("dx", lambda v: (v["dout"] @ v["W"]).reshape(v["x"].shape) if v["W"].shape[0] == v["W"].shape[1] else None,
                "dx = dout @ W.T です（W を転置します）"),
    ]
    return Checks(functions=["affine_forward", "affine_backward"], cases=cases,
                  shapes={"out": "(N, M)", "dx": "x の形状 (N, d1, ..., dk)", "dW": "(D, M)", "db": "(M,)"},
                  mistakes=mistakes)
