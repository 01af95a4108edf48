import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step


def build() -> Checks:
    rng = np.random.default_rng(2001)
    steps = [Step("normalize_rows(x)", ("y",))]
    cases = []
    for label, x in [
        ("N=1", rng.standard_normal((1, 4))),
        ("non-square (N=3, D=7)", rng.standard_normal((3, 7))),
        ("square (N=D=4)", rng.standard_normal((4, 4))),
        ("tall (N=6, D=2)", rng.standard_normal((6, 2))),
        ("large and small values", rng.standard_normal((3, 5)) * np.array([[1e3], [1e-3], [1.0]])),
    ]:
        cases.append(Case(label, {"x": x}, steps, compare=["y"], n=x.shape[0]))
    mistakes = [
        Mistake("y", lambda v: v["x"] / np.linalg.norm(v["x"], axis=0, keepdims=True),
                "列方向 (axis=0) で正規化しています。各行 (axis=1) を正規化してください"),
        Mistake("y", lambda v: v["x"] / np.linalg.norm(v["x"], axis=1),
                "ノルムの形状が (N,) なので、列の方向にブロードキャストされています。keepdims=True で (N, 1) の形状のまま割ってください"),
        Mistake("y", lambda v: v["x"] / np.sum(v["x"] ** 2, axis=1, keepdims=True),
                "ノルムの二乗で割っています。平方根を取ってください"),
        Mistake("y", lambda v: v["x"] / np.sum(np.abs(v["x"]), axis=1, keepdims=True),
                "それは L1 ノルム（絶対値の和）です。L2 ノルムは sqrt(sum(x**2)) です"),
    ]
    return Checks(functions=["normalize_rows"], cases=cases, shapes={"y": "(N, D)"}, mistakes=mistakes)
