"""Turning a mismatch into a teaching assistant's remark: the worst element, and a hint when the
numbers fit a common mistake (missing 1/N, transposed, not summed over the batch, wrong axis,
sign error, missing rescale, an all-zero gradient), in the interface language (``quizapp.i18n``,
keys ``drill_*``; the texts added for issue 18 live in :data:`MESSAGES` below)."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp import i18n


# Feedback texts of this module (same form as quizapp.i18n's table; kept here so the grader's
# hint vocabulary stays in one place).
MESSAGES: dict[str, dict[str, str]] = {
    "zeros": {
        "ja": "値がすべて 0 です。勾配が計算されていない (np.zeros_like のまま) か、あとで捨てる配列 "
              "(コピーや一時変数) に += していませんか? 返す配列そのものに足し込んでください",
        "en": "the values are all zeros: the gradient is never computed (still np.zeros_like), or it is "
              "accumulated with += into an array that is then thrown away (a copy or a temporary). "
              "Add into the array you return",
    },
    "keepdims_n1": {
        "ja": "N=1 のケースなので形状だけでは区別できません: keepdims=True で和を取った (軸を落とすべき) か、"
              "バッチについて和を取っていない (axis=0 で和) かのどちらかです",
        "en": "with N=1 the shape alone cannot tell: either you summed with keepdims=True (drop the axis) "
              "or you did not sum over the batch (sum over axis 0)",
    },
    "keepdims_seen": {
        "ja": "和は取れていますが keepdims=True で軸が残っています (N={n} のケースでも {got}): keepdims を外してください",
        "en": "you did sum, but with keepdims=True the axis stays (also {got} in the N={n} case): drop keepdims",
    },
    "not_summed_seen": {
        "ja": "バッチについて和を取っていますか? (N={n} のケースでは {got}: axis=0 で和を取ります)",
        "en": "not summed over the batch? (in the N={n} case it is {got}: sum over axis 0)",
    },
    "from_mutation": {
        "ja": "{mutation} (このケースの {what} のずれもこの書き換えが原因です)",
        "en": "{mutation} (the wrong {what} in this case comes from this change too)",
    },
    "value_first": {
        "ja": "入力のコピーで呼んでも値が違います (その場の書き換えとは別の誤りです): {msg}",
        "en": "called on copies of the inputs the values are still wrong (a bug apart from the in-place change): {msg}",
    },
    "dtype_f": {
        "ja": "float64 のままにしてください (float32 に変換しない)。「ゼロから作る ❷」の dtype='f' や astype(np.float32) "
              "は float32 になります。このドリルは数値微分と比べるので float64 で返します",
        "en": "keep float64 (do not cast to float32): dtype='f' as in the book's code, or astype(np.float32), gives "
              "float32; the drill compares with central differences, so it returns float64",
    },
}


def msg(key: str, **kw: object) -> str:
    """A text of :data:`MESSAGES` in the interface language."""
    entry = MESSAGES[key]
    text = entry.get(i18n.get_lang()) or entry["ja"]
    return text.format(**kw) if kw else text


def localized(text: Any) -> str:
    """A drill's own hint (a Japanese string, or ``{"ja": ..., "en": ...}``) in the interface language."""
    if isinstance(text, dict):
        return str(text.get(i18n.get_lang()) or text.get("ja") or next(iter(text.values()), ""))
    return str(text)


def fmt_num(v: Any) -> str:
    try:
        return f"{float(v):.8g}"
    except (TypeError, ValueError):
        return repr(v)


def fmt_index(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _bad_text(what: str) -> str:
    """The harness's (English) word for a value it could not copy, in the interface language."""
    for prefix, key in (("array of dtype ", "drill_bad_array_dtype"), ("NumPy value of dtype ", "drill_bad_scalar_dtype")):
        if what.startswith(prefix):
            return i18n.t(key, dtype=what[len(prefix):])
    if what == "nested too deeply":
        return i18n.t("drill_bad_nested")
    if what.startswith("unreadable value (") and what.endswith(")"):
        return i18n.t("drill_bad_unreadable", kind=what[len("unreadable value ("):-1])
    return what


def describe_value(v: Any) -> str:
    if isinstance(v, np.ndarray):
        return i18n.t("drill_desc_array", shape=v.shape, dtype=v.dtype)
    if v is None:
        return "None"
    if isinstance(v, dict):
        if "__quizapp_bad__" in v and len(v) == 1:
            return i18n.t("drill_desc_bad", what=_bad_text(str(v["__quizapp_bad__"])))
        return i18n.t("drill_expect_dict", keys=sorted(v))
    if isinstance(v, (list, tuple)):
        return i18n.t("drill_desc_seq", type=type(v).__name__, n=len(v))
    return i18n.t("drill_desc_other", type=type(v).__name__, value=fmt_num(v))


SCALE_SILENT = 1e-3  # a constant factor within this of 1 is no "off by a constant factor" hint


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-6) -> bool:
    if a.shape != b.shape or not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)):
        return False
    scale = max(1.0, float(np.max(np.abs(b)))) if b.size else 1.0
    return bool(np.allclose(a, b, rtol=rtol, atol=1e-9 * scale))


