import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _out_size(H, W, fh, fw, stride, pad):
    return (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1


def _im2col(x, fh, fw, stride, pad):
    N, C, H, W = x.shape
    OH, OW = _out_size(H, W, fh, fw, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, fh, fw, OH, OW))
    for i in range(fh):
        for j in range(fw):
            col[:, :, i, j, :, :] = img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * OH * OW, -1)


def _col2im(col, x_shape, fh, fw, stride, pad):
    N, C, H, W = x_shape
    OH, OW = _out_size(H, W, fh, fw, stride, pad)
    col6 = col.reshape(N, OH, OW, C, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(fh):
        for j in range(fw):
            img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] += col6[:, :, i, j, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


def _fwd_no_transpose(v):
    x, W, b, s, p = v["x"], v["W"], v["b"], v["stride"], v["pad"]
    FN, C, FH, FW = W.shape
    N, _, H, Wd = x.shape
    OH, OW = _out_size(H, Wd, FH, FW, s, p)
    return (_im2col(x, FH, FW, s, p) @ W.reshape(FN, -1).T + b).reshape(N, FN, OH, OW)


def _bwd(v, dout_reshape=False):
    x, W, s, p, dout = v["x"], v["W"], v["stride"], v["pad"], v["dout"]
    FN, C, FH, FW = W.shape
    col = _im2col(x, FH, FW, s, p)
    dout2 = dout.reshape(-1, FN) if dout_reshape else dout.transpose(0, 2, 3, 1).reshape(-1, FN)
    return {"db": dout2.sum(0), "dW_notr": (col.T @ dout2).reshape(FN, C, FH, FW),
            "dW": (col.T @ dout2).T.reshape(FN, C, FH, FW),
            "dx": _col2im(dout2 @ W.reshape(FN, -1), x.shape, FH, FW, s, p)}


def _loss(ref, v):
    out, _ = ref.conv_forward(v["x"], v["W"], v["b"], stride=v["stride"], pad=v["pad"])
    return float(np.sum(out * v["dout"]))


def build() -> Checks:
    rng = np.random.default_rng(4102)
    cases = []
    for label, (N, C, H, W), (FN, FH, FW), stride, pad in [
        ("N=1, C=1, 4×4, 3×3 フィルタ 1 枚, 既定値 stride=1, pad=0", (1, 1, 4, 4), (1, 3, 3), 1, 0),
        ("non-square (N=2, C=3, H=5, W=7), FN=4, 3×2 フィルタ, stride 2, pad 1", (2, 3, 5, 7), (4, 3, 2), 2, 1),
        ("stride 1, pad 1 (N=2, C=2, 5×5), FN=3, 3×3 (same padding)", (2, 2, 5, 5), (3, 3, 3), 1, 1),
        ("floor division (N=1, C=2, H=8, W=6), FN=2, 3×3, stride 2, pad 0", (1, 2, 8, 6), (2, 3, 3), 2, 0),
        ("larger (N=4, C=3, 8×8), FN=5, 3×3, stride 2, pad 1", (4, 3, 8, 8), (5, 3, 3), 2, 1),
    ]:
        OH, OW = _out_size(H, W, FH, FW, stride, pad)
        inputs = {"x": rng.standard_normal((N, C, H, W)), "W": rng.standard_normal((FN, C, FH, FW)) * 0.5,
                  "b": rng.standard_normal(FN), "stride": stride, "pad": pad,
                  "dout": rng.standard_normal((N, FN, OH, OW))}
        call = "conv_forward(x, W, b)" if stride == 1 and pad == 0 else "conv_forward(x, W, b, stride=stride, pad=pad)"
        steps = [Step(call, ("out", "cache")), Step("conv_backward(dout, cache)", ("dx", "dW", "db"))]
        cases.append(Case(label, inputs, steps, compare=["out"],
                          grads=[Grad("db", "b", _loss), Grad("dW", "W", _loss), Grad("dx", "x", _loss)], n=N))
    mistakes = [
        Mistake("out", _fwd_no_transpose,
                "行列積の結果 (N*OH*OW, FN) をそのまま (N, FN, OH, OW) に reshape していませんか。"
                "行は (n, oh, ow) の順なので reshape(N, OH, OW, FN).transpose(0, 3, 1, 2) です"),
        Mistake("db", lambda v: v["dout"].mean(axis=(0, 2, 3)),
                "db は dout の N, OH, OW 方向の和です（平均ではありません）"),
        Mistake("db", lambda v: _bwd(v, dout_reshape=True)["db"],
                "dout を (N*OH*OW, FN) にするには dout.transpose(0, 2, 3, 1).reshape(-1, FN) です"
                "（transpose せずに reshape すると並びが崩れます）"),
        Mistake("dW", lambda v: _bwd(v)["dW_notr"],
                "col.T @ dout2 は (C*FH*FW, FN) です。transpose(1, 0) してから reshape(FN, C, FH, FW) します"),
        Mistake("dx", lambda v: _bwd(v, dout_reshape=True)["dx"],
                "dout を (N*OH*OW, FN) にするには dout.transpose(0, 2, 3, 1).reshape(-1, FN) です"),
    ]
    return Checks(functions=["conv_forward", "conv_backward"], cases=cases,
                  shapes={"out": "(N, FN, OH, OW)", "dx": "x の形状 (N, C, H, W)", "dW": "(FN, C, FH, FW)",
                          "db": "(FN,)"},
                  mistakes=mistakes)
