import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step

ORDER = "fgio"


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _lstm(v, order=ORDER, ds_without_h=False, dtanh_of_c=False):
    x, h_prev, c_prev, Wx, Wh, b = v["x"], v["h_prev"], v["c_prev"], v["Wx"], v["Wh"], v["b"]
    H = h_prev.shape[1]
    A = x @ Wx + h_prev @ Wh + b
    blk = {k: A[:, n * H:(n + 1) * H] for n, k in enumerate(order)}
    f, i, o, g = _sig(blk["f"]), _sig(blk["i"]), _sig(blk["o"]), np.tanh(blk["g"])
    c = f * c_prev + g * i
    tc = np.tanh(c)
    h = o * tc
    out = {"h_next": h, "c_next": c}
    if "dh_next" in v:
        dh, dc = v["dh_next"], v["dc_next"]
        ds = dc + (0 if ds_without_h else dh * o * ((1 - c ** 2) if dtanh_of_c else (1 - tc ** 2)))
        d = {"f": ds * c_prev * f * (1 - f), "g": ds * i * (1 - g ** 2), "i": ds * g * i * (1 - i),
             "o": dh * tc * o * (1 - o)}
        dA = np.hstack([d[k] for k in ORDER])
        out.update(dx=dA @ Wx.T, dh_prev=dA @ Wh.T, dc_prev=ds * f, dWx=x.T @ dA, dWh=h_prev.T @ dA, db=dA.sum(0))
    return out


def _loss(ref, v):
    h, c, _ = ref.lstm_step_forward(v["x"], v["h_prev"], v["c_prev"], v["Wx"], v["Wh"], v["b"])
    return float(np.sum(h * v["dh_next"]) + np.sum(c * v["dc_next"]))


def build() -> Checks:
    rng = np.random.default_rng(7101)
    steps = [Step("lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)", ("h_next", "c_next", "cache")),
             Step("lstm_step_backward(dh_next, dc_next, cache)", ("dx", "dh_prev", "dc_prev", "dWx", "dWh", "db"))]
    cases = []
    for label, N, D, H in [("N=1, D=2, H=3", 1, 2, 3), ("non-square (N=4, D=5, H=2)", 4, 5, 2),
                           ("D=H (N=3, D=H=4)", 3, 4, 4), ("larger (N=16, D=12, H=10)", 16, 12, 10)]:
        inputs = {"x": rng.standard_normal((N, D)), "h_prev": np.tanh(rng.standard_normal((N, H))),
                  "c_prev": rng.standard_normal((N, H)),
                  "Wx": rng.standard_normal((D, 4 * H)) / np.sqrt(D), "Wh": rng.standard_normal((H, 4 * H)) / np.sqrt(H),
                  "b": rng.standard_normal(4 * H) * 0.5,
                  "dh_next": rng.standard_normal((N, H)), "dc_next": rng.standard_normal((N, H))}
        grads = [Grad("db", "b", _loss), Grad("dWx", "Wx", _loss), Grad("dWh", "Wh", _loss), Grad("dx", "x", _loss),
                 Grad("dh_prev", "h_prev", _loss), Grad("dc_prev", "c_prev", _loss)]
        cases.append(Case(label, inputs, steps, compare=["h_next", "c_next"], grads=grads, n=N))

    def fwd_only(v):
        return {k: v[k] for k in ("x", "h_prev", "c_prev", "Wx", "Wh", "b")}

    mistakes = []
    for order, name in [("ifog", "i, f, o, g（CS231n の順）"), ("ifgo", "i, f, g, o（PyTorch の順）"),
                        ("fiog", "f, i, o, g"), ("figo", "f, i, g, o")]:
        for r in ("h_next", "c_next"):
            mistakes.append(Mistake(r, lambda v, r=r, order=order: _lstm(fwd_only(v), order)[r],
                                    f"ゲートの順序が {name} になっていませんか。この問題では A を H 列ずつ "
                                    "f, g, i, o の順に分けます（「ゼロから作る Deep Learning ❷」と同じ）"))
    for r in ("db", "dWx", "dWh", "dx", "dh_prev", "dc_prev"):
        mistakes.append(Mistake(r, lambda v, r=r: _lstm(v, ds_without_h=True)[r],
                                "c_next への勾配は dc_next だけではありません。h_next = o * tanh(c_next) を通る分も足します: "
                                "ds = dc_next + dh_next * o * (1 - tanh(c_next)**2)"))
        mistakes.append(Mistake(r, lambda v, r=r: _lstm(v, dtanh_of_c=True)[r],
                                "tanh(c_next) の微分は 1 - tanh(c_next)**2 です（1 - c_next**2 ではありません）"))
    return Checks(functions=["lstm_step_forward", "lstm_step_backward"], cases=cases,
                  shapes={"h_next": "(N, H)", "c_next": "(N, H)", "dx": "(N, D)", "dh_prev": "(N, H)",
                          "dc_prev": "(N, H)", "dWx": "(D, 4H)", "dWh": "(H, 4H)", "db": "(4H,)"},
                  mistakes=mistakes,
                  inplace_hints={"lstm_step_backward:dc_next": {
                      "ja": "dnext_c += dnext_h * o * (1 - tanh(c)**2) の形 (CS231n の LSTM の解答によくある書き方) は、"
                            "呼び出し側の dc_next を書き換えます。時系列の逆伝播では同じ配列を次のステップや勾配の記録でも"
                            "使うので、和は新しい配列に取ってください: ds = dc_next + dh_next * o * (1 - tc**2)",
                      "en": "dnext_c += dnext_h * o * (1 - tanh(c)**2) (common in CS231n LSTM solutions) changes the "
                            "caller's dc_next. Backpropagation through time uses that array again (the next step, the "
                            "recorded gradients), so put the sum into a new array: ds = dc_next + dh_next * o * (1 - tc**2)"}})
