"""The drill format, the shipped drills' contract (ids, functions, signatures), the numerical
gradient helpers, and the core's independence from Textual."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import numpy as np
import pytest

from quizapp.drills import gradcheck
from quizapp.drills.model import DrillError, load_drill, load_drills

EXPECTED = {
    "day00.normalize_rows": ["normalize_rows(x)"],
    "day00.softmax": ["softmax(x)"],
    "day00.pairwise_sqdist": ["pairwise_sqdist(A, B)"],
    "day01.sigmoid": ["sigmoid_forward(x)", "sigmoid_backward(dout, cache)"],
    "day01.relu": ["relu_forward(x)", "relu_backward(dout, cache)"],
    "day01.tanh": ["tanh_forward(x)", "tanh_backward(dout, cache)"],
    "day01.affine": ["affine_forward(x, W, b)", "affine_backward(dout, cache)"],
    "day01.softmax_cross_entropy": ["softmax_cross_entropy(x, t)"],
    "day01.two_layer_net": ["two_layer_net(params, X, y)"],
    "day02.dropout": ["dropout_forward(x, ratio, train, rng)", "dropout_backward(dout, cache)"],
    "day02.l2_penalty": ["l2_penalty(params, lam)"],
    "day02.batchnorm": ["batchnorm_forward(x, gamma, beta, eps=1e-05)", "batchnorm_backward(dout, cache)"],
    "day02.layernorm": ["layernorm_forward(x, gamma, beta, eps=1e-05)", "layernorm_backward(dout, cache)"],
    "day03.optimizers": ["sgd(params, grads, state, lr=0.01)", "momentum(params, grads, state, lr=0.01, momentum=0.9)",
                         "nesterov(params, grads, state, lr=0.01, momentum=0.9)",
                         "adagrad(params, grads, state, lr=0.01, eps=1e-07)",
                         "rmsprop(params, grads, state, lr=0.01, decay=0.99, eps=1e-07)",
                         "adam(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"],
}


def _signatures(source: str) -> list[str]:
    tree = ast.parse(source)
    out = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            args = node.args
            defaults = [None] * (len(args.args) - len(args.defaults)) + list(args.defaults)
            parts = [a.arg + ("" if d is None else f"={ast.literal_eval(d)!r}") for a, d in zip(args.args, defaults)]
            out.append(f"{node.name}({', '.join(parts)})")
    return out


def test_the_drills_of_days_0_to_3_are_exactly_those_of_the_issue():
    drills = load_drills()
    assert sorted(k for k, d in drills.items() if d.day <= 3) == sorted(EXPECTED)
    assert [d.day for d in drills.values()] == sorted(d.day for d in drills.values())
    assert [k for k in drills if k in EXPECTED][:3] == ["day00.normalize_rows", "day00.softmax", "day00.pairwise_sqdist"]


@pytest.mark.parametrize("drill_id", sorted(EXPECTED))
def test_starter_and_solution_have_the_required_signatures(drill_id):
    d = load_drills()[drill_id]
    assert _signatures(d.starter) == EXPECTED[drill_id]
    assert _signatures(d.solution) == EXPECTED[drill_id]
    assert [f.name for f in d.functions] == [s.split("(")[0] for s in EXPECTED[drill_id]]
    assert d.checks.functions == [f.name for f in d.functions]
    # the starter is a skeleton: every function body raises NotImplementedError
    for node in ast.parse(d.starter).body:
        if isinstance(node, ast.FunctionDef):
            assert any(isinstance(n, ast.Raise) and "NotImplementedError" in ast.unparse(n) for n in ast.walk(node))
    assert d.hints and len(d.checks.cases) >= 3
    assert "$" in d.statement or "|" in d.statement  # formulas in the statement
    assert any("\u3040" <= ch <= "\u30ff" for ch in d.statement)  # Japanese text


def test_edge_cases_are_present():
    labels = {d.id: " ".join(c.label for c in d.checks.cases) for d in load_drills().values() if d.id in EXPECTED}
    for drill_id in EXPECTED:
        if drill_id not in ("day02.l2_penalty", "day03.optimizers"):
            assert re.search(r"\bN=(M=)?1\b", labels[drill_id]), drill_id
    assert "±1e3" in labels["day00.softmax"] and "±1e3" in labels["day01.softmax_cross_entropy"]
    assert "test mode" in labels["day02.dropout"]
    assert "4-D" in labels["day01.affine"]


def test_bad_metadata_is_reported(tmp_path):
    folder = tmp_path / "day01.bad"
    folder.mkdir()
    (folder / "drill.yaml").write_text("id: day01.bad\nday: 2\ntitle: x\nstatement: y\nfunctions: []\n", encoding="utf-8")
    for name in ("starter.py", "solution.py", "checks.py"):
        (folder / name).write_text("", encoding="utf-8")
    with pytest.raises(DrillError, match="day"):
        load_drill(folder)
    (folder / "drill.yaml").write_text("id: day01.bad\nday: 1\ntitle: x\nstatement: y\nfunctions: []\nhint: [a]\n",
                                       encoding="utf-8")
    with pytest.raises(DrillError, match="unknown field"):
        load_drill(folder)


def test_numerical_gradient_and_relative_error():
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]])
    f = lambda: float(np.sum(x**3))  # noqa: E731
    num = gradcheck.numerical_gradient(f, x)
    assert gradcheck.rel_error(3 * x**2, num) < 1e-9
    assert np.array_equal(x, [[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]])  # restored
    assert gradcheck.rel_error(3 * x**2 * 1.001, num) > 1e-4
    assert gradcheck.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    rng = np.random.default_rng(0)
    assert gradcheck.cheap_check(f, x, 3 * x**2, rng) < 1e-8
    wrong = 3 * x**2
    wrong[1, 2] += 1e-3
    assert gradcheck.cheap_check(f, x, wrong, rng) > 1e-6
    d = rng.standard_normal(x.shape)
    assert abs(gradcheck.directional(f, x, d) - float(np.sum(3 * x**2 * d))) < 1e-6


def test_the_core_never_imports_textual():
    code = ("import sys\n"
            "import quizapp.drills.grader, quizapp.drills.service, quizapp.drills.cli, quizapp.drills.model\n"
            "from quizapp.drills.model import load_drills\n"
            "[d.checks for d in load_drills().values()]\n"
            "assert 'textual' not in sys.modules, [m for m in sys.modules if m.startswith('textual')]\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_the_benchmark_reports_time_and_ratio():
    import importlib.util

    from quizapp.paths import drills_dir

    path = drills_dir().parent / "benchmarks" / "drills_bench.py"
    spec = importlib.util.spec_from_file_location("drills_bench_under_test", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.run(repeat=1, drill_ids=["day01.relu", "day02.batchnorm"])
    assert [r["name"] for r in rows] == ["drill verdict day01.relu", "drill verdict day02.batchnorm",
                                         "drill verdict, all drills"]
    for r in rows:
        assert set(r) == {"name", "value", "unit", "ratio"} and r["unit"] == "ms"
        assert r["value"] > 0 and 0 < r["ratio"] < 5
    assert rows[1]["ratio"] < 1  # the cheap gradient checks beat the full per-element check
