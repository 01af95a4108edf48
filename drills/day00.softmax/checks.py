import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step


def _softmax_axis0(x):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_all(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _softmax_all_shift_last(x):
    """Shifted by each vector's max (the last axis), then normalized over the whole array: the
    book's two-branch softmax (2-D rows, anything else as one vector) on 3-D input."""
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e)


ALL_HINT = {
    "ja": "配列全体で正規化しています。最後の軸に沿った各ベクトルの和が 1 になるようにします (axis=-1, keepdims=True)。"
          "2-D とそれ以外で分ける書き方 (「ゼロから作る」の softmax) では 3-D の入力が 1 本のベクトル扱いになります",
    "en": "this normalizes over the whole array: make each vector along the last axis sum to 1 (axis=-1, keepdims=True). "
          "Code that treats 2-D input as rows and anything else as one vector (the book's softmax) gets 3-D input wrong",
}


def build() -> Checks:
    rng = np.random.default_rng(2002)
    steps = [Step("softmax(x)", ("y",))]
    big = rng.uniform(-1000, 1000, size=(4, 6))
    big[0, 2] = 1000.0
    big[1] = -1000.0 + rng.uniform(0, 3, size=6)
    cases = [
        Case("one vector (C=5)", {"x": rng.standard_normal(5)}, steps, compare=["y"]),
        Case("N=1", {"x": rng.standard_normal((1, 4))}, steps, compare=["y"], n=1),
        Case("non-square (N=3, C=7)", {"x": rng.standard_normal((3, 7)) * 3}, steps, compare=["y"], n=3),
        Case("square (N=C=4)", {"x": rng.standard_normal((4, 4)) * 2}, steps, compare=["y"], n=4),
        Case("3-D (N=2, T=3, C=5)", {"x": rng.standard_normal((2, 3, 5))}, steps, compare=["y"], n=2),
        Case("large scores ±1e3", {"x": big}, steps, compare=["y"], n=4),
    ]
    mistakes = [
        Mistake("y", lambda v: _softmax_axis0(v["x"]), "axis 0 で正規化しています。クラスは最後の軸 (axis=-1) です"),
        Mistake("y", lambda v: _softmax_all(v["x"]), ALL_HINT),
        Mistake("y", lambda v: _softmax_all_shift_last(v["x"]), ALL_HINT),
    ]
    return Checks(functions=["softmax"], cases=cases, shapes={"y": "x の形状 (..., C)"}, mistakes=mistakes,
                  nan_hint="nan/inf が出ています（exp のオーバーフロー (overflow)）。"
                           "np.exp の前に各ベクトルの最大値 (axis=-1, keepdims=True) を引いてください")