def matches(a: np.ndarray, m: np.ndarray) -> bool:
    """Whether the learner's ``a`` fits the mistake model ``m``: close where both are finite, and
    nan/inf at the same places (a model may predict nan, e.g. a division by 1 - β^0 = 0)."""
    if a.shape != m.shape:
        return False
    fa, fm = np.isfinite(a), np.isfinite(m)
    if np.all(fm):
        return close(a, m)
    if not np.array_equal(fa, fm) or not np.any(~fm):
        return False
    return close(a[fa], m[fm]) if np.any(fa) else True


def _near(c: float, target: float) -> bool:
    return target != 0 and abs(c - target) <= 1e-4 * abs(target)


def value_hints(a: np.ndarray, e: np.ndarray, n: int | None = None, context: dict | None = None) -> list[str]:
    """Hints for a learner's array ``a`` of the right shape that differs from ``e``."""
    context = context or {}
    hints: list[str] = []
    if a.size == 0 or not np.any(e):
        return hints
    if not np.any(a) and np.all(np.isfinite(a)):
        return [msg("zeros")]
    if close(a, -e):
        return [i18n.t("drill_hint_sign")]
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1 and close(a, e.T):
        return [i18n.t("drill_hint_transposed")]
    ee = float(np.sum(e * e))
    if ee > 0 and np.all(np.isfinite(a)):
        c = float(np.sum(a * e)) / ee
        if abs(c - 1) > SCALE_SILENT and close(a, c * e):
            ratio = context.get("ratio")
            if n and n > 1 and _near(c, n):
                hints.append(i18n.t("drill_hint_times_n", n=n))
            elif n and n > 1 and _near(c, 1 / n):
                hints.append(i18n.t("drill_hint_over_n", n=n))
            elif ratio is not None and _near(c, 1 - ratio):
                hints.append(i18n.t("drill_hint_keep_ratio", v=f"{1 - ratio:g}"))
            elif ratio is not None and _near(c, 1 / (1 - ratio)):
                hints.append(i18n.t("drill_hint_over_ratio", v=f"{1 / (1 - ratio):g}"))
            elif _near(c, 2) or _near(c, 0.5):
                hints.append(i18n.t("drill_hint_factor2", c=f"{c:g}"))
            else:
                hints.append(i18n.t("drill_hint_factor", c=f"{c:.6g}"))
    return hints


def shape_hint(got: tuple[int, ...], exp: tuple[int, ...], n: int | None = None,
               others: list | tuple = ()) -> str:
    """A hint for a result of shape ``got`` where ``exp`` is expected, in a case of batch size ``n``.
    ``others``: (got, expected, n) of the same result in the other cases, to tell a kept axis
    (keepdims=True) from a missing sum when ``n`` is 1 and both give ``(1, *exp)``."""
    if len(got) == 2 and got == exp[::-1] and got != exp:
        return i18n.t("drill_shint_transposed")
    if n == 1 and got == (1, *exp):
        for og, oe, on in others:
            og, oe = tuple(og), tuple(oe)
            if on and on > 1 and og == (1, *oe):
                return msg("keepdims_seen", n=on, got=og)
            if on and on > 1 and og == (on, *oe):
                return msg("not_summed_seen", n=on, got=og)
        return msg("keepdims_n1")
    if n is not None and got == (n, *exp) and got != exp:
        return i18n.t("drill_shint_not_summed")
    if n is not None and len(exp) >= 1 and got == (1, *exp):
        return i18n.t("drill_shint_keepdims")
    if len(got) == 1 and len(exp) == 1 and n is not None and got == (n,) and exp != (n,):
        return i18n.t("drill_shint_wrong_axis")
    if n is not None and len(exp) >= 1 and exp[0] == n and len(got) >= 1 and got[0] != n and got[1:] == exp[1:]:
        return i18n.t("drill_shint_batch_axis")
    if int(np.prod(got)) == int(np.prod(exp)) and got != exp:
        return i18n.t("drill_shint_reshape", exp=exp)
    return ""


def worst_element(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> tuple[tuple[int, ...], float]:
    """The index where ``a`` exceeds the tolerance the most, and its relative error there."""
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(a - e)
        excess = np.where(np.isfinite(diff), diff / (atol + rtol * np.abs(e)), np.inf)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), a.shape)) if a.ndim else ()
    av, ev = float(a[idx]), float(e[idx])
    den = abs(av) + abs(ev)
    rel = abs(av - ev) / den if den > 0 and np.isfinite(av) else float("inf")
    return idx, rel


def inplace_hint(hints: dict, case: Any, rec: dict) -> str:
    """The drill's word on an in-place idiom (``"func:input"`` or ``"func:cache"`` keys) when that
    call of this case changed that input (or the cache), else ''."""
    if not hints:
        return ""
    posts = rec.get("post") or []
    for key, text in hints.items():
        func, _, name = key.partition(":")
        if name == "cache":
            pre, post = rec.get("cache_pre") or {}, rec.get("cache_post") or {}
            if any(not same_value(pre[k], post.get(k)) for k in pre) and any(s.func == func for s in case.steps):
                return localized(text)
            continue
        if name not in case.inputs:
            continue
        for i, step in enumerate(case.steps):
            if step.func == func and i < len(posts) and name in posts[i] and not same_value(case.inputs[name], posts[i][name]):
                return localized(text)
    return ""


def same_value(a: Any, b: Any) -> bool:
    """Whether ``b`` equals ``a`` exactly (arrays: shape, dtype and values; dicts and sequences
    element by element)."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return True
