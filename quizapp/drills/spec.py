"""The vocabulary of a drill's ``checks.py``: cases, the calls made in them, and what is checked.

A case is a small program run twice: in the sandbox against the learner's module and, in this
process, against the trusted reference solution. The parent then compares what came back:

- ``steps``: calls such as ``Step("relu_forward(x)", bind=("out", "cache"))``, evaluated with the
  drill's functions, the case's ``inputs``, ``np`` and ``snap`` (a copy of a dict of arrays) in
  scope; ``bind`` names the returned value(s).
- ``compare``: names whose values are checked against the reference (the forward check); a
  :class:`Compare` instead of a name sets a tolerance of its own for that result (``atol``,
  ``rtol``) and/or compares it only where a boolean mask ``where`` is true.
- ``grads``: gradients returned by the learner, checked against central differences of a scalar
  ``loss(ref, inputs)`` computed here with the reference forward (the backward check).
- ``mutable``: inputs the functions may change in place (the optimizers' ``params``/``state``);
  every other array input must come back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Path = str | tuple  # "dx" or ("grads", "W1")


@dataclass(frozen=True, slots=True)
class Step:
    call: str
    bind: tuple[str, ...] = ()

    @property
    def func(self) -> str:
        m = re.match(r"\s*([A-Za-z_]\w*)\s*\(", self.call)
        return m.group(1) if m else ""


@dataclass(frozen=True, slots=True, eq=False)
class Compare:
    """A result compared against the reference with its own tolerance and/or only at some elements.

    ``atol``/``rtol`` replace the default forward tolerance (``atol = 1e-9 × max(1, max|e|)``,
    ``rtol = 1e-7``) for this result: an element passes when ``|a − e| ≤ atol + rtol·|e|``.
    ``where`` is a boolean array of the result's shape; only the elements where it is true are
    compared (e.g. the policy only in states without a tie)."""

    result: Path
    atol: float | None = None
    rtol: float | None = None
    where: Any = None


@dataclass(frozen=True, slots=True)
class Grad:
    result: Path
    wrt: Path
    loss: Callable[[Any, dict], float]


Text = str | dict  # a hint: Japanese text, or {"ja": ..., "en": ...} (shown in the interface language)


@dataclass(frozen=True, slots=True)
class Mistake:
    """A typical wrong version of ``result``; when the learner's value matches it, say ``hint``.
    A model whose values are nan/inf matches a learner's value with nan/inf at the same places."""

    result: str
    compute: Callable[[dict], Any]
    hint: Text


@dataclass(frozen=True, slots=True)
class Symptom:
    """A mistake recognised by a property of the learner's value rather than a model of it
    (a mask drawn from another random source, a mask applied with a finite constant):
    ``test(a, e, inputs)`` gets the learner's array, the expected one and the case's inputs."""

    result: str
    test: Callable[[Any, Any, dict], bool]
    hint: Text


@dataclass(slots=True)
class Case:
    label: str
    inputs: dict[str, Any]
    steps: list[Step]
    compare: list[Path | Compare] = field(default_factory=list)
    grads: list[Grad] = field(default_factory=list)
    mutable: tuple[str, ...] = ()
    n: int | None = None  # the batch size, for hints such as "missing 1/N"
    context: dict[str, float] = field(default_factory=dict)  # e.g. {"ratio": 0.3} for rescale hints


@dataclass(slots=True)
class Speed:
    """Time ``func(A, B)`` on fresh random data against a vectorized reference (``ref_src``
    defines ``ref(A, B)``) in the same process; fail above ``factor`` times its time."""

    func: str
    ref_src: str
    shape_a: tuple[int, ...]
    shape_b: tuple[int, ...]
    factor: float = 10.0
    samples: int = 24
    hint: str = ""


@dataclass(slots=True)
class Checks:
    functions: list[str]
    cases: list[Case]
    shapes: dict[str, str] = field(default_factory=dict)  # result name -> symbolic shape, e.g. "(D, M)"
    mistakes: list[Mistake] = field(default_factory=list)
    nan_hint: Text = ""
    speed: Speed | None = None
    symptoms: list[Symptom] = field(default_factory=list)
    # "func:input" -> why the drill asks for a new array when func() changes that input in place
    # (an idiom from a book or course); "func:cache" for the cache
    inplace_hints: dict[str, Text] = field(default_factory=dict)


def compare_spec(item: Path | Compare) -> Compare:
    """A ``compare`` entry as a :class:`Compare` (a bare name gets the default tolerance)."""
    return item if isinstance(item, Compare) else Compare(item)


def get_path(obj: Any, path: Path) -> Any:
    if isinstance(path, str):
        return obj[path]
    for key in path:
        obj = obj[key]
    return obj


def path_str(path: Path) -> str:
    if isinstance(path, str):
        return path
    head, *rest = path
    return str(head) + "".join(f"[{k!r}]" for k in rest)


def top(path: Path) -> str:
    return path if isinstance(path, str) else path[0]


def away_from_zero(rng, shape, margin: float = 1e-3, scale: float = 1.0):
    """Standard-normal values (times ``scale``) kept at least ``margin`` away from 0 (no kinks)."""
    import numpy as np

    x = rng.standard_normal(shape) * scale
    small = np.abs(x) < margin
    return np.where(small, np.where(x >= 0, 1.0, -1.0) * (margin + np.abs(x)), x)

