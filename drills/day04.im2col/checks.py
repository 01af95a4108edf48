import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _out_size(H, W, fh, fw, stride, pad):
    return (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1


def _im2col(x, fh, fw, stride, pad, perm):
    N, C, H, W = x.shape
    OH, OW = _out_size(H, W, fh, fw, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, fh, fw, OH, OW))
    for i in range(fh):
        for j in range(fw):
            col[:, :, i, j, :, :] = img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
    return col.transpose(perm).reshape(N * OH * OW, -1)


def _col2im_assign(col, x_shape, fh, fw, stride, pad):
    """Overlaps overwritten (img[...] = ...) instead of summed."""
    N, C, H, W = x_shape
    OH, OW = _out_size(H, W, fh, fw, stride, pad)
    col6 = col.reshape(N, OH, OW, C, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(fh):
        for j in range(fw):
            img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] = col6[:, :, i, j, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


def _loss(ref, v):
    col = ref.im2col(v["x"], v["fh"], v["fw"], stride=v["stride"], pad=v["pad"])
    return float(np.sum(col * v["dcol"]))


def build() -> Checks:
    rng = np.random.default_rng(4101)
    cases = []
    for label, (N, C, H, W), fh, fw, stride, pad in [
        ("N=1, C=1, 4×4, 2×2 フィルタ, 既定値 stride=1, pad=0", (1, 1, 4, 4), 2, 2, 1, 0),
        ("non-square (N=2, C=3, H=5, W=7), fh=3, fw=2, stride 2, pad 1", (2, 3, 5, 7), 3, 2, 2, 1),
        ("stride 2, pad 1, 3×3 (N=2, C=2, 6×6)", (2, 2, 6, 6), 3, 3, 2, 1),
        ("floor division (N=1, C=2, H=8, W=7), 3×3, stride 2, pad 0", (1, 2, 8, 7), 3, 3, 2, 0),
        ("stride 1, pad 2 (N=3, C=1, H=4, W=5), fh=3, fw=3", (3, 1, 4, 5), 3, 3, 1, 2),
    ]:
        OH, OW = _out_size(H, W, fh, fw, stride, pad)
        inputs = {"x": rng.standard_normal((N, C, H, W)), "fh": fh, "fw": fw, "stride": stride, "pad": pad,
                  "dcol": rng.standard_normal((N * OH * OW, C * fh * fw))}
        if stride == 1 and pad == 0:
            steps = [Step("im2col(x, fh, fw)", ("col",)), Step("col2im(dcol, x.shape, fh, fw)", ("img",))]
        else:
            steps = [Step("im2col(x, fh, fw, stride=stride, pad=pad)", ("col",)),
                     Step("col2im(dcol, x.shape, fh, fw, stride=stride, pad=pad)", ("img",))]
        cases.append(Case(label, inputs, steps, compare=["col"], grads=[Grad("img", "x", _loss)], n=N))

    def col_mistake(perm, hint):
        return Mistake("col", lambda v: _im2col(v["x"], v["fh"], v["fw"], v["stride"], v["pad"], perm), hint)

    mistakes = [
        col_mistake((0, 4, 5, 2, 3, 1), "列の順序が (fh, fw, c) になっています。列は (c, fh, fw) の順です: "
                                        "col.transpose(0, 4, 5, 1, 2, 3) で (N, OH, OW, C, fh, fw) にしてから reshape"),
        col_mistake((0, 1, 2, 3, 4, 5), "transpose を忘れて (N, C, fh, fw, OH, OW) のまま reshape していませんか。"
                                        "行は (n, oh, ow)、列は (c, fh, fw) の順: transpose(0, 4, 5, 1, 2, 3)"),
        col_mistake((0, 4, 5, 1, 3, 2), "列の順序が (c, fw, fh) になっています。列は (c, fh, fw) の順です"),
        Mistake("img", lambda v: _col2im_assign(v["dcol"], v["x"].shape, v["fh"], v["fw"], v["stride"], v["pad"]),
                "窓が重なる部分（stride < フィルタサイズ）は足し合わせます: img[...] = ではなく img[...] += "),
    ]
    return Checks(functions=["im2col", "col2im"], cases=cases,
                  shapes={"col": "(N*OH*OW, C*fh*fw)",
                          "img": "x_shape = (N, C, H, W)（pad で足した周囲を最後に切り落とした形状）"},
                  mistakes=mistakes)
