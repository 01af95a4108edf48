import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step

EPS_CASES = {  # a large eps, so a hard-coded or missing one shows (beta2 small: the book's Adam form stays equal)
    "adagrad": {"lr": 0.1, "eps": 1e-3},
    "rmsprop": {"lr": 0.02, "decay": 0.9, "eps": 1e-3},
    "adam": {"lr": 0.005, "beta1": 0.8, "beta2": 1e-4, "eps": 1e-3},
}

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


def _nesterov_updated_v(params, grads, state, lr=0.01, momentum=0.9):
    """The published form that uses the velocity after its update: w += α² v_new - (1 + α) η g."""
    for k in params:
        v = state.setdefault(k, np.zeros_like(params[k]))
        v[...] = momentum * v - lr * grads[k]
        params[k] = params[k] + momentum * momentum * v - (1 + momentum) * lr * grads[k]


def _adagrad(params, grads, state, lr=0.01, eps=1e-7):
    for k in params:
        h = state.setdefault(k, np.zeros_like(params[k]))
        h[...] = h + grads[k] ** 2
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h) + eps)


def _rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-7):
    for k in params:
        h = state.setdefault(k, np.zeros_like(params[k]))
        h[...] = decay * h + (1 - decay) * grads[k] ** 2
        params[k] = params[k] - lr * grads[k] / (np.sqrt(h) + eps)


def _adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam_t(1)(params, grads, state, lr, beta1, beta2, eps)


def _fixed_eps(method, value):
    """``method`` with its eps argument ignored and ``value`` used instead (0: no eps at all)."""
    def step(params, grads, state, **hyper):
        return method(params, grads, state, **dict(hyper, eps=value))
    return step


