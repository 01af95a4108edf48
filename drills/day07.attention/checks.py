import numpy as np

from quizapp.drills.spec import Case, Checks, Grad, Mistake, Step, Symptom


def _softmax(S, axis=-1):
    S = S - np.max(S, axis=axis, keepdims=True)
    E = np.exp(S)
    return E / np.sum(E, axis=axis, keepdims=True)


def _attn(v, scale="sqrt", mask_mode="before", axis=-1):
    Q, K, V, mask = v["Q"], v["K"], v["V"], v.get("mask")
    d = Q.shape[-1]
    S = Q @ K.transpose(0, 2, 1) / {"sqrt": np.sqrt(d), "none": 1.0, "d": d}[scale]
    if mask is not None and mask_mode == "before":
        S = np.where(mask, -np.inf, S)
    if mask is not None and mask_mode == "zero":
        S = np.where(mask, 0.0, S)
    A = _softmax(S, axis)
    if mask is not None and mask_mode == "after":
        A = A * ~mask
    out = {"out": A @ V}
    if "dout" in v:
        dout = v["dout"]
        dA = dout @ V.transpose(0, 2, 1)
        dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
        out["dQ_noscale"] = dS @ K
        out["dK_noscale"] = dS.transpose(0, 2, 1) @ Q
        out["dV_noT"] = A @ dout if A.shape[1] == A.shape[2] else None
    return out


def _close(a, b):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9 * max(1.0, float(np.max(np.abs(b))))))


def _only_masked_rows_differ(a, e, v):
    """Rows without a masked key are right, rows with one are wrong: the mask does not remove
    those keys (a finite constant such as -100, or no mask at all)."""
    mask = v.get("mask")
    if mask is None or a.shape != e.shape:
        return False
    rows = np.asarray(mask).any(axis=-1)  # (N, Tq): the query rows that have a masked key
    return bool(rows.any() and (~rows).any() and _close(a[~rows], e[~rows]) and not _close(a[rows], e[rows]))


def _mask_ignored(v):
    """Attention without the mask. Not a model for the ±1e3 case: there a small finite constant
    (-100) gives the same values, and code without any mask fails an earlier masked case."""
    if v.get("mask") is None:
        raise LookupError("no mask in this case")
    if np.max(np.abs(v["Q"] @ v["K"].transpose(0, 2, 1))) / np.sqrt(v["Q"].shape[-1]) > 100:
        raise LookupError("large scores: a finite mask constant looks the same")
    return _attn(v, mask_mode="ignored")["out"]


NO_MASK_HINT = {
    "ja": "マスクが使われていません (mask を受け取っても適用していない)。softmax の前に、マスクした位置 (mask が True) の"
          "スコアを -inf にします: S = np.where(mask, -np.inf, S)",
    "en": "the mask is not used (it is passed in but never applied). Before the softmax, set the scores where mask is "
          "True to -inf: S = np.where(mask, -np.inf, S)",
}
FINITE_MASK_HINT = {
    "ja": "マスクのない行は正しく、マスクのある行だけが違います: マスクした位置に重みが残っています。-100 のような有限の"
          "小さな値を足す・入れるだけでは、スコアが大きい (±1e3) と exp が 0 になりません。-inf にします: "
          "S = np.where(mask, -np.inf, S)（最大値を引くのはマスクの後。-1e9 のように十分大きな負の値でも可）",
    "en": "rows without a masked key are right, only rows with one differ: the masked keys keep some weight. Adding or "
          "writing a small finite constant such as -100 does not make exp vanish when scores are large (±1e3). Use -inf: "
          "S = np.where(mask, -np.inf, S) (subtract the max after masking; a huge negative value such as -1e9 also works)",
}


def _loss(ref, v):
    out, _ = ref.attention_forward(v["Q"], v["K"], v["V"], v.get("mask"))
    return float(np.sum(out * v["dout"]))


def _partial_mask(rng, N, Tq, Tk, p=0.4):
    """Random mask (True = masked out); some rows unmasked, no row fully masked."""
    m = rng.random((N, Tq, Tk)) < p
    m[:, ::3, :] = False  # every third row has no masked entry
    full = m.all(axis=-1)
    m[full, 0] = False
    return m


