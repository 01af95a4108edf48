import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step

MARGIN = 0.02  # pre-activations of both ReLUs stay this far from 0 (no kinks)


def _params(rng, x, H):
    N, D = x.shape
    W1 = rng.standard_normal((D, H)) / np.sqrt(D)
    b1 = np.zeros(H)
    for j in range(H):
        while True:
            b1[j] = rng.standard_normal() * 0.5
            if np.min(np.abs(x @ W1[:, j] + b1[j])) >= MARGIN:
                break
    h = np.maximum(0.0, x @ W1 + b1)
    W2 = rng.standard_normal((H, D)) / np.sqrt(H)
    b2 = np.zeros(D)
    for j in range(D):
        while True:
            b2[j] = rng.standard_normal() * 0.5
            if np.min(np.abs(x[:, j] + h @ W2[:, j] + b2[j])) >= MARGIN:
                break
    return W1, b1, W2, b2


def _parts(v):
    x, W1, b1, W2, b2, dout = v["x"], v["W1"], v["b1"], v["W2"], v["b2"], v["dout"]
    a1 = x @ W1 + b1
    h = np.maximum(0, a1)
    a2 = x + h @ W2 + b2
    return x, W1, W2, a1, h, a2, dout


def _dx_no_skip(v):
    x, W1, W2, a1, h, a2, dout = _parts(v)
    da2 = dout * (a2 > 0)
    return ((da2 @ W2.T) * (a1 > 0)) @ W1.T


def _dx_skip_without_mask(v):
    x, W1, W2, a1, h, a2, dout = _parts(v)
    da2 = dout * (a2 > 0)
    return ((da2 @ W2.T) * (a1 > 0)) @ W1.T + dout


def _dW2_no_outer_mask(v):
    x, W1, W2, a1, h, a2, dout = _parts(v)
    return h.T @ dout


def _out_no_outer_relu(v):
    x, W1, W2, a1, h, a2, dout = _parts(v)
    return a2


def _out_no_skip(v):
    x, W1, W2, a1, h, a2, dout = _parts(v)
    return np.maximum(0, a2 - x)


def _loss(ref, v):
    out, _ = ref.residual_forward(v["x"], v["W1"], v["b1"], v["W2"], v["b2"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(5101)
    steps = [Step("residual_forward(x, W1, b1, W2, b2)", ("out", "cache")),
             Step("residual_backward(dout, cache)", ("dx", "dW1", "db1", "dW2", "db2"))]
    cases = []
    for label, N, D, H in [("N=1, D=3, H=4", 1, 3, 4), ("non-square (N=5, D=4, H=7)", 5, 4, 7),
                           ("square (N=D=H=4)", 4, 4, 4), ("larger (N=16, D=10, H=6)", 16, 10, 6)]:
        x = rng.standard_normal((N, D))
        W1, b1, W2, b2 = _params(rng, x, H)
        inputs = {"x": x, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "dout": rng.standard_normal((N, D))}
        grads = [Grad("dW2", "W2", _loss), Grad("db2", "b2", _loss), Grad("dW1", "W1", _loss),
                 Grad("db1", "b1", _loss), Grad("dx", "x", _loss)]
        cases.append(Case(label, inputs, steps, compare=["out"], grads=grads, n=N))
    mistakes = [
        Mistake("dx", _dx_no_skip,
                "ショートカット（x をそのまま足す経路）の勾配が抜けています: dx = da1 @ W1.T + da2（da2 = dout * (a2 > 0)）"),
        Mistake("dx", _dx_skip_without_mask,
                "ショートカット経路の勾配にも外側の ReLU のマスクがかかります: dout ではなく da2 = dout * (a2 > 0) を足します"),
        Mistake("dW2", _dW2_no_outer_mask,
                "外側の ReLU の逆伝播を忘れていませんか: da2 = dout * (x + h @ W2 + b2 > 0) から始めます"),
        Mistake("out", _out_no_outer_relu, "足し算のあとにもう一度 ReLU をかけます: out = relu(x + F(x))"),
        Mistake("out", _out_no_skip, "ショートカット（+ x）を忘れていませんか: out = relu(x + relu(x @ W1 + b1) @ W2 + b2)"),
    ]
    return Checks(functions=["residual_forward", "residual_backward"], cases=cases,
                  shapes={"out": "(N, D)", "dx": "(N, D)", "dW1": "(D, H)", "db1": "(H,)", "dW2": "(H, D)", "db2": "(D,)"},
                  mistakes=mistakes)
