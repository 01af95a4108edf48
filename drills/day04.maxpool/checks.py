import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _windows(x, ph, pw, s):
    """(N, C, OH, OW, ph, pw) view-copy of the pooling windows."""
    N, C, H, W = x.shape
    OH, OW = (H - ph) // s + 1, (W - pw) // s + 1
    win = np.empty((N, C, OH, OW, ph, pw))
    for i in range(ph):
        for j in range(pw):
            win[:, :, :, :, i, j] = x[:, :, i:i + s * OH:s, j:j + s * OW:s]
    return win


def _scatter(x_shape, g, ph, pw, s, accumulate=True):
    """Sum (or overwrite) window gradients g (N, C, OH, OW, ph, pw) back onto x."""
    dx = np.zeros(x_shape)
    OH, OW = g.shape[2], g.shape[3]
    for i in range(ph):
        for j in range(pw):
            sl = (slice(None), slice(None), slice(i, i + s * OH, s), slice(j, j + s * OW, s))
            if accumulate:
                dx[sl] += g[:, :, :, :, i, j]
            else:
                dx[sl] = g[:, :, :, :, i, j]
    return dx


def _argmax_mask(v):
    win = _windows(v["x"], v["ph"], v["pw"], v["stride"])
    flat = win.reshape(*win.shape[:4], -1)
    return (flat == flat.max(-1, keepdims=True)).reshape(win.shape)


def _dx_all(v, scale=1.0):
    g = np.broadcast_to(v["dout"][..., None, None] * scale, (*v["dout"].shape, v["ph"], v["pw"]))
    return _scatter(v["x"].shape, g, v["ph"], v["pw"], v["stride"])


def _dx_overwrite(v):
    g = v["dout"][..., None, None] * _argmax_mask(v)
    return _scatter(v["x"].shape, g, v["ph"], v["pw"], v["stride"], accumulate=False)


def _dx_argmax_assign(v):
    """The common bug: each window writes dout at its argmax with "=", in raster order (n, c, oh,
    ow), so where one element is the argmax of several overlapping windows the last one wins."""
    x, ph, pw, s = v["x"], v["ph"], v["pw"], v["stride"]
    dout = v["dout"]
    N, C, OH, OW = dout.shape
    dx = np.zeros(x.shape)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    win = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    r, q = np.unravel_index(int(np.argmax(win)), win.shape)
                    dx[n, c, i * s + r, j * s + q] = dout[n, c, i, j]
    return dx


def _out_no_transpose(v):
    x = v["x"]
    win = _windows(x, v["ph"], v["pw"], v["stride"])
    N, C, OH, OW = win.shape[:4]
    m = win.max(axis=(4, 5))  # (N, C, OH, OW)
    return m.transpose(0, 2, 3, 1).reshape(N, C, OH, OW)


def _distinct(rng, shape):
    """Values pairwise at least 1e-2 apart: every window has a unique argmax (no ties, no kinks)."""
    n = int(np.prod(shape))
    return (rng.permutation(n).reshape(shape) - n / 2) * (3.0 / n) + rng.uniform(0, 1e-3, shape) * (3.0 / n)


def _loss(ref, v):
    out, _ = ref.maxpool_forward(v["x"], v["ph"], v["pw"], v["stride"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(4103)
    steps = [Step("maxpool_forward(x, ph, pw, stride)", ("out", "cache")), Step("maxpool_backward(dout, cache)", ("dx",))]
    cases = []
    for label, shape, ph, pw, stride in [
        ("N=1, C=1, 4×4, 2×2 窓, stride 2", (1, 1, 4, 4), 2, 2, 2),
        ("overlapping windows: 3×3 窓, stride 2 (N=2, C=3, 7×7)", (2, 3, 7, 7), 3, 3, 2),
        ("overlapping, non-square window 2×3, stride 1 (N=2, C=2, H=5, W=6)", (2, 2, 5, 6), 2, 3, 1),
        ("floor division: 3×3 窓, stride 2 (N=1, C=2, H=8, W=6)", (1, 2, 8, 6), 3, 3, 2),
        ("larger (N=4, C=3, 8×8), 2×2 窓, stride 2", (4, 3, 8, 8), 2, 2, 2),
    ]:
        x = _distinct(rng, shape)
        OH, OW = (shape[2] - ph) // stride + 1, (shape[3] - pw) // stride + 1
        inputs = {"x": x, "ph": ph, "pw": pw, "stride": stride, "dout": rng.standard_normal((shape[0], shape[1], OH, OW))}
        cases.append(Case(label, inputs, steps, compare=["out"], grads=[Grad("dx", "x", _loss)], n=shape[0]))
    mistakes = [
        Mistake("dx", lambda v: _dx_all(v),
                "勾配を窓の全要素に流していませんか。Max プーリングでは最大値（argmax）の位置にだけ dout を流します"),
        Mistake("dx", lambda v: _dx_all(v, 1.0 / (v["ph"] * v["pw"])),
                "それは平均プーリングの逆伝播です。Max プーリングでは argmax の位置にだけ dout を流します"),
        Mistake("dx", _dx_argmax_assign, {
            "ja": "窓が重なる（stride < 窓サイズ）と、同じ要素が複数の窓の最大値 (argmax) になります。"
                  "dx[..., argmax] = dout の代入（=）では最後の窓の勾配しか残りません。足し合わせてください"
                  "（dx[...] += dout[...]、ベクトル化なら np.add.at。dx.flat[idx] = ... や dx[idx] += ... は重複した添字を 1 回しか数えません）",
            "en": "where windows overlap (stride < window size) one element can be the argmax of several windows. "
                  "Writing dx[..., argmax] = dout with '=' keeps only the last window's gradient: add them up "
                  "(dx[...] += dout[...], or np.add.at when vectorized; dx.flat[idx] = ... and dx[idx] += ... count a "
                  "repeated index once)"}),
        Mistake("dx", _dx_overwrite, {
            "ja": "窓が重なる（stride < 窓サイズ）と、同じ要素が複数の窓に入ります。col2im で窓全体を代入（=）すると、"
                  "0 も含めて前の窓の勾配を上書きします。足し合わせ（+=, np.add.at）てください",
            "en": "where windows overlap (stride < window size) one element belongs to several windows. A col2im that "
                  "assigns whole windows with '=' overwrites the earlier windows' gradients, zeros included: add them (+=)"}),
        Mistake("out", _out_no_transpose,
                "(N*OH*OW*C,) の最大値を (N, C, OH, OW) に直接 reshape していませんか。"
                "reshape(N, OH, OW, C).transpose(0, 3, 1, 2) です"),
    ]
    return Checks(functions=["maxpool_forward", "maxpool_backward"], cases=cases,
                  shapes={"out": "(N, C, OH, OW)", "dx": "x の形状 (N, C, H, W)"}, mistakes=mistakes)