def build() -> Checks:
    rng = np.random.default_rng(7103)
    masked = [Step("attention_forward(Q, K, V, mask)", ("out", "cache")),
              Step("attention_backward(dout, cache)", ("dQ", "dK", "dV"))]
    nomask = [Step("attention_forward(Q, K, V)", ("out", "cache")),
              Step("attention_backward(dout, cache)", ("dQ", "dK", "dV"))]
    cases = []
    for label, N, Tq, Tk, d, dv, kind, scale in [
        ("N=1, Tq=Tk=3, d=dv=2, mask=None", 1, 3, 3, 2, 2, None, 1.0),
        ("non-square (N=2, Tq=2, Tk=5, d=3, dv=4), rows partly masked", 2, 2, 5, 3, 4, "partial", 1.0),
        ("causal mask (N=2, Tq=Tk=4, d=4, dv=3)", 2, 4, 4, 4, 3, "causal", 1.0),
        ("larger (N=4, Tq=6, Tk=7, d=8, dv=5), rows partly masked", 4, 6, 7, 8, 5, "partial", 1.0),
        ("large scores ±1e3 (N=2, Tq=3, Tk=4, d=4, dv=2), rows partly masked", 2, 3, 4, 4, 2, "partial", 40.0),
    ]:
        inputs = {"Q": rng.standard_normal((N, Tq, d)) * scale, "K": rng.standard_normal((N, Tk, d)) * scale,
                  "V": rng.standard_normal((N, Tk, dv)), "dout": rng.standard_normal((N, Tq, dv))}
        if kind == "partial":
            inputs["mask"] = _partial_mask(rng, N, Tq, Tk)
        elif kind == "causal":
            inputs["mask"] = np.broadcast_to(np.triu(np.ones((Tq, Tk), dtype=bool), k=1), (N, Tq, Tk)).copy()
        if scale > 1:  # forward only: the softmax saturates, its gradients vanish
            cases.append(Case(label, inputs, masked[:1], compare=["out"], n=N))
        else:
            cases.append(Case(label, inputs, nomask if kind is None else masked, compare=["out"],
                              grads=[Grad("dV", "V", _loss), Grad("dQ", "Q", _loss), Grad("dK", "K", _loss)], n=N))
    mistakes = [
        Mistake("out", lambda v: _attn(v, mask_mode="after")["out"],
                "マスクを softmax の後に掛けていませんか。softmax の前にスコアを -inf（または非常に小さい値）にして、"
                "残りの位置だけで確率が 1 になるようにします"),
        Mistake("out", lambda v: _attn(v, mask_mode="zero")["out"],
                "マスクした位置のスコアを 0 にしても exp(0) = 1 の重みが残ります。-inf（または -1e9 など）にします"),
        Mistake("out", lambda v: _attn(v, scale="none")["out"], "1/sqrt(d) のスケーリングを忘れていませんか: S = Q Kᵀ / sqrt(d)"),
        Mistake("out", lambda v: _attn(v, scale="d")["out"], "d ではなく sqrt(d) で割ります: S = Q Kᵀ / sqrt(d)"),
        Mistake("out", lambda v: _attn(v, axis=1)["out"], "softmax の軸が違います。キーの方向（Tk、axis=-1）で正規化します"),
        Mistake("out", _mask_ignored, NO_MASK_HINT),
        Mistake("dQ", lambda v: _attn(v)["dQ_noscale"], "逆伝播でも 1/sqrt(d) を掛けます: dQ = dS @ K / sqrt(d)"),
        Mistake("dK", lambda v: _attn(v)["dK_noscale"], "逆伝播でも 1/sqrt(d) を掛けます: dK = dSᵀ @ Q / sqrt(d)"),
        Mistake("dV", lambda v: _attn(v)["dV_noT"], "dV = Aᵀ @ dout です（A を転置する: A.transpose(0, 2, 1)）"),
    ]
    return Checks(functions=["attention_forward", "attention_backward"], cases=cases,
                  shapes={"out": "(N, Tq, dv)", "dQ": "(N, Tq, d)", "dK": "(N, Tk, d)", "dV": "(N, Tk, dv)"},
                  mistakes=mistakes, symptoms=[Symptom("out", _only_masked_rows_differ, FINITE_MASK_HINT)],
                  nan_hint="nan/inf が出ています。softmax の前に各行の最大値を引いていますか（スコアが ±1e3 のケース）。"
                           "-inf でマスクした場合、max を引くのはマスクの後にします")
