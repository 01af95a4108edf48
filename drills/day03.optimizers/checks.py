import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step

HYPER = {
    "sgd": {"lr": 0.05},
    "momentum": {"lr": 0.05, "momentum": 0.8},
    "nesterov": {"lr": 0.05, "momentum": 0.7},
    "adagrad": {"lr": 0.1, "eps": 1e-6},
    "rmsprop": {"lr": 0.02, "decay": 0.9, "eps": 1e-6},
    "adam": {"lr": 0.005, "beta1": 0.8, "beta2": 0.99, "eps": 1e-7},
}


def _signed(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape) * rng.choice([-1.0, 1.0], shape)


def _run(step, v):
    params = {k: w.copy() for k, w in v["params"].items()}
    state: dict = {}
    out = {}
    for i in (1, 2, 3):
        step(params, v[f"g{i}"], state, **v["hyper"])
        out[f"p{i}"] = {k: w.copy() for k, w in params.items()}
    return out


def _adam_no_bias(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    for k in params:
        m = state.setdefault("m" + k, np.zeros_like(params[k]))
        s = state.setdefault("v" + k, np.zeros_like(params[k]))
        m[...] = beta1 * m + (1 - beta1) * grads[k]
        s[...] = beta2 * s + (1 - beta2) * grads[k] ** 2
        params[k] = params[k] - lr * m / (np.sqrt(s) + eps)


def _rms_no_decay_weight(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    for k in params:
        h = state.setdefault(k, np.zeros_like(params[k]))
        h[...] = decay * h + grads[k] ** 2
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h) + eps)


def _nesterov_as_momentum(params, grads, state, lr=0.01, momentum=0.9):
    for k in params:
        v = state.setdefault(k, np.zeros_like(params[k]))
        v[...] = momentum * v - lr * grads[k]
        params[k] = params[k] + v


def _sgd_plus(params, grads, state, lr=0.01):
    for k in params:
        params[k] = params[k] + lr * grads[k]


def _mistake(step, name, hint):
    def compute(i):
        def f(v):
            if v["method"] != name:
                raise LookupError("another optimizer's case")
            return _run(step, v)[f"p{i}"]
        return f

    return [Mistake(f"p{i}", compute(i), hint) for i in (1, 2, 3)]


def build() -> Checks:
    rng = np.random.default_rng(5001)
    cases = []
    for name in HYPER:
        for label, hyper, shapes in [("defaults", {}, {"W": (3, 4), "b": (4,)}),
                                     ("custom " + ", ".join(f"{k}={v:g}" for k, v in HYPER[name].items()), HYPER[name],
                                      {"W1": (2, 5), "b1": (5,), "W2": (5, 1)})]:
            params = {k: _signed(rng, s, 1.0, 2.0) for k, s in shapes.items()}
            inputs = {"params": params, "state": {}, "hyper": hyper, "method": name}
            steps = []
            for i in (1, 2, 3):
                inputs[f"g{i}"] = {k: _signed(rng, s, 0.1, 1.0) for k, s in shapes.items()}
                steps += [Step(f"{name}(params, g{i}, state, **hyper)"), Step("snap(params)", (f"p{i}",))]
            cases.append(Case(f"{name}, {label}, 3 steps", inputs, steps, compare=["p1", "p2", "p3"],
                              mutable=("params", "state")))
    mistakes = (_mistake(_adam_no_bias, "adam", "Adam にはバイアス補正 (bias correction) が必要です: m̂ = m/(1-β1^t), v̂ = v/(1-β2^t)（t は 1 から数えます）")
                + _mistake(_rms_no_decay_weight, "rmsprop", "RMSprop は h = decay*h + (1 - decay)*g*g です（係数 (1 - decay) が抜けています）")
                + _mistake(_nesterov_as_momentum, "nesterov", "それは通常の Momentum です。Nesterov では w を -momentum*v_prev + (1 + momentum)*v だけ更新します")
                + _mistake(_sgd_plus, "sgd", "符号が逆です: 勾配と逆の向きに更新します (w -= lr * g)"))
    return Checks(functions=list(HYPER), cases=cases, mistakes=mistakes)
