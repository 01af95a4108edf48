import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _parts(v):
    th, S, a, G = v["theta"], v["states"], v["actions"], v["returns"]
    N = S.shape[0]
    z = S @ th
    z = z - z.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    onehot = np.zeros_like(logp)
    onehot[np.arange(N), a] = 1.0
    return th, S, a, G, N, logp, np.exp(logp), onehot


def _loss(ref, v):
    return float(ref.reinforce_loss(v["theta"], v["states"], v["actions"], v["returns"])[0])


def _dtheta(v, sign=1.0, div=True, weight=True):
    th, S, a, G, N, logp, p, onehot = _parts(v)
    w = G[:, None] if weight else 1.0
    return sign * S.T @ ((p - onehot) * w) / (N if div else 1)


def build() -> Checks:
    rng = np.random.default_rng(9103)
    steps = [Step("reinforce_loss(theta, states, actions, returns)", ("loss", "dtheta"))]
    cases = []
    for label, N, D, A, scale in [("N=1, D=3, A=2", 1, 3, 2, 1.0),
                                  ("repeated actions, negative returns (N=6, D=4, A=3)", 6, 4, 3, 1.0),
                                  ("D=A (N=5, D=A=4)", 5, 4, 4, 1.0),
                                  ("larger (N=32, D=8, A=5)", 32, 8, 5, 1.0),
                                  ("large logits ±1e3 (N=4, D=3, A=3)", 4, 3, 3, 400.0)]:
        actions = rng.integers(0, A, N)
        if "repeated" in label:
            actions = np.array([0, 2, 0, 0, 1, 2])
        inputs = {"theta": rng.standard_normal((D, A)), "states": rng.standard_normal((N, D)) * scale,
                  "actions": actions.astype(np.int64), "returns": rng.standard_normal(N) * 2}
        if scale > 1:  # the largest logit magnitude is 1e3 (exp overflows without the max trick)
            logits = inputs["states"] @ inputs["theta"]
            inputs["states"] *= 1e3 / np.max(np.abs(logits))
        if "negative" in label:
            inputs["returns"][[1, 4]] = -np.abs(inputs["returns"][[1, 4]])
        cases.append(Case(label, inputs, steps, compare=["loss"], grads=[Grad("dtheta", "theta", _loss)], n=N))

    def loss_mistake(f, hint):
        def compute(v):
            th, S, a, G, N, logp, p, onehot = _parts(v)
            return f(logp[np.arange(N), a], G, N, logp)
        return Mistake("loss", compute, hint)

    mistakes = [
        loss_mistake(lambda lp, G, N, logp: -np.sum(G * lp), "1/N を掛け忘れていませんか: loss = -mean(returns * log π(a|s))"),
        loss_mistake(lambda lp, G, N, logp: np.mean(G * lp),
                     "符号が逆です。最大化したいのは期待収益なので、損失は -mean(returns * log π(a|s)) です"),
        loss_mistake(lambda lp, G, N, logp: -np.mean(lp), "returns（収益）で重み付けしていません"),
        Mistake("dtheta", lambda v: _dtheta(v, sign=-1.0),
                "勾配の符号が逆です。損失 -log π(a|s) のロジットについての勾配は π - onehot(a) なので "
                "dθ = statesᵀ ((π - onehot) * returns) / N"),
        Mistake("dtheta", lambda v: _dtheta(v, div=False), "dtheta にも 1/N が付きます（損失がバッチ平均なので）"),
        Mistake("dtheta", lambda v: _dtheta(v, weight=False), "勾配にも returns の重みを掛けます: (π - onehot) * returns[:, None]"),
    ]
    return Checks(functions=["reinforce_loss"], cases=cases, shapes={"dtheta": "theta の形状 (D, A)"}, mistakes=mistakes,
                  nan_hint="nan/inf が出ています（ロジット ±1e3）。log π は log-softmax で: "
                           "z = logits - max(logits) として log π = z - log Σ exp(z)")
