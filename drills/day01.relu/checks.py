import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step, away_from_zero


def _loss(ref, v):
    out, _ = ref.relu_forward(v["x"])
    return np.sum(out * v["dout"])


def build() -> Checks:
    rng = np.random.default_rng(1001)
    steps = [Step("relu_forward(x)", ("out", "cache")), Step("relu_backward(dout, cache)", ("dx",))]
    cases = []
    for label, shape in [("N=1", (1, 5)), ("non-square (N=3, D=7)", (3, 7)),
                         ("4-D images (N=2, C=3, H=4, W=5)", (2, 3, 4, 5)), ("larger (N=32, D=40)", (32, 40))]:
        x = away_from_zero(rng, shape)
        cases.append(Case(label, {"x": x, "dout": rng.standard_normal(shape)}, steps, compare=["out"],
                          grads=[Grad("dx", "x", _loss)], n=shape[0]))
    mistakes = [
        Mistake("dx", lambda v: (v["x"] > 0).astype(float), "dx は dout * mask です（マスクだけではありません）"),
        Mistake("dx", lambda v: v["dout"] * (v["x"] < 0), "マスクが逆です: 勾配が流れるのは x > 0 の位置です"),
        Mistake("out", lambda v: np.minimum(0, v["x"]), "np.minimum では負の部分が残ります。ReLU は np.maximum(0, x) です"),
    ]
    return Checks(functions=["relu_forward", "relu_backward"], cases=cases,
                  shapes={"out": "x の形状", "dx": "x の形状"}, mistakes=mistakes,
                  inplace_hints={"relu_backward:dout": {
                      "ja": "dout[mask] = 0 で dout を書き換えて返す形は「ゼロから作る」の Relu.backward のものです。本では"
                            "レイヤーを順に逆伝播するだけなので問題になりませんが、このドリルでは呼び出し側が dout をまだ使います"
                            " (同じ dout を別の枝にも流す、勾配確認で何度も呼ぶ)。新しい配列を返してください: "
                            "dx = dout.copy(); dx[mask] = 0、または dx = dout * (x > 0)",
                      "en": "zeroing dout with dout[mask] = 0 and returning it is the book's Relu.backward. There the "
                            "layers only run backward once in a chain, but the caller may still need dout (the same dout "
                            "feeds another branch, a gradient check calls again). Return a new array: "
                            "dx = dout.copy(); dx[mask] = 0, or dx = dout * (x > 0)"}})
