import numpy as np

from quizapp.drills.common_hints import CE_1E7_HINT
from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    return float(ref.two_layer_net(v["params"], v["X"], v["y"])[0])


def _params(rng, X, H, C, margin=1e-3):
    D = X.shape[1]
    W1 = rng.standard_normal((D, H)) / np.sqrt(D)
    b1 = np.zeros(H)
    for j in range(H):  # keep every hidden pre-activation away from the ReLU kink
        while True:
            b1[j] = rng.standard_normal() * 0.5
            if np.min(np.abs(X @ W1[:, j] + b1[j])) >= margin * 20:
                break
    return {"W1": W1, "b1": b1, "W2": rng.standard_normal((H, C)) / np.sqrt(H), "b2": rng.standard_normal(C) * 0.1}


def _loss_1e7(v):
    p = v["params"]
    h = np.maximum(0.0, v["X"] @ p["W1"] + p["b1"])
    s = h @ p["W2"] + p["b2"]
    e = np.exp(s - s.max(axis=1, keepdims=True))
    prob = e / e.sum(axis=1, keepdims=True)
    n = len(v["y"])
    return -np.sum(np.log(prob[np.arange(n), v["y"]] + 1e-7)) / n


def build() -> Checks:
    rng = np.random.default_rng(3006)
    steps = [Step("two_layer_net(params, X, y)", ("loss", "grads"))]
    cases = []
    for label, N, D, H, C in [("N=1", 1, 3, 4, 3), ("non-square (N=5, D=4, H=6, C=3)", 5, 4, 6, 3),
                              ("N=8, D=7, H=5, C=4", 8, 7, 5, 4), ("larger (N=32, D=20, H=16, C=10)", 32, 20, 16, 10)]:
        X = rng.standard_normal((N, D))
        params = _params(rng, X, H, C)
        y = rng.integers(0, C, size=N)
        grads = [Grad(("grads", k), ("params", k), _loss) for k in ("W1", "b1", "W2", "b2")]
        cases.append(Case(label, {"params": params, "X": X, "y": y}, steps, compare=["loss"], grads=grads, n=N))
    return Checks(functions=["two_layer_net"], cases=cases, mistakes=[Mistake("loss", _loss_1e7, CE_1E7_HINT)],
                  shapes={"grads['W1']": "(D, H)", "grads['b1']": "(H,)", "grads['W2']": "(H, C)", "grads['b2']": "(C,)"})
