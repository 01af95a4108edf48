import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Speed, Step

REF = """
def ref(A, B):
    D = A @ B.T
    D *= -2.0
    D += np.einsum("ij,ij->i", A, A)[:, None]
    D += np.einsum("ij,ij->i", B, B)[None, :]
    return D
"""


def _exact(A, B):
    return np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=-1)


def build() -> Checks:
    rng = np.random.default_rng(2003)
    steps = [Step("pairwise_sqdist(A, B)", ("D",))]
    cases = []
    A = rng.standard_normal((5, 3))
    B = np.vstack([rng.standard_normal((3, 3)), A[1:3]])  # two zero distances
    for label, a, b in [
        ("N=M=1", rng.standard_normal((1, 3)), rng.standard_normal((1, 3))),
        ("N=4, M=6, K=3", rng.standard_normal((4, 3)), rng.standard_normal((6, 3))),
        ("K=1, N=5, M=2", rng.standard_normal((5, 1)), rng.standard_normal((2, 1))),
        ("shared points (zero distances)", A, B),
        ("larger (N=20, M=30, K=16)", rng.standard_normal((20, 16)) * 10, rng.standard_normal((30, 16)) * 10),
    ]:
        cases.append(Case(label, {"A": a, "B": b}, steps, compare=["D"], n=a.shape[0]))
    mistakes = [
        Mistake("D", lambda v: np.sqrt(np.maximum(_exact(v["A"], v["B"]), 0)),
                "それは距離そのものです。D には距離の二乗を入れます（平方根は取りません）"),
        Mistake("D", lambda v: np.sum(v["A"] ** 2, 1)[:, None] + np.sum(v["B"] ** 2, 1)[None, :] - v["A"] @ v["B"].T,
                "交差項は -2 A·B です（-A·B になっています）"),
        Mistake("D", lambda v: np.sum(v["A"] ** 2, 1)[:, None] + np.sum(v["B"] ** 2, 1)[None, :] + 2 * v["A"] @ v["B"].T,
                "交差項の符号が逆です: |a-b|² = |a|² + |b|² - 2a·b"),
    ]
    speed = Speed("pairwise_sqdist", REF, (2000, 64), (2000, 64), factor=10.0,
                  hint="|a|² + |b|² - 2 A @ B.T の形でベクトル化 (vectorize) してください"
                       "（行についての Python のループも、(N, M, K) の一時配列も使いません）。")
    return Checks(functions=["pairwise_sqdist"], cases=cases, shapes={"D": "(N, M)"}, mistakes=mistakes, speed=speed)
