import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _sp(x):
    """softplus log(1 + e^x), stable."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _sig(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _bce(x, t):
    return np.mean(_sp(x) - x * t)


def _bce_loss(ref, v):
    return float(ref.bce_with_logits(v["logits"], v["targets"])[0])


def _d_loss(ref, v):
    return float(ref.discriminator_loss(v["real_logits"], v["fake_logits"])[0])


def _g_loss(ref, v):
    return float(ref.generator_loss(v["fake_logits"])[0])


def _only(kind, f):
    def compute(v):
        have = "targets" if kind == "bce" else "real_logits" if kind == "d" else None
        if kind == "g":
            if "real_logits" in v or "targets" in v:
                raise LookupError("another function's case")
        elif have not in v:
            raise LookupError("another function's case")
        return f(v)
    return compute


def _signed_logits(rng, shape, big=False):
    x = rng.standard_normal(shape) * 2
    if big:
        x = rng.choice([-1e3, 1e3], size=shape) * rng.uniform(0.5, 1.0, shape)
        x.flat[0] = 1e3
        x.flat[-1] = -1e3
    return x


def build() -> Checks:
    rng = np.random.default_rng(8102)
    bce = [Step("bce_with_logits(logits, targets)", ("loss", "dlogits"))]
    dis = [Step("discriminator_loss(real_logits, fake_logits)", ("loss", "dreal", "dfake"))]
    gen = [Step("generator_loss(fake_logits)", ("loss", "dfake"))]
    cases = [
        Case("bce_with_logits, N=1", {"logits": _signed_logits(rng, (1,)), "targets": np.array([1.0])}, bce,
             compare=["loss"], grads=[Grad("dlogits", "logits", _bce_loss)], n=1),
        Case("bce_with_logits, N=6, soft targets in [0, 1]",
             {"logits": _signed_logits(rng, (6,)), "targets": rng.uniform(0, 1, 6)}, bce,
             compare=["loss"], grads=[Grad("dlogits", "logits", _bce_loss)], n=6),
        Case("bce_with_logits, 2-D logits (N=5, 1)",
             {"logits": _signed_logits(rng, (5, 1)), "targets": rng.integers(0, 2, (5, 1)).astype(float)}, bce,
             compare=["loss"], grads=[Grad("dlogits", "logits", _bce_loss)], n=5),
        Case("discriminator_loss, real N=4, fake N=6",
             {"real_logits": _signed_logits(rng, (4,)), "fake_logits": _signed_logits(rng, (6,))}, dis,
             compare=["loss"], grads=[Grad("dreal", "real_logits", _d_loss), Grad("dfake", "fake_logits", _d_loss)], n=4),
        Case("discriminator_loss, N=1 each",
             {"real_logits": _signed_logits(rng, (1,)), "fake_logits": _signed_logits(rng, (1,))}, dis,
             compare=["loss"], grads=[Grad("dreal", "real_logits", _d_loss), Grad("dfake", "fake_logits", _d_loss)], n=1),
        Case("generator_loss, N=5", {"fake_logits": _signed_logits(rng, (5,))}, gen,
             compare=["loss"], grads=[Grad("dfake", "fake_logits", _g_loss)], n=5),
        Case("bce_with_logits, logits ±1e3 (N=8)",
             {"logits": _signed_logits(rng, (8,), big=True), "targets": rng.integers(0, 2, 8).astype(float)}, bce,
             compare=["loss"], grads=[Grad("dlogits", "logits", _bce_loss)], n=8),
        Case("discriminator_loss, logits ±1e3 (real N=3, fake N=4)",
             {"real_logits": _signed_logits(rng, (3,), big=True), "fake_logits": _signed_logits(rng, (4,), big=True)}, dis,
             compare=["loss"], grads=[Grad("dreal", "real_logits", _d_loss), Grad("dfake", "fake_logits", _d_loss)], n=3),
        Case("generator_loss, logits ±1e3 (N=4)", {"fake_logits": _signed_logits(rng, (4,), big=True)}, gen,
             compare=["loss"], grads=[Grad("dfake", "fake_logits", _g_loss)], n=4),
    ]
    mistakes = [
        Mistake("loss", _only("bce", lambda v: np.sum(_sp(v["logits"]) - v["logits"] * v["targets"])),
                "和になっています。BCE は全要素の平均です（1/N を掛け忘れていませんか）"),
        Mistake("dlogits", _only("bce", lambda v: _sig(v["logits"]) - v["targets"]),
                "1/N を掛け忘れていませんか: dlogits = (sigmoid(logits) - targets) / logits.size"),
        Mistake("dlogits", _only("bce", lambda v: (v["targets"] - _sig(v["logits"])) / v["logits"].size),
                "符号が逆です: dlogits = (sigmoid(logits) - targets) / N"),
        Mistake("loss", _only("d", lambda v: (np.sum(_sp(-v["real_logits"])) + np.sum(_sp(v["fake_logits"])))
                              / (v["real_logits"].size + v["fake_logits"].size)),
                "real と fake をつなげて 1 つの平均にしていませんか。本物のバッチの平均 BCE と偽物のバッチの平均 BCE の和です"),
        Mistake("loss", _only("d", lambda v: _bce(v["real_logits"], 0.0) + _bce(v["fake_logits"], 1.0)),
                "ラベルが逆です。識別器は本物を 1、偽物を 0 と判定するように学習します: BCE(real, 1) + BCE(fake, 0)"),
        Mistake("loss", _only("g", lambda v: -_bce(v["fake_logits"], 0.0)),
                "それは飽和する生成器損失 log(1 - D(G(z))) の最小化です。非飽和（non-saturating）損失 "
                "-log D(G(z)) = BCE(fake, 1) を使います"),
        Mistake("loss", _only("g", lambda v: _bce(v["fake_logits"], 0.0)),
                "生成器は識別器をだましたいので、偽物に対するラベルは 1 です: BCE(fake, 1)"),
    ]
    return Checks(functions=["bce_with_logits", "discriminator_loss", "generator_loss"], cases=cases,
                  shapes={"dlogits": "logits の形状", "dreal": "real_logits の形状", "dfake": "fake_logits の形状"},
                  mistakes=mistakes,
                  nan_hint="nan/inf が出ています（ロジット ±1e3）。sigmoid を計算してから log を取ると log(0) や exp のオーバーフローに"
                           "なります。loss = max(x, 0) - x*t + log1p(exp(-|x|)) の形で計算しましょう")
