import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    return float(ref.l2_penalty(v["params"], v["lam"])[0])


def build() -> Checks:
    rng = np.random.default_rng(4002)
    steps = [Step("l2_penalty(params, lam)", ("penalty", "grads"))]
    layouts = [
        ("two layers, lam 0.1", {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}, 0.1),
        ("one layer, lam 1e-3", {"W": (5, 5), "b": (5,)}, 1e-3),
        ("with batchnorm gamma/beta, lam 0.5", {"W1": (6, 4), "gamma1": (4,), "beta1": (4,), "W2": (4, 3), "b2": (3,)}, 0.5),
        ("conv-shaped weights, lam 0.05", {"W1": (2, 3, 3, 3), "b1": (2,), "W2": (18, 4), "b2": (4,)}, 0.05),
    ]
    cases = []
    for label, shapes, lam in layouts:
        params = {k: rng.standard_normal(s) for k, s in shapes.items()}
        grads = [Grad(("grads", k), ("params", k), _loss) for k in shapes]
        cases.append(Case(label, {"params": params, "lam": lam}, steps, compare=["penalty"], grads=grads))
    mistakes = [
        Mistake("penalty", lambda v: 0.5 * v["lam"] * sum(float(np.sum(w * w)) for w in v["params"].values()),
                "ペナルティの対象は \"W\" で始まるキーだけです（バイアスや gamma、beta は含めません）"),
        Mistake("penalty", lambda v: v["lam"] * sum(float(np.sum(w * w)) for k, w in v["params"].items() if k.startswith("W")),
                "係数 1/2 が抜けています: penalty = 0.5 * lam * sum(W**2)"),
    ]
    return Checks(functions=["l2_penalty"], cases=cases, mistakes=mistakes)
