import numpy as np

from quizapp.drills.spec import Case, Checks, Mistake, Step


def _norm(grads):
    return float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))


def _per_array(v):
    out = {}
    for k, g in v["grads"].items():
        n = float(np.sqrt(np.sum(g ** 2)))
        out[k] = g * (v["max_norm"] / (n + 1e-6)) if n > v["max_norm"] else g
    return out


def _always(v):
    r = v["max_norm"] / (_norm(v["grads"]) + 1e-6)
    return {k: g * r for k, g in v["grads"].items()}


def _no_eps(v):
    n = _norm(v["grads"])
    r = v["max_norm"] / n
    return {k: g * r if n > v["max_norm"] else g for k, g in v["grads"].items()}


def _abs_sum(v):
    n = float(sum(np.sum(np.abs(g)) for g in v["grads"].values()))
    r = v["max_norm"] / (n + 1e-6)
    return {k: g * r if n > v["max_norm"] else g for k, g in v["grads"].items()}


def _sq_norm(v):
    n = float(sum(np.sum(g ** 2) for g in v["grads"].values()))
    r = v["max_norm"] / (n + 1e-6)
    return {k: g * r if n > v["max_norm"] else g for k, g in v["grads"].items()}


def build() -> Checks:
    rng = np.random.default_rng(6104)
    steps = [Step("clip_grads(grads, max_norm)", ("clipped",)), Step("clipped is grads", ("same_dict",))]
    specs = [
        ("one array, norm 5 > max_norm 1", {"W": (3, 4)}, 5.0, 1.0),
        ("several arrays, global norm 2 > max_norm 1", {"Wx": (4, 3), "Wh": (3, 3), "b": (3,)}, 2.0, 1.0),
        ("global norm 0.5 < max_norm 1: unchanged", {"W1": (2, 5), "b1": (5,)}, 0.5, 1.0),
        ("N=1 row, several arrays, global norm 30 > max_norm 5", {"W": (1, 6), "b": (6,), "gamma": (6,)}, 30.0, 5.0),
        ("larger (embedding 50×16, LSTM 16×64, 64), global norm 3 > max_norm 0.8",
         {"W_embed": (50, 16), "Wx": (16, 64), "b": (64,)}, 3.0, 0.8),
    ]
    cases = []
    for label, shapes, target, max_norm in specs:
        grads = {k: rng.standard_normal(s) for k, s in shapes.items()}
        scale = target / _norm(grads)
        grads = {k: g * scale for k, g in grads.items()}
        cases.append(Case(label, {"grads": grads, "max_norm": max_norm}, steps, compare=["clipped", "same_dict"]))
    mistakes = [
        Mistake("clipped", _per_array, "配列ごとにノルムを計算していませんか。全配列をまとめた 1 つのノルム（global norm）"
                                       "sqrt(Σ_k Σ g_k²) を使い、全配列に同じ係数を掛けます"),
        Mistake("clipped", _always, "ノルムが max_norm 以下のときは何もしません（係数 rate < 1 のときだけ掛ける）"),
        Mistake("clipped", _no_eps, "係数は max_norm / (norm + 1e-6) です（1e-6 を足し忘れていませんか）"),
        Mistake("clipped", _abs_sum, "L2 ノルム（二乗和の平方根）を使います。絶対値の和（L1）ではありません"),
        Mistake("clipped", _sq_norm, "二乗和の平方根（np.sqrt）を取り忘れていませんか"),
        Mistake("same_dict", lambda v: 1.0,
                "引数の dict をそのまま返しています。新しい dict を返し、引数の配列も書き換えないでください"
                "（例: {k: g * rate for k, g in grads.items()}）"),
    ]
    return Checks(functions=["clip_grads"], cases=cases, shapes={"clipped": "grads と同じキーと形状の新しい dict"},
                  mistakes=mistakes)
