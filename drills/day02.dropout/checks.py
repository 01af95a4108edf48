import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step, Symptom

FWD = "dropout_forward(x, ratio, True, np.random.default_rng(seed))"


def _loss(ref, v):
    out, _ = ref.dropout_forward(v["x"], v["ratio"], True, np.random.default_rng(v["seed"]))
    return float(np.sum(out * v["dout"]))


def _mask(v):
    return np.random.default_rng(v["seed"]).random(v["x"].shape) >= v["ratio"]


def _mask_from_elsewhere(a, e, v):
    """Training output of the right form (each element 0 or x / (1 - ratio)) whose kept units are
    not those of rng.random(x.shape) >= ratio: the mask came from another random source."""
    x, r = v["x"], v["ratio"]
    if a.shape != x.shape or not np.any(e == 0):  # the test-mode case has no dropped unit
        return False
    scaled = x / (1 - r)
    kept = np.isclose(a, scaled, rtol=1e-6, atol=1e-12)
    dropped = np.abs(a) <= 1e-12
    return bool(np.all(kept | dropped) and not np.array_equal(kept, e != 0))


RNG_HINT = {
    "ja": "スケーリングは合っていますが、残すユニットが違います。マスクは引数の rng から、問題文どおり "
          "mask = rng.random(x.shape) >= ratio で引きます。np.random.rand / np.random.random (グローバルな乱数、"
          "「ゼロから作る」の Dropout の書き方) や新しく作った default_rng では、採点で渡す rng と同じマスクになりません",
    "en": "the scaling is right but other units are kept. Draw the mask from the rng argument, exactly as the statement "
          "says: mask = rng.random(x.shape) >= ratio. np.random.rand / np.random.random (the global generator, as in the "
          "book's Dropout) or a new default_rng do not give the mask of the rng the grader passes",
}


def build() -> Checks:
    rng = np.random.default_rng(4001)
    train = [Step(FWD, ("out", "cache")), Step("dropout_backward(dout, cache)", ("dx",))]
    cases = []
    for i, (label, shape, ratio) in enumerate([("train, N=1, ratio 0.5", (1, 6), 0.5),
                                               ("train, non-square (N=4, D=7), ratio 0.3", (4, 7), 0.3),
                                               ("train, 4-D (N=2, C=3, H=4, W=4), ratio 0.2", (2, 3, 4, 4), 0.2),
                                               ("train, larger (N=32, D=50), ratio 0.6", (32, 50), 0.6)]):
        inputs = {"x": rng.standard_normal(shape), "dout": rng.standard_normal(shape), "ratio": ratio, "seed": 500 + i}
        cases.append(Case(label, inputs, train, compare=["out"], grads=[Grad("dx", "x", _loss)], n=shape[0],
                          context={"ratio": ratio}))
    test = [Step("dropout_forward(x, ratio, False, np.random.default_rng(seed))", ("out", "cache"))]
    cases.append(Case("test mode (train=False), ratio 0.5", {"x": rng.standard_normal((3, 5)), "ratio": 0.5, "seed": 7},
                      test, compare=["out"], n=3, context={"ratio": 0.5}))
    mistakes = [
        Mistake("out", lambda v: v["x"] * (1 - v["ratio"]),
                "inverted dropout では、テスト時は out = x です（1/(1 - ratio) によるスケーリングは学習時に行います）"),
        Mistake("out", lambda v: v["x"] * (~_mask(v)) / (1 - v["ratio"]),
                "マスクが逆です: rng.random(x.shape) >= ratio の位置のユニットを残します"),
        Mistake("out", lambda v: v["x"] * _mask(v),
                "スケーリングが抜けています: 学習時は (1 - ratio) で割ります (inverted dropout)"),
        Mistake("dx", lambda v: v["dout"] * _mask(v),
                "逆伝播でも同じスケーリングが必要です: dx = dout * mask / (1 - ratio)"),
    ]
    return Checks(functions=["dropout_forward", "dropout_backward"], cases=cases,
                  shapes={"out": "x の形状", "dx": "x の形状"}, mistakes=mistakes,
                  symptoms=[Symptom("out", _mask_from_elsewhere, RNG_HINT)])
