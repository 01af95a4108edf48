"""Cost of the fuller feedback of issue 18: grading a submission that both modifies its input in
place and computes a wrong value (the case is run a second time on copies of its inputs, so both
problems are reported) against grading the same bug without the in-place change (one run),
measured in the same run with the same warm grader.

``run()`` returns ``[{"name", "value", "unit", "ratio"}]``; ``python benchmarks/feedback_bench.py``
prints the figures.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.drills.grader import Grader  # noqa: E402
from quizapp.drills.model import load_drills  # noqa: E402

BOTH = '''import numpy as np


def softmax(x):
    x -= x.max(axis=-1, keepdims=True)
    if x.ndim == 2:
        return np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x))
'''
VALUE_ONLY = BOTH.replace("    x -= x.max(axis=-1, keepdims=True)\n", "    x = x - x.max(axis=-1, keepdims=True)\n")


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        v = fn()
        times.append(time.perf_counter() - t0)
        if v.passed:
            raise RuntimeError("the buggy submission passed")
    return statistics.median(times)


def run(repeat: int = 7) -> list[dict]:
    drill = load_drills()["day00.softmax"]
    with Grader() as g:
        g.warm()
        g.grade(drill, VALUE_ONLY)  # warm the reference cache
        base = _median(lambda: g.grade(drill, VALUE_ONLY), repeat)
        both = _median(lambda: g.grade(drill, BOTH), repeat)
    return [{"name": "verdict, value bug only (baseline)", "value": base, "unit": "s", "ratio": 1.0},
            {"name": "verdict, value bug + in-place change (both reported)", "value": both, "unit": "s",
             "ratio": both / base}]


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']}: {r['value'] * 1000:.1f} ms (×{r['ratio']:.2f})")
