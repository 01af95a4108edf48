"""Numerical gradients by central differences and the relative errors the grader uses.

All of this runs in the app's own process on the reference forward (trusted code), never on the
learner's. ``f`` is a zero-argument function returning a float that reads ``x`` (an array it
closes over), which these helpers perturb in place and always restore.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

H = 1e-5
GRAD_TOL = 1e-6


def rel_error(a: np.ndarray, n: np.ndarray) -> float:
    """CS231n-style relative error of two arrays: ``max|a−n| / max(1e-8, max|a| + max|n|)``."""
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    if a.size == 0:
        return 0.0
    num = float(np.max(np.abs(a - n)))
    den = max(1e-8, float(np.max(np.abs(a))) + float(np.max(np.abs(n))))
    if not np.isfinite(num):
        return float("inf")
    return num / den


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = H) -> np.ndarray:
    """The full per-element central-difference gradient of ``f`` with respect to ``x``."""
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f()
        x[idx] = old - h
        fm = f()
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * h)
    return grad


def partials(f: Callable[[], float], x: np.ndarray, indices: list[tuple[int, ...]], h: float = H) -> np.ndarray:
    """Central-difference partial derivatives at the given element indices only."""
    out = np.empty(len(indices))
    for k, idx in enumerate(indices):
        old = x[idx]
        x[idx] = old + h
        fp = f()
        x[idx] = old - h
        fm = f()
        x[idx] = old
        out[k] = (fp - fm) / (2 * h)
    return out


def directional(f: Callable[[], float], x: np.ndarray, d: np.ndarray, h: float = H) -> float:
    """The central-difference derivative of ``f`` along direction ``d``."""
    base = x.copy()
    try:
        x[...] = base + h * d
        fp = f()
        x[...] = base - h * d
        fm = f()
    finally:
        x[...] = base
    return (fp - fm) / (2 * h)


def cheap_check(f: Callable[[], float], x: np.ndarray, analytic: np.ndarray, rng: np.random.Generator,
                directions: int = 3, samples: int = 6) -> float:
    """A quick estimate of the relative error: a few random-direction derivatives and a few
    sampled elements (the largest analytic entries among them). Any real bug shows up here with
    near certainty; the full per-element check then only locates it."""
    worst = 0.0
    for _ in range(directions):
        d = rng.standard_normal(x.shape)
        dn = directional(f, x, d)
        da = float(np.sum(analytic * d))
        worst = max(worst, abs(da - dn) / max(1e-8, abs(da) + abs(dn)))
    if x.size:
        flat = [np.unravel_index(int(np.argmax(np.abs(analytic))), x.shape)]
        picks = rng.choice(x.size, size=min(samples, x.size), replace=False)
        flat += [np.unravel_index(int(i), x.shape) for i in picks]
        idx = [tuple(int(v) for v in t) for t in flat]
        n = partials(f, x, idx)
        a = np.array([analytic[i] for i in idx])
        num = float(np.max(np.abs(a - n)))
        den = max(1e-8, float(np.max(np.abs(analytic))) + float(np.max(np.abs(n))))
        worst = max(worst, num / den if np.isfinite(num) else float("inf"))
    return worst