def _adam_t(start, per_key=False):
    """Adam whose bias-correction step t is wrong: ``start`` at the first call (0: counted after
    the update, so 1 - β^0 = 0), or advanced once per parameter instead of once per call."""
    def step(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        m = state.setdefault("m", {k: np.zeros_like(w) for k, w in params.items()})
        v = state.setdefault("v", {k: np.zeros_like(w) for k, w in params.items()})
        t = state.setdefault("t", start)
        for k in params:
            if per_key:
                t = state["t"] = state["t"] + 1
            m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
            v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
            params[k] = params[k] - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
        if not per_key:
            state["t"] = t + 1
    return step


REFERENCE = {"adagrad": _adagrad, "rmsprop": _rmsprop, "adam": _adam}


def _sgd_plus(params, grads, state, lr=0.01):
    for k in params:
        params[k] = params[k] + lr * grads[k]


EPS_HINT = {
    "ja": "eps 引数が使われていません。更新式に 1e-7 や 10e-7 (= 1e-6) を書き込んだり eps を省いたりせず、"
          "渡された eps を使ってください: g / (sqrt(h) + eps)。「ゼロから作る」のクラスは 1e-7 を直接書いていますが、"
          "このドリルでは eps は引数です（eps を変えたケースがあります）",
    "en": "the eps argument is not used: do not write 1e-7 or 10e-7 (= 1e-6) into the update, nor leave eps out; "
          "use the eps passed in: g / (sqrt(h) + eps). The book's classes write 1e-7 in directly, but here eps is an "
          "argument (a case changes it)",
}
ADAM_T_HINT = {
    "ja": "バイアス補正のステップ数 t がずれています。t は 1 から数え、各呼び出しの最初に 1 回だけ増やします "
          "(state['t'] = state.get('t', 0) + 1 の後で 1 - β1^t, 1 - β2^t を計算)。更新の後で増やすと最初の t が 0 に"
          "なり 1 - β^0 = 0 で割ってしまいます。パラメータごとに増やしてもいけません",
    "en": "the bias-correction step t is off: count t from 1 and advance it once at the start of each call "
          "(state['t'] = state.get('t', 0) + 1, then 1 - β1^t and 1 - β2^t). Advancing it after the update makes the "
          "first t 0, a division by 1 - β^0 = 0; nor advance it once per parameter",
}
NESTEROV_HINT = {
    "ja": "更新後の速度 v を使っています (w += α²·v_new - (1+α)·η·g の形)。この形は「ゼロから作る Deep Learning ❷」の"
          "公開コード (と 1 冊目の修正前のコード) にありますが、正しくは更新前の速度 v' を使います: "
          "w ← w - α v' + (1 + α) v (= w + α² v' - (1 + α) η g)",
    "en": "this uses the velocity after its update (w += α²·v_new - (1+α)·η·g). That form is in the published code of "
          "the book's second volume (and the first volume's code before its fix); the update uses the velocity before "
          "it: w ← w - α v' + (1 + α) v (= w + α² v' - (1 + α) η g)",
}


def _mistake(step, name, hint):
    def compute(i):
        def f(v):
            if v["method"] != name:
                raise LookupError("another optimizer's case")
            return _run(step, v)[f"p{i}"]
        return f

    return [Mistake(f"p{i}", compute(i), hint) for i in (1, 2, 3)]


def _case(rng, name, label, hyper, shapes):
    params = {k: _signed(rng, s, 1.0, 2.0) for k, s in shapes.items()}
    inputs = {"params": params, "state": {}, "hyper": hyper, "method": name}
    steps = []
    for i in (1, 2, 3):
        inputs[f"g{i}"] = {k: _signed(rng, s, 0.1, 1.0) for k, s in shapes.items()}
        steps += [Step(f"{name}(params, g{i}, state, **hyper)"), Step("snap(params)", (f"p{i}",))]
    return Case(f"{name}, {label}, 3 steps", inputs, steps, compare=["p1", "p2", "p3"], mutable=("params", "state"))


def build() -> Checks:
    rng = np.random.default_rng(5001)
    cases = []
    for name in HYPER:
        for label, hyper, shapes in [("defaults", {}, {"W": (3, 4), "b": (4,)}),
                                     ("custom " + ", ".join(f"{k}={v:g}" for k, v in HYPER[name].items()), HYPER[name],
                                      {"W1": (2, 5), "b1": (5,), "W2": (5, 1)})]:
            cases.append(_case(rng, name, label, hyper, shapes))
    rng = np.random.default_rng(5002)
    for name, hyper in EPS_CASES.items():
        cases.append(_case(rng, name, "eps visible " + ", ".join(f"{k}={v:g}" for k, v in hyper.items()), hyper,
                           {"W": (2, 3)}))
    mistakes = (_mistake(_adam_no_bias, "adam", "Adam にはバイアス補正 (bias correction) が必要です: m̂ = m/(1-β1^t), v̂ = v/(1-β2^t)（t は 1 から数えます）")
                + _mistake(_rms_no_decay_weight, "rmsprop", "RMSprop は h = decay*h + (1 - decay)*g*g です（係数 (1 - decay) が抜けています）")
                + _mistake(_nesterov_as_momentum, "nesterov", "それは通常の Momentum です。Nesterov では w を -momentum*v_prev + (1 + momentum)*v だけ更新します")
                + _mistake(_sgd_plus, "sgd", "符号が逆です: 勾配と逆の向きに更新します (w -= lr * g)")
                + _mistake(_nesterov_updated_v, "nesterov", NESTEROV_HINT)
                + [m for method in ("adagrad", "rmsprop", "adam") for value in (0.0, 1e-8, 1e-7, 1e-6, 1e-5)
                   for m in _mistake(_fixed_eps(REFERENCE[method], value), method, EPS_HINT)]
                + [m for start, per_key in ((0, False), (2, False), (0, True))
                   for m in _mistake(_adam_t(start, per_key), "adam", ADAM_T_HINT)])
    return Checks(functions=list(HYPER), cases=cases, mistakes=mistakes)
