"""Drill grading speed: per drill, the verdict time for the reference solution (warm sandbox,
cheap gradient checks first) and its ratio to a full per-element central-difference check of the
same drill measured in the same run (the same grading with every gradient checked element by
element). Ratios below 1 mean the cheap checks paid off.

``run()`` returns ``[{"name", "value", "unit", "ratio"}]``; ``python benchmarks/drills_bench.py``
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


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        verdict = fn()
        times.append(time.perf_counter() - t0)
        if not verdict.passed:
            raise RuntimeError(f"the reference failed its drill: {verdict.checks}")
    return statistics.median(times)


def run(repeat: int = 3, drill_ids: list[str] | None = None) -> list[dict]:
    """Median verdict time per drill (``repeat`` runs) and its ratio to the full check."""
    results: list[dict] = []
    with Grader() as grader:
        grader.warm()
        drills = {}
        chosen = [d for d in load_drills().values() if drill_ids is None or d.id in drill_ids]
        for d in chosen:  # prepare cases and warm everything once
            v = grader.grade(d, d.solution)
            if v.passed:
                drills[d.id] = d
            else:
                print(f"warning: the reference of {d.id} fails its drill; not measured", file=sys.stderr)
        fast_total = full_total = 0.0
        for d in drills.values():
            fast = _median_time(lambda d=d: grader.grade(d, d.solution), repeat)
            full = _median_time(lambda d=d: grader.grade(d, d.solution, mode="full"), repeat)
            fast_total += fast
            full_total += full
            results.append({"name": f"drill verdict {d.id}", "value": round(fast * 1000, 2), "unit": "ms",
                            "ratio": round(fast / full, 3)})
        results.append({"name": "drill verdict, all drills", "value": round(fast_total * 1000, 1), "unit": "ms",
                         "ratio": round(fast_total / full_total, 3)})
    return results


def main() -> None:
    rows = run()
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'value':>9}  unit  ratio to full per-element check")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['value']:>9}  {r['unit']:<4}  {r['ratio']:.3f}")


if __name__ == "__main__":
    main()
