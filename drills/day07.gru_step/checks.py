import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _gru(v, reset_after=False, swap_z=False, no_direct=False):
    x, h, Wx, Wh, b = v["x"], v["h_prev"], v["Wx"], v["Wh"], v["b"]
    H = h.shape[1]
    sl = [slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)]
    z = _sig(x @ Wx[:, sl[0]] + h @ Wh[:, sl[0]] + b[sl[0]])
    r = _sig(x @ Wx[:, sl[1]] + h @ Wh[:, sl[1]] + b[sl[1]])
    if reset_after:
        hh = np.tanh(x @ Wx[:, sl[2]] + r * (h @ Wh[:, sl[2]]) + b[sl[2]])
    else:
        hh = np.tanh(x @ Wx[:, sl[2]] + (r * h) @ Wh[:, sl[2]] + b[sl[2]])
    out = {"h_next": z * h + (1 - z) * hh if swap_z else (1 - z) * h + z * hh}
    if "dh_next" in v:
        dn = v["dh_next"]
        dah = dn * z * (1 - hh ** 2)
        drh = dah @ Wh[:, sl[2]].T
        daz = dn * (hh - h) * z * (1 - z)
        dar = drh * h * r * (1 - r)
        dh_prev = (0 if no_direct else dn * (1 - z)) + drh * r + daz @ Wh[:, sl[0]].T + dar @ Wh[:, sl[1]].T
        out.update(dh_prev=dh_prev)
    return out


def _loss(ref, v):
    h, _ = ref.gru_step_forward(v["x"], v["h_prev"], v["Wx"], v["Wh"], v["b"])
    return float(np.sum(h * v["dh_next"]))


def build() -> Checks:
    rng = np.random.default_rng(7102)
    steps = [Step("gru_step_forward(x, h_prev, Wx, Wh, b)", ("h_next", "cache")),
             Step("gru_step_backward(dh_next, cache)", ("dx", "dh_prev", "dWx", "dWh", "db"))]
    cases = []
    for label, N, D, H in [("N=1, D=2, H=3", 1, 2, 3), ("non-square (N=4, D=5, H=2)", 4, 5, 2),
                           ("D=H (N=3, D=H=4)", 3, 4, 4), ("larger (N=16, D=12, H=10)", 16, 12, 10)]:
        inputs = {"x": rng.standard_normal((N, D)), "h_prev": np.tanh(rng.standard_normal((N, H)) * 1.5),
                  "Wx": rng.standard_normal((D, 3 * H)) / np.sqrt(D), "Wh": rng.standard_normal((H, 3 * H)) / np.sqrt(H),
                  "b": rng.standard_normal(3 * H) * 0.5, "dh_next": rng.standard_normal((N, H))}
        grads = [Grad("db", "b", _loss), Grad("dWx", "Wx", _loss), Grad("dWh", "Wh", _loss), Grad("dx", "x", _loss),
                 Grad("dh_prev", "h_prev", _loss)]
        cases.append(Case(label, inputs, steps, compare=["h_next"], grads=grads, n=N))

    def fwd(v):
        return {k: v[k] for k in ("x", "h_prev", "Wx", "Wh", "b")}

    mistakes = [
        Mistake("h_next", lambda v: _gru(fwd(v), reset_after=True)["h_next"],
                "r を行列積のあとに掛けていませんか（r * (h_prev @ Wh_h)）。この問題では (r * h_prev) @ Wh_h です"),
        Mistake("h_next", lambda v: _gru(fwd(v), swap_z=True)["h_next"],
                "z と 1 - z が逆です: h_next = (1 - z) * h_prev + z * h̃（z は新しい候補 h̃ を取り込む割合）"),
        Mistake("dh_prev", lambda v: _gru(v, no_direct=True)["dh_prev"],
                "h_next = (1 - z) * h_prev + ... の直接の経路の勾配 dh_next * (1 - z) を dh_prev に足し忘れていませんか"),
    ]
    return Checks(functions=["gru_step_forward", "gru_step_backward"], cases=cases,
                  shapes={"h_next": "(N, H)", "dx": "(N, D)", "dh_prev": "(N, H)", "dWx": "(D, 3H)", "dWh": "(H, 3H)",
                          "db": "(3H,)"},
                  mistakes=mistakes)
