import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    out, _ = ref.embedding_forward(v["idx"], v["W"])
    return float(np.sum(out * v["dout"]))


def _dW_buffered(v):
    dW = np.zeros_like(v["W"])
    dW[v["idx"]] += v["dout"]  # a repeated index keeps only its last write
    return dW


def _dW_mean(v):
    dW = np.zeros_like(v["W"])
    np.add.at(dW, v["idx"], v["dout"])
    return dW / v["idx"].shape[0]


def build() -> Checks:
    rng = np.random.default_rng(6103)
    steps = [Step("embedding_forward(idx, W)", ("out", "cache")), Step("embedding_backward(dout, cache)", ("dW",))]
    cases = []
    for label, idx in [
        ("N=1, T=1", np.array([[2]])),
        ("repeated indices within a row (N=2, T=4)", np.array([[1, 3, 1, 1], [0, 3, 5, 2]])),
        ("repeated indices across rows, some words unused (N=3, T=2)", np.array([[4, 4], [4, 0], [6, 4]])),
        ("N=T=D (N=T=3, V=5, D=3)", np.array([[0, 1, 2], [2, 2, 4], [3, 0, 0]])),
        ("larger (N=8, T=12, V=20, D=6), many repeats", None),
    ]:
        V = {"N=1, T=1": 4, "N=T=D (N=T=3, V=5, D=3)": 5}.get(label, 7)
        D = 3 if "N=T=D" in label else 5
        if idx is None:
            V, D = 20, 6
            idx = rng.integers(0, V, size=(8, 12))
        idx = idx.astype(np.int64)
        inputs = {"idx": idx, "W": rng.standard_normal((V, D)), "dout": rng.standard_normal((*idx.shape, D))}
        cases.append(Case(label, inputs, steps, compare=["out"], grads=[Grad("dW", "W", _loss)], n=idx.shape[0]))
    mistakes = [
        Mistake("dW", _dW_buffered,
                "同じ単語 ID が複数回出てくると、dW[idx] += dout（や dW[idx] = dout）は最後の 1 回分しか残りません"
                "（バッファ付きの代入になるため）。np.add.at(dW, idx, dout) で重複分も足し合わせます"),
        Mistake("dW", _dW_mean, "dW はすべての出現位置の勾配の和です（N で割りません）"),
    ]
    return Checks(functions=["embedding_forward", "embedding_backward"], cases=cases,
                  shapes={"out": "(N, T, D)", "dW": "W の形状 (V, D)"}, mistakes=mistakes)
