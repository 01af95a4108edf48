"""Turning a mismatch into a teaching assistant's remark: the worst element, and a hint when the
numbers fit a common mistake (missing 1/N, transposed, not summed over the batch, wrong axis,
sign error, missing rescale)."""

from __future__ import annotations

from typing import Any

import numpy as np


def fmt_num(v: Any) -> str:
    try:
        return f"{float(v):.8g}"
    except (TypeError, ValueError):
        return repr(v)


def fmt_index(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def describe_value(v: Any) -> str:
    if isinstance(v, np.ndarray):
        return f"an array of shape {v.shape} ({v.dtype})"
    if v is None:
        return "None"
    if isinstance(v, dict):
        if "__quizapp_bad__" in v and len(v) == 1:
            return f"a {v['__quizapp_bad__']}"
        return f"a dict with keys {sorted(v)}"
    if isinstance(v, (list, tuple)):
        return f"a {type(v).__name__} of length {len(v)}"
    return f"a {type(v).__name__} ({fmt_num(v)})"


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
        return ["sign error: your values are the negatives of the expected ones"]
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1 and close(a, e.T):
        return ["transposed: your matrix is the transpose of the expected one"]
    ee = float(np.sum(e * e))
    if ee > 0 and np.all(np.isfinite(a)):
        c = float(np.sum(a * e)) / ee
        if abs(c - 1) > 1e-6 and close(a, c * e):
            ratio = context.get("ratio")
            if n and n > 1 and _near(c, n):
                hints.append(f"your values are N = {n} times the expected ones: missing the 1/N (average over the batch)?")
            elif n and n > 1 and _near(c, 1 / n):
                hints.append(f"your values are 1/N = 1/{n} of the expected ones: divided by N once too often?")
            elif ratio is not None and _near(c, 1 - ratio):
                hints.append(f"your values are (1 - ratio) = {1 - ratio:g} times the expected ones: missing the rescale by 1/(1 - ratio)?")
            elif ratio is not None and _near(c, 1 / (1 - ratio)):
                hints.append(f"your values are 1/(1 - ratio) = {1 / (1 - ratio):g} times the expected ones: rescaled once too often?")
            elif _near(c, 2) or _near(c, 0.5):
                hints.append(f"your values are {c:g} times the expected ones: a factor 2 (the ½ in ½λ‖W‖², or d(x²)/dx = 2x)?")
            else:
                hints.append(f"your values are {c:.6g} times the expected ones (off by a constant factor)")
    return hints


def shape_hint(got: tuple[int, ...], exp: tuple[int, ...], n: int | None = None) -> str:
    if len(got) == 2 and got == exp[::-1] and got != exp:
        return "transposed? (your shape is the expected one reversed)"
    if n is not None and got == (n, *exp) and got != exp:
        return "not summed over the batch? (sum over axis 0)"
    if n is not None and len(exp) >= 1 and got == (1, *exp):
        return "an extra leading axis: keepdims=True where the result should drop the axis?"
    if len(got) == 1 and len(exp) == 1 and n is not None and got == (n,) and exp != (n,):
        return "summed over the wrong axis? (over the samples, axis=0, is expected)"
    if n is not None and len(exp) >= 1 and exp[0] == n and len(got) >= 1 and got[0] != n and got[1:] == exp[1:]:
        return "the batch axis is wrong: the result should keep one row per sample"
    if int(np.prod(got)) == int(np.prod(exp)) and got != exp:
        return f"the right number of elements in the wrong shape: reshape to {exp}"
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
