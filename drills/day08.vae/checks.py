import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step


def _z_loss(ref, v):
    z, _ = ref.reparameterize_forward(v["mu"], v["logvar"], v["eps"])
    return float(np.sum(z * v["dz"]))


def _kl_loss(ref, v):
    return float(ref.vae_kl(v["mu"], v["logvar"])[0])


def _rep(f):
    def compute(v):
        if "eps" not in v:
            raise LookupError("a KL case")
        return f(v["mu"], v["logvar"], v["eps"], v["dz"])
    return compute


def _kl(f):
    def compute(v):
        if "eps" in v:
            raise LookupError("a reparameterization case")
        return f(v["mu"], v["logvar"], v["mu"].shape[0])
    return compute


def build() -> Checks:
    rng = np.random.default_rng(8101)
    rep = [Step("reparameterize_forward(mu, logvar, eps)", ("z", "cache")),
           Step("reparameterize_backward(dz, cache)", ("dmu", "dlogvar"))]
    kl = [Step("vae_kl(mu, logvar)", ("kl", "dmu", "dlogvar"))]
    cases = []
    for label, N, Z in [("reparameterize, N=1, Z=2", 1, 2), ("reparameterize, non-square (N=5, Z=3)", 5, 3),
                        ("reparameterize, larger (N=32, Z=8)", 32, 8)]:
        inputs = {"mu": rng.standard_normal((N, Z)), "logvar": rng.uniform(-3, 1.5, (N, Z)),
                  "eps": rng.standard_normal((N, Z)), "dz": rng.standard_normal((N, Z))}
        cases.append(Case(label, inputs, rep, compare=["z"],
                          grads=[Grad("dmu", "mu", _z_loss), Grad("dlogvar", "logvar", _z_loss)], n=N))
    for label, N, Z in [("vae_kl, N=1, Z=2", 1, 2), ("vae_kl, non-square (N=4, Z=3)", 4, 3),
                        ("vae_kl, larger (N=32, Z=8)", 32, 8)]:
        inputs = {"mu": rng.standard_normal((N, Z)), "logvar": rng.uniform(-3, 1.5, (N, Z))}
        cases.append(Case(label, inputs, kl, compare=["kl"],
                          grads=[Grad("dmu", "mu", _kl_loss), Grad("dlogvar", "logvar", _kl_loss)], n=N))

    def kl_value(mu, lv, N, div=None, sign=-0.5):
        return sign * np.sum(1 + lv - mu ** 2 - np.exp(lv)) / (N if div is None else div)

    mistakes = [
        Mistake("z", _rep(lambda mu, lv, eps, dz: mu + np.exp(lv) * eps),
                "標準偏差は exp(0.5 * logvar) です（logvar は分散の対数。exp(logvar) は分散）"),
        Mistake("z", _rep(lambda mu, lv, eps, dz: mu + 0.5 * lv * eps),
                "標準偏差は exp(0.5 * logvar) です（0.5 * logvar は log σ）"),
        Mistake("dlogvar", _rep(lambda mu, lv, eps, dz: dz * eps * np.exp(0.5 * lv)),
                "exp(0.5 * logvar) の微分には 0.5 が付きます: dlogvar = dz * eps * 0.5 * exp(0.5 * logvar)"),
        Mistake("dlogvar", _rep(lambda mu, lv, eps, dz: dz * eps * 0.5 * np.exp(lv)),
                "dlogvar = dz * eps * 0.5 * exp(0.5 * logvar) です（exp(logvar) ではなく exp(0.5 * logvar)）"),
        Mistake("kl", _kl(lambda mu, lv, N: kl_value(mu, lv, N, div=1)),
                "1/N を掛け忘れていませんか。KL はサンプルごとに潜在次元 Z について和を取り、バッチ N について平均します"),
        Mistake("kl", _kl(lambda mu, lv, N: kl_value(mu, lv, N, div=mu.size)),
                "全要素の平均になっています。潜在次元 Z については和、バッチ N については平均です（/N だけ）"),
        Mistake("kl", _kl(lambda mu, lv, N: kl_value(mu, lv, N, sign=0.5)),
                "符号が逆です: kl = -0.5 * Σ(1 + logvar - mu² - exp(logvar)) / N（KL は 0 以上）"),
        Mistake("dmu", _kl(lambda mu, lv, N: mu), "dmu にも 1/N が付きます: dmu = mu / N"),
        Mistake("dlogvar", _kl(lambda mu, lv, N: -0.5 * (1 - np.exp(lv))),
                "dlogvar にも 1/N が付きます: dlogvar = -0.5 * (1 - exp(logvar)) / N"),
        Mistake("dlogvar", _kl(lambda mu, lv, N: 0.5 * np.exp(lv) / N),
                "logvar の項の微分（1）を忘れていませんか: dlogvar = -0.5 * (1 - exp(logvar)) / N"),
    ]
    return Checks(functions=["reparameterize_forward", "reparameterize_backward", "vae_kl"], cases=cases,
                  shapes={"z": "(N, Z)", "dmu": "mu の形状 (N, Z)", "dlogvar": "logvar の形状 (N, Z)"},
                  mistakes=mistakes,
                  nan_hint="nan/inf が出ています。std = exp(0.5 * logvar) を使っていますか（logvar の平方根などは取りません）")
