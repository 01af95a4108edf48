"""Turning a mismatch into a teaching assistant's remark: the worst element, and a hint when the
numbers fit a common mistake (missing 1/N, transposed, not summed over the batch, wrong axis,
sign error, missing rescale), in the interface language (``quizapp.i18n``, keys ``drill_*``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp import i18n


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


def _near(c: float, target: float) -> bool:
    return target != 0 and abs(c - target) <= 1e-4 * abs(target)


def value_hints(a: np.ndarray, e: np.ndarray, n: int | None = None, context: dict | None = None) -> list[str]:
    """Hints for a learner's array ``a`` of the right shape that differs from ``e``."""
    context = context or {}
    hints: list[str] = []
    if a.size == 0 or not np.any(e):
        return hints
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


def shape_hint(got: tuple[int, ...], exp: tuple[int, ...], n: int | None = None) -> str:
    if len(got) == 2 and got == exp[::-1] and got != exp:
        return i18n.t("drill_shint_transposed")
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
