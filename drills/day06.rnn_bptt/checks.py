import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _loss(ref, v):
    h, _ = ref.rnn_forward(v["x"], v["h0"], v["Wx"], v["Wh"], v["b"])
    return float(np.sum(h * v["dh"]))


def _bptt(v, carry=True, accumulate=True, dWh_with_h=False):
    x, h0, Wx, Wh, b, dh = v["x"], v["h0"], v["Wx"], v["Wh"], v["b"], v["dh"]
    N, T, D = x.shape
    hs, prev = [], h0
    for t in range(T):
        prev = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
        hs.append(prev)
    g = {"dx": np.zeros_like(x), "dWx": np.zeros_like(Wx), "dWh": np.zeros_like(Wh), "db": np.zeros(len(b))}
    dprev = np.zeros_like(h0)
    for t in reversed(range(T)):
        hp = hs[t - 1] if t > 0 else h0
        da = (dh[:, t] + (dprev if carry else 0)) * (1 - hs[t] ** 2)
        g["dx"][:, t] = da @ Wx.T
        dprev = da @ Wh.T
        parts = {"dWx": x[:, t].T @ da, "dWh": (hs[t] if dWh_with_h else hp).T @ da, "db": da.sum(0)}
        for k, p in parts.items():
            g[k] = g[k] + p if accumulate else p
    g["dh0"] = dprev
    return g


def build() -> Checks:
    rng = np.random.default_rng(6102)
    steps = [Step("rnn_forward(x, h0, Wx, Wh, b)", ("h", "cache")),
             Step("rnn_backward(dh, cache)", ("dx", "dh0", "dWx", "dWh", "db"))]
    cases = []
    for label, N, T, D, H in [("N=1, T=3, D=2, H=3", 1, 3, 2, 3), ("T=1 (N=2, D=3, H=4)", 2, 1, 3, 4),
                              ("non-square (N=3, T=5, D=4, H=2)", 3, 5, 4, 2), ("larger (N=8, T=10, D=6, H=5)", 8, 10, 6, 5)]:
        inputs = {"x": rng.standard_normal((N, T, D)), "h0": np.tanh(rng.standard_normal((N, H))),
                  "Wx": rng.standard_normal((D, H)) / np.sqrt(D), "Wh": rng.standard_normal((H, H)) / np.sqrt(H),
                  "b": rng.standard_normal(H) * 0.3, "dh": rng.standard_normal((N, T, H))}
        grads = [Grad("db", "b", _loss), Grad("dWx", "Wx", _loss), Grad("dWh", "Wh", _loss),
                 Grad("dx", "x", _loss), Grad("dh0", "h0", _loss)]
        cases.append(Case(label, inputs, steps, compare=["h"], grads=grads, n=N))
    mistakes = []
    for r in ("db", "dWx", "dWh", "dx", "dh0"):
        mistakes.append(Mistake(r, lambda v, r=r: _bptt(v, carry=False)[r],
                                "未来の時刻から戻ってくる勾配が抜けています: 各時刻で da = (dh[:, t] + dh_prev) * (1 - h_t**2)"
                                "（dh_prev は 1 つ後の時刻で計算した da @ Wh.T）"))
    for r in ("db", "dWx", "dWh"):
        mistakes.append(Mistake(r, lambda v, r=r: _bptt(v, accumulate=False)[r],
                                "重みは全時刻で共有されているので、勾配は全時刻分を足し合わせます（= ではなく +=）"))
    mistakes.append(Mistake("dWh", lambda v: _bptt(v, dWh_with_h=True)["dWh"],
                            "dWh には h_t ではなく 1 つ前の隠れ状態 h_{t-1}（t = 0 では h0）を使います"))
    return Checks(functions=["rnn_forward", "rnn_backward"], cases=cases,
                  shapes={"h": "(N, T, H)", "dx": "(N, T, D)", "dh0": "(N, H)", "dWx": "(D, H)", "dWh": "(H, H)",
                          "db": "(H,)"},
                  mistakes=mistakes)
