import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    h, _ = ref.rnn_step_forward(v["x"], v["h_prev"], v["Wx"], v["Wh"], v["b"])
    return float(np.sum(h * v["dh_next"]))


def _da(v, kind="ok"):
    a = v["x"] @ v["Wx"] + v["h_prev"] @ v["Wh"] + v["b"]
    h = np.tanh(a)
    if kind == "preact":
        return v["dh_next"] * (1 - a ** 2)
    if kind == "no_tanh":
        return v["dh_next"]
    if kind == "sech":
        return v["dh_next"] * (1 - h)
    return v["dh_next"] * (1 - h ** 2)


def _mist(result, kind, hint):
    mats = {"dx": lambda v, da: da @ v["Wx"].T, "dh_prev": lambda v, da: da @ v["Wh"].T,
            "dWx": lambda v, da: v["x"].T @ da, "dWh": lambda v, da: v["h_prev"].T @ da, "db": lambda v, da: da.sum(0)}
    return Mistake(result, lambda v: mats[result](v, _da(v, kind)), hint)


def build() -> Checks:
    rng = np.random.default_rng(6101)
    steps = [Step("rnn_step_forward(x, h_prev, Wx, Wh, b)", ("h_next", "cache")),
             Step("rnn_step_backward(dh_next, cache)", ("dx", "dh_prev", "dWx", "dWh", "db"))]
    cases = []
    for label, N, D, H in [("N=1, D=3, H=4", 1, 3, 4), ("non-square (N=4, D=5, H=3)", 4, 5, 3),
                           ("D=H (N=3, D=H=4)", 3, 4, 4), ("larger (N=16, D=10, H=8)", 16, 10, 8)]:
        inputs = {"x": rng.standard_normal((N, D)), "h_prev": np.tanh(rng.standard_normal((N, H))),
                  "Wx": rng.standard_normal((D, H)) / np.sqrt(D), "Wh": rng.standard_normal((H, H)) / np.sqrt(H),
                  "b": rng.standard_normal(H) * 0.3, "dh_next": rng.standard_normal((N, H))}
        grads = [Grad("db", "b", _loss), Grad("dWx", "Wx", _loss), Grad("dWh", "Wh", _loss),
                 Grad("dx", "x", _loss), Grad("dh_prev", "h_prev", _loss)]
        cases.append(Case(label, inputs, steps, compare=["h_next"], grads=grads, n=N))
    mistakes = []
    for r in ("db", "dWx", "dWh", "dx", "dh_prev"):
        mistakes += [
            _mist(r, "preact", "tanh の微分 1 - tanh(a)² に、tanh を通す前の a を入れていませんか。"
                               "1 - h_next**2（出力 h_next を使う）です"),
            _mist(r, "no_tanh", "tanh の逆伝播を忘れていませんか: da = dh_next * (1 - h_next**2)"),
            _mist(r, "sech", "tanh の微分は 1 - h_next**2 です（1 - h_next ではありません）"),
        ]
    mistakes += [
        Mistake("dWh", lambda v: np.tanh(v["x"] @ v["Wx"] + v["h_prev"] @ v["Wh"] + v["b"]).T @ _da(v),
                "dWh = h_prev.T @ da です（h_next ではなく、Wh に掛かっていた h_prev）"),
        Mistake("db", lambda v: _da(v).mean(0), "db はバッチについての和です（平均ではありません）"),
    ]
    return Checks(functions=["rnn_step_forward", "rnn_step_backward"], cases=cases,
                  shapes={"h_next": "(N, H)", "dx": "(N, D)", "dh_prev": "(N, H)", "dWx": "(D, H)", "dWh": "(H, H)",
                          "db": "(H,)"},
                  mistakes=mistakes)
