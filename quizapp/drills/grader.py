"""The drill grader: run the learner's file in the sandbox, judge what came back, here.

Checks, in order, stopping at the first failing group:

1. ``import``   the module imports and defines the functions;
2. ``shapes``   every returned value has the expected type, shape and dtype;
3. ``forward``  values against the reference on several seeded cases (edge cases included);
4. ``inplace``  no input (nor the cache, as the caller sees it) was modified in place; when a case
               both modifies an input and has a value problem that the modification does not
               explain (judged on a second run with copies of the inputs), both are reported,
               the value problem first;
5. ``backward`` gradients against central differences of the reference forward;
6. ``speed``    (drills that ask for vectorized code) time against a vectorized reference.

Only the arrays returned by the child are judged; the learner's process decides nothing.
The messages are in the interface language (``quizapp.i18n``) at the time of grading; the check
names stay as they are (machine-readable).
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import secrets
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from quizapp import i18n
from quizapp.drills import feedback as fb
from quizapp.drills import policy
from quizapp.drills.gradcheck import GRAD_TOL, cheap_check, numerical_gradient, rel_error
from quizapp.drills.harness import HARNESS
from quizapp.drills.model import Drill
from quizapp.drills.spec import Case, Checks, Compare, compare_spec, get_path, path_str, top
from quizapp.sandbox import ConfinementRequired, Limits, RunResult, Sandbox

RTOL = 1e-7
ATOL = 1e-9
LIMITS = Limits(wall_s=4.0, cpu_s=4, mem_mb=512, output_bytes=64 * 1024)
SPEED_LIMITS = Limits(wall_s=8.0, cpu_s=8, mem_mb=512, output_bytes=64 * 1024)
BAD = "__quizapp_bad__"
CHECK_NAMES = ("import", "shapes", "forward", "inplace", "backward", "speed")


@dataclass(slots=True)
class Verdict:
    drill_id: str
    passed: bool
    checks: list[dict] = field(default_factory=list)  # [{"name", "passed", "message"}]
    seconds: float = 0.0
    output: str = ""  # what the learner's code printed (never parsed)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def failed_check(self) -> dict | None:
        return next((c for c in self.checks if not c["passed"]), None)


def _explain(kind: str, message: str) -> str:
    """A plain-words reason for the exceptions the sandbox's limits cause."""
    if "Errno 27" in message or "File too large" in message:
        return i18n.t("drill_explain_output")
    if kind == "MemoryError":
        return i18n.t("drill_explain_memory")
    if kind == "PermissionError" and "not allowed in the sandbox" in message:
        return i18n.t("drill_explain_sandbox")
    return ""


class _Fail(Exception):
    def __init__(self, name: str, message: str, also: list[dict] | None = None) -> None:
        super().__init__(message)
        self.name, self.message = name, message
        self.also = also or []  # further failed checks to report after this one


@dataclass(slots=True)
class _Prepared:
    checks: Checks
    cases: list[dict]  # what the child gets
    expected: list[dict]  # the reference's values per case


def _with_copies(code: str, names: list[str], inputs: dict, bound: set[str] = frozenset()) -> str:
    """The call ``code`` with each input of ``names`` replaced by a fresh copy of it (arrays by
    ``np.array(x, copy=True)``, dicts of arrays by ``snap(x)``) and each value ``bound`` by an
    earlier call (the cache) by a deep copy, so no call can change what a later one sees."""
    tree = ast.parse(code, mode="eval")

    class _Copy(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if not isinstance(node.ctx, ast.Load):
                return node
            if node.id in bound:
                deepcopy = ast.Attribute(ast.Call(ast.Name("__import__", ast.Load()), [ast.Constant("copy")], []),
                                         "deepcopy", ast.Load())
                return ast.Call(deepcopy, [node], [])
            if node.id not in names:
                return node
            if isinstance(inputs.get(node.id), dict):
                return ast.Call(ast.Name("snap", ast.Load()), [node], [])
            return ast.Call(ast.Attribute(ast.Name("np", ast.Load()), "array", ast.Load()), [node],
                            [ast.keyword("copy", ast.Constant(True))])

    return ast.unparse(ast.fix_missing_locations(_Copy().visit(tree)))


def _array_inputs(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return True
    if isinstance(value, dict):
        return any(isinstance(v, np.ndarray) for v in value.values())
    return False


def _run_reference(drill: Drill, checks: Checks, case: Case) -> dict:
    ref = drill.reference
    ns: dict[str, Any] = {"np": np, "snap": lambda d: {k: np.array(v, copy=True) for k, v in d.items()}}
    ns.update({f: getattr(ref, f) for f in checks.functions})
    ns.update(copy.deepcopy(case.inputs))
    for step in case.steps:
        r = eval(step.call, ns)  # noqa: S307 - the drill's own trusted call text, on the reference
        if len(step.bind) == 1:
            ns[step.bind[0]] = r
        elif step.bind:
            for k, x in zip(step.bind, r, strict=True):
                ns[k] = x
    names = {top(compare_spec(p).result) for p in case.compare} | {top(g.result) for g in case.grads}
    return {k: copy.deepcopy(ns[k]) for k in names}


_PREPARED: dict[str, _Prepared] = {}
_PREP_LOCK = threading.Lock()


def prepare(drill: Drill) -> _Prepared:
    with _PREP_LOCK:
        if drill.id not in _PREPARED:
            checks = drill.checks
            cases, expected = [], []
            for case in checks.cases:
                names = sorted({top(compare_spec(p).result) for p in case.compare} | {top(g.result) for g in case.grads})
                track = sorted(k for k, v in case.inputs.items() if _array_inputs(v) and k not in case.mutable)
                cases.append({"inputs": case.inputs, "track": track, "results": names,
                              "steps": [{"code": s.call, "bind": list(s.bind), "learner": s.func in checks.functions}
                                        for s in case.steps]})
                expected.append(_run_reference(drill, checks, case))
            _PREPARED[drill.id] = _Prepared(checks, cases, expected)
        return _PREPARED[drill.id]


def _shape_text(inputs: dict) -> str:
    parts = []
    for k, v in inputs.items():
        if isinstance(v, np.ndarray):
            parts.append(f"{k} {v.shape}")
        elif isinstance(v, dict) and v and all(isinstance(x, np.ndarray) for x in v.values()):
            parts.append(f"{k} {{" + ", ".join(f"{kk} {x.shape}" for kk, x in v.items()) + "}")
    return ", ".join(parts)


def _case_text(case: Case) -> str:
    shapes = _shape_text(case.inputs)
    if shapes:
        return i18n.t("drill_case_shapes", label=case.label, shapes=shapes)
    return i18n.t("drill_case", label=case.label)


def _return_message(func: str, err: dict, step, case: Case) -> str:
    """The message for a call that returned the wrong number of values (the harness says what)."""
    got = err.get("got") or []
    kind = got[0] if got else ""
    if kind == "none":
        what = i18n.t("drill_returned_none")
    elif kind == "count" and len(got) > 1:
        what = i18n.t("drill_returned_count", n=got[1])
    elif kind == "single" and len(got) > 1:
        what = i18n.t("drill_returned_single", type=got[1])
    else:
        return f"{func}() {err.get('message')} ({_case_text(case)})"
    return i18n.t("drill_returned", func=func, what=what, n=len(step.bind), names=", ".join(step.bind),
                  case=_case_text(case))


def _producer(case: Case, name: str) -> str:
    for step in case.steps:
        if name in step.bind:
            return step.func
    return ""


def _is_bad(v: Any) -> bool:
    return isinstance(v, dict) and len(v) == 1 and BAD in v


def _is_scalar(v: Any) -> bool:
    return isinstance(v, (float, np.floating)) or (isinstance(v, np.ndarray) and v.ndim == 0)


def _structure(name: str, got: Any, exp: Any, case: Case, sym: dict[str, str], func: str,
               others: list | tuple = ()) -> str | None:
    """A message when ``got`` does not have the type/shape/dtype of ``exp``; None when it does.
    ``others``: (got, expected, n) of the same result in the other cases (for the shape hints)."""
    n = case.n
    if got is None and exp is not None:
        return i18n.t("drill_is_none", name=name, func=func or i18n.t("drill_your_function"))
    if _is_bad(got):
        return i18n.t("drill_is_expected", name=name, got=fb.describe_value(got), exp=_expect_text(exp), extra="")
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            return i18n.t("drill_is_expected", name=name, got=fb.describe_value(got),
                          exp=i18n.t("drill_expect_dict", keys=sorted(exp)), extra="")
        missing = [k for k in exp if k not in got]
        if missing:
            return i18n.t("drill_missing_keys", name=name, missing=missing, keys=sorted(exp))
        for k in exp:
            sub = [(og[k], oe[k], on) for og, oe, on in others if isinstance(og, dict) and k in og and k in oe]
            msg = _structure(f"{name}[{k!r}]", got[k], exp[k], case, sym, func, sub)
            if msg:
                return msg
        return None
    if _is_scalar(exp):
        if isinstance(got, (bool, np.bool_)) or not (
            isinstance(got, (int, float, np.integer, np.floating)) or (isinstance(got, np.ndarray) and got.ndim == 0)
        ):
            extra = ""
            if isinstance(got, np.ndarray) and n is not None and got.shape[:1] == (n,):
                extra = i18n.t("drill_not_reduced")
            return i18n.t("drill_scalar_expected", name=name, got=fb.describe_value(got), extra=extra)
        return None
    if isinstance(exp, np.ndarray):
        if not isinstance(got, np.ndarray):
            extra = i18n.t("drill_wrap_array") if isinstance(got, (list, tuple)) else ""
            return i18n.t("drill_is_expected", name=name, got=fb.describe_value(got),
                          exp=_expect_text(exp, sym.get(name)), extra=extra)
        if got.shape != exp.shape:
            s = sym.get(name, "")
            hint = fb.shape_hint(got.shape, exp.shape, n, [(og.shape, oe.shape, on) for og, oe, on in others
                                                         if isinstance(og, np.ndarray) and isinstance(oe, np.ndarray)])
            return i18n.t("drill_bad_shape", name=name, got=got.shape, exp=exp.shape, sym=f" = {s}" if s else "",
                          case=_case_text(case), hint=i18n.t("drill_hint_sentence", hint=hint) if hint else "")
        if got.dtype != exp.dtype and not (got.dtype.kind in "iu" and exp.dtype.kind in "iu"):
            hint = ""
            if exp.dtype.kind in "iu":
                hint = i18n.t("drill_dtype_want_int")
            elif got.dtype.kind in "biu":
                hint = i18n.t("drill_dtype_int")
            elif got.dtype.kind == "f":
                hint = fb.msg("dtype_f") if got.dtype.itemsize < 8 else i18n.t("drill_dtype_float")
            return i18n.t("drill_bad_dtype", name=name, got=got.dtype, exp=exp.dtype,
                          hint=i18n.t("drill_hint_sentence", hint=hint) if hint else "")
        return None
    return None


def _expect_text(exp: Any, sym: str | None = None) -> str:
    if isinstance(exp, np.ndarray):
        return i18n.t("drill_expect_array", shape=exp.shape, sym=f" = {sym}" if sym else "", dtype=exp.dtype)
    if _is_scalar(exp):
        return i18n.t("drill_expect_scalar")
    if isinstance(exp, dict):
        return i18n.t("drill_expect_dict", keys=sorted(exp))
    return type(exp).__name__


def _leaves(exp: Any, got: Any, name: str):
    """Pairs (name, learner's array, expected array) of the numeric leaves of a result."""
    if isinstance(exp, dict):
        for k in exp:
            yield from _leaves(exp[k], got[k], f"{name}[{k!r}]")
    elif isinstance(exp, (list, tuple)):
        for i, (e, g) in enumerate(zip(exp, got, strict=False)):
            yield from _leaves(e, g, f"{name}[{i}]")
    else:
        yield name, np.asarray(got, dtype=np.float64), np.asarray(exp, dtype=np.float64)


def _tolerance(e: np.ndarray, spec: Compare | None = None) -> tuple[float, float]:
    """(rtol, atol) for the expected values ``e``: the result's own, else the forward defaults."""
    rtol = RTOL if spec is None or spec.rtol is None else float(spec.rtol)
    if spec is not None and spec.atol is not None:
        return rtol, float(spec.atol)
    scale = max(1.0, float(np.max(np.abs(e)))) if e.size else 1.0
    return rtol, ATOL * scale


def _masked(a: np.ndarray, e: np.ndarray, spec: Compare | None) -> tuple[np.ndarray, np.ndarray | None]:
    """``a`` with the learner's values replaced by the expected ones where the result is not
    compared (so they can never be the worst element), and the mask (None: compare all)."""
    if spec is None or spec.where is None:
        return a, None
    mask = np.asarray(spec.where, dtype=bool)
    if mask.shape != e.shape or a.shape != e.shape:
        return a, None
    return np.where(mask, a, e), mask


def _tol_text(rtol: float, atol: float, mask: np.ndarray | None = None) -> str:
    text = ", ".join(([f"rtol {rtol:.2g}"] if rtol else []) + [f"atol {atol:.2g}"])
    if mask is not None:
        text = i18n.t("drill_tol_where", tol=text, k=int(mask.sum()), total=mask.size)
    return text


def _mismatch(a: np.ndarray, e: np.ndarray, spec: Compare | None = None) -> tuple[bool, float, float]:
    """(ok, atol, worst relative error) under the forward tolerance (or the result's own)."""
    rtol, atol = _tolerance(e, spec)
    a, _ = _masked(a, e, spec)
    with np.errstate(invalid="ignore", over="ignore"):
        ok = bool(np.all(np.isfinite(a)) and np.all(np.abs(a - e) <= atol + rtol * np.abs(e)))
        den = np.abs(a) + np.abs(e)
        rel = np.where(den > 0, np.abs(a - e) / np.where(den > 0, den, 1), 0.0)
    worst = float(np.max(rel)) if rel.size and np.all(np.isfinite(rel)) else (0.0 if not rel.size else float("inf"))
    return ok, atol, worst


def _same(a: Any, b: Any) -> tuple[bool, str]:
    """Whether the snapshot ``b`` equals the original ``a``; else a short description."""
    if isinstance(a, np.ndarray):
        if not isinstance(b, np.ndarray):
            return False, i18n.t("drill_same_became", desc=fb.describe_value(b))
        if a.shape != b.shape:
            return False, i18n.t("drill_same_shape", a=a.shape, b=b.shape)
        if a.dtype != b.dtype:
            return False, i18n.t("drill_same_dtype", a=a.dtype, b=b.dtype)
        if not np.array_equal(a, b, equal_nan=True):
            diff = np.argwhere(~((a == b) | (np.isnan(a) & np.isnan(b))) if a.dtype.kind in "fc" else a != b)
            idx = tuple(int(i) for i in diff[0]) if diff.size else ()
            return False, i18n.t("drill_same_element", idx=fb.fmt_index(idx), a=fb.fmt_num(a[idx]), b=fb.fmt_num(b[idx]))
        return True, ""
    if isinstance(a, dict):
        if not isinstance(b, dict) or set(a) != set(b):
            return False, i18n.t("drill_same_keys")
        for k in a:
            ok, why = _same(a[k], b[k])
            if not ok:
                return False, f"[{k!r}]" + (why if why.startswith("[") else f": {why}")
        return True, ""
    if isinstance(a, (list, tuple)):
        if not isinstance(b, (list, tuple)) or len(a) != len(b):
            return False, i18n.t("drill_same_length")
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            ok, why = _same(x, y)
            if not ok:
                return False, f"[{i}]" + (why if why.startswith("[") else f": {why}")
        return True, ""
    return True, ""



def _gradient_error(f, x: np.ndarray, a: np.ndarray, rng, *, full: bool) -> tuple[float, np.ndarray | None]:
    """Relative error of the analytic gradient ``a`` of ``f`` at ``x``, and the element-wise
    numerical gradient when it was computed. Tiny arrays (and ``full``) get the per-element
    check; others the cheap random-direction check, then the full one only to locate and
    confirm a failure."""
    if full or x.size <= 12:  # tiny arrays: the full check is the cheap one
        num = numerical_gradient(f, x)
        return rel_error(a, num), num
    rel = cheap_check(f, x, a, rng)
    if rel <= GRAD_TOL:
        return rel, None
    num = numerical_gradient(f, x)
    return rel_error(a, num), num

class Grader:
    """Grades submissions with one warm sandbox (thread-safe: one grading at a time)."""

    def __init__(self, sandbox: Sandbox | None = None, limits: Limits = LIMITS,
                 speed_limits: Limits = SPEED_LIMITS, *, require_confinement: bool = False) -> None:
        """``require_confinement``: refuse to grade without the kernel sandbox (class mode;
        an instructor's explicit flag turns it off)."""
        self._own = sandbox is None
        self.sandbox = sandbox or Sandbox(require_confinement=require_confinement)
        self._policy = True  # the static check of drill code (tests switch it off to test the rest)
        self.limits = limits
        self.speed_limits = speed_limits

    def warm(self) -> None:
        self.sandbox.warm()

    def close(self) -> None:
        if self._own:
            self.sandbox.close()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------
    def grade(self, drill: Drill, source: str, *, mode: str = "fast", filename: str = "learner.py") -> Verdict:
        """Grade ``source`` for ``drill``. ``mode="full"`` replaces the cheap gradient checks
        by the full per-element central-difference check (for benchmarks). ``filename``: the
        learner's file as messages name it (a syntax error says ``affine.py``, not a made-up name)."""
        t0 = time.perf_counter()
        prep = prepare(drill)
        checks: list[dict] = []
        output = ""
        try:
            problems = policy.check_source(source) if self._policy else []
            if problems:
                raise _Fail("import", i18n.t("drill_policy_failed", problems="; ".join(str(p) for p in problems[:5])))
            payload = {"source": source, "functions": prep.checks.functions, "cases": prep.cases, "speed": None,
                       "filename": filename}
            r = self.sandbox.run(HARNESS, inputs={"payload": payload}, result_names=["result"],
                                 limits=self.limits, filename="<drill-harness>")
            output = r.output
            out = self._result(r, self.limits)
            self._judge(drill, prep, out, mode, checks, source)
            if prep.checks.speed is not None:
                payload = {"source": source, "functions": prep.checks.functions, "cases": [],
                           "speed": vars_speed(prep.checks)}
                r = self.sandbox.run(HARNESS, inputs={"payload": payload}, result_names=["result"],
                                     limits=self.speed_limits, filename="<drill-harness>")
                output = output or r.output
                out = self._result(r, self.speed_limits, speed=True)
                checks.append(self._speed(drill, prep.checks, out))
        except _Fail as f:
            checks.append({"name": f.name, "passed": False, "message": f.message})
            checks.extend(f.also)
        except ConfinementRequired as exc:
            from quizapp.sandbox_text import describe

            checks.append({"name": "run", "passed": False, "message": i18n.t("sandbox_refused", why=describe())})
        except Exception as exc:  # noqa: BLE001 - anything odd in the returned data is a failure
            checks.append({"name": "run", "passed": False,
                           "message": i18n.t("drill_run_unjudged", kind=type(exc).__name__, error=exc)})
        passed = bool(checks) and all(c["passed"] for c in checks)
        return Verdict(drill.id, passed, checks, time.perf_counter() - t0, output)

    # ------------------------------------------------------------------------------------
    @staticmethod
    def _result(r: RunResult, limits: Limits, speed: bool = False) -> dict:
        from quizapp.sandbox_text import run_error

        name = "speed" if speed else "run"
        if r.status == "timeout":
            raise _Fail(name, i18n.t("drill_run_timeout", seconds=f"{limits.wall_s:g}"))
        if r.status == "crashed":
            if "exited" in r.error:
                raise _Fail(name, i18n.t("drill_run_exited", error=run_error(r.error)))
            raise _Fail(name, i18n.t("drill_run_crashed", error=run_error(r.error)))
        if r.status != "ok":
            if r.kind in ("MemoryError",):
                raise _Fail(name, i18n.t("drill_run_memory"))
            raise _Fail(name, i18n.t("drill_run_stopped", kind=r.kind or "error",
                                     summary=run_error(r.summary()[:300])))
        out = r.values.get("result")
        if not isinstance(out, dict):
            raise _Fail(name, i18n.t("drill_run_unreadable"))
        return out

    def _judge(self, drill: Drill, prep: _Prepared, out: dict, mode: str, checks: list[dict],
               source: str | None = None) -> None:
        spec = prep.checks

        def inplace(case: Case, rec: dict, what: str = "") -> None:  # a mutation in this case: raise its report
            if mut := self._mutation_msg(spec, case, rec):
                self._raise_inplace(drill, prep, case, rec, mut, mode, source, what)

        # 1. import and definitions
        err = out.get("import_error")
        if err:
            where = "; ".join(err.get("where") or [])
            kind = err.get("type", "Exception")
            extra = i18n.t("drill_import_sysexit") if kind == "SystemExit" else ""
            raise _Fail("import", i18n.t("drill_import_failed", kind=kind, message=err.get("message", ""),
                                         where=f" ({where})" if where else "",
                                         extra=extra + _explain(kind, str(err.get("message", "")))))
        defined = out.get("defined") or {}
        missing = [f for f in spec.functions if defined.get(f) is not True]
        if missing:
            raise _Fail("import", i18n.t("drill_import_missing", funcs=", ".join(f"{m}()" for m in missing)))
        checks.append({"name": "import", "passed": True,
                       "message": i18n.t("drill_import_ok", funcs=", ".join(f"{f}()" for f in spec.functions))})
        recs = out.get("cases") or []
        if len(recs) != len(spec.cases):
            raise _Fail("run", i18n.t("drill_run_case_count"))

        # 2. shapes and dtypes (and exceptions raised by the calls). When an input was modified
        # in place in the failing case, that is the cause to report (x.shape = ... changes dx).
        for case, rec, exp in zip(spec.cases, recs, prep.expected, strict=True):
            e = rec.get("error")
            if e:
                inplace(case, rec, str(e.get("type") or ""))
                step = case.steps[int(e.get("step", 0))]
                func = step.func or i18n.t("drill_a_call")
                where = "; ".join(e.get("where") or [])
                if e.get("type") == "ReturnValue":
                    raise _Fail("shapes", _return_message(func, e, step, case))
                extra = _explain(str(e.get("type")), str(e.get("message")))
                if e.get("type") == "NotImplementedError":
                    extra = i18n.t("drill_raised_todo")
                raise _Fail("shapes", i18n.t("drill_raised", func=func, kind=e.get("type"), message=e.get("message"),
                                             where=f" ({where})" if where else "", case=_case_text(case), extra=extra))
            values = rec.get("values") or {}
            for name in exp:
                others = [((r.get("values") or {}).get(name), ex[name], c.n)
                          for c, r, ex in zip(spec.cases, recs, prep.expected, strict=True) if c is not case and name in ex]
                msg = _structure(name, values.get(name), exp[name], case, spec.shapes, _producer(case, name), others)
                if msg:
                    inplace(case, rec, name)
                    text = _case_text(case)
                    raise _Fail("shapes", msg if text in msg else i18n.t("drill_in_case", msg=msg, case=text))
        checks.append({"name": "shapes", "passed": True,
                       "message": i18n.t("drill_shapes_ok", cases=len(spec.cases))})

        # 3. forward values
        worst_all = 0.0
        n_compared = 0
        for case, rec, exp in zip(spec.cases, recs, prep.expected, strict=True):
            values = rec["values"]
            for item in case.compare:
                cmp = compare_spec(item)
                p = cmp.result
                name = top(p)
                base = get_path(exp, p) if isinstance(p, tuple) else exp[name]
                got = get_path(values, p) if isinstance(p, tuple) else values[name]
                for leaf, a, e in _leaves(base, got, path_str(p)):
                    ok, _, worst = _mismatch(a, e, cmp)
                    n_compared += 1
                    if not ok:
                        inplace(case, rec, leaf)
                        raise _Fail("forward", self._value_message(leaf, a, e, cmp, case, spec, name))
                    worst_all = max(worst_all, worst)
        checks.append({"name": "forward", "passed": True,
                       "message": i18n.t("drill_forward_ok", n=n_compared, cases=len(spec.cases), err=f"{worst_all:.1e}")})

        # 4. inputs (and the cache) not modified in place
        for case, rec in zip(spec.cases, recs, strict=True):
            inplace(case, rec)
        checks.append({"name": "inplace", "passed": True, "message": i18n.t("drill_inplace_ok")})

        # 5. backward against central differences
        n_grads = sum(len(c.grads) for c in spec.cases)
        if n_grads:
            ref = drill.reference
            worst_all = 0.0
            smallest = _smallest_case(spec.cases)
            for ci, (case, rec) in enumerate(zip(spec.cases, recs, strict=True)):
                for g in case.grads:
                    # directions and sampled elements from a fresh seed per check, drawn here:
                    # an error cannot be built to be orthogonal to them
                    rng = np.random.default_rng(secrets.randbits(128))
                    a = np.asarray(get_path(rec["values"], g.result), dtype=np.float64)
                    v = copy.deepcopy(case.inputs)
                    x = get_path(v, g.wrt)

                    def f(g=g, v=v) -> float:
                        return float(g.loss(ref, v))

                    # the smallest case is always checked element by element
                    rel, num = _gradient_error(f, x, a, rng, full=mode == "full" or ci == smallest)
                    if not rel <= GRAD_TOL:
                        raise _Fail("backward", self._grad_message(g, a, num, rel, case, spec))
                    worst_all = max(worst_all, rel)
            checks.append({"name": "backward", "passed": True,
                           "message": i18n.t("drill_backward_ok", n=n_grads, cases=len(spec.cases),
                                             err=f"{worst_all:.1e}", limit=f"{GRAD_TOL:.0e}")})

    def _check_grads(self, drill: Drill, spec: Checks, case: Case, rec: dict, mode: str) -> None:
        """The gradients of one case (of the second run on copies) against central differences;
        raises the ``backward`` failure."""
        ref = drill.reference
        rng = np.random.default_rng()
        for g in case.grads:
            a = np.asarray(get_path(rec["values"], g.result), dtype=np.float64)
            v = copy.deepcopy(case.inputs)
            x = get_path(v, g.wrt)

            def f(g=g, v=v) -> float:
                return float(g.loss(ref, v))

            rel, num = _gradient_error(f, x, a, rng, full=mode == "full")
            if not rel <= GRAD_TOL:
                raise _Fail("backward", self._grad_message(g, a, num, rel, case, spec))

    def _mutation_msg(self, spec: Checks, case: Case, rec: dict) -> str | None:
        """The in-place message of this case (None: nothing modified), with the drill's word on
        the idiom when it names this one (``Checks.inplace_hints``)."""
        mut = self._mutation(case, rec)
        if mut and (why := fb.inplace_hint(spec.inplace_hints, case, rec)):
            mut += " " + i18n.t("drill_hint_prefix") + why
        return mut

    def _raise_inplace(self, drill: Drill, prep: _Prepared, case: Case, rec: dict, mut: str, mode: str,
                       source: str | None, what: str = "") -> None:
        """Report an in-place modification in ``case`` together with any value problem that does
        not come from it. The values come from the modification when they are what the reference
        gives on the inputs as the learner's code left them (``x.shape = ...`` changes dx).
        Otherwise the case is run again with every call given copies of its inputs and of the
        cache (the learner's own unmodified copy), and those values are judged like the first
        run's: a problem found there is reported first, then the modification; when the copies
        give the right values, the modification is the only problem (and explains ``what``)."""
        plain = _Fail("inplace", mut)
        explained = _Fail("inplace", fb.msg("from_mutation", mutation=mut, what=what) if what else mut)
        if source is None:
            raise plain
        try:
            if self._explained_by_mutation(drill, prep, case, rec):
                raise explained
        except _Fail:
            raise
        except Exception:  # noqa: BLE001 - the reference on odd inputs: judge on the copies instead
            pass
        try:
            problem = self._shielded_problem(drill, prep, case, mode, source, bool(rec.get("error")))
        except Exception:  # noqa: BLE001 - the re-run only adds detail to a failing verdict
            raise plain from None
        if problem is None:
            raise explained
        if problem[0] == "?":  # the copies could not be made: nothing more to say
            raise plain
        name, message = problem
        raise _Fail(name, fb.msg("value_first", msg=message), also=[{"name": "inplace", "passed": False, "message": mut}])

    @staticmethod
    def _explained_by_mutation(drill: Drill, prep: _Prepared, case: Case, rec: dict) -> bool:
        """Whether the learner's values equal the reference's on the inputs as they were after
        the learner's calls (so the modification, not the arithmetic, made them differ)."""
        posts = [p for p in rec.get("post") or [] if p]
        if not posts or rec.get("error"):
            return False
        after = dict(case.inputs)
        changed = False
        for k, v in posts[-1].items():
            if k in after and not fb.same_value(after[k], v):
                after[k], changed = v, True
        if not changed:
            return False
        spec = prep.checks
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exp = _run_reference(drill, spec, dataclasses.replace(case, inputs=after))
        values = rec.get("values") or {}
        for name in exp:
            if _structure(name, values.get(name), exp[name], case, spec.shapes, "") is not None:
                return False
            for _leaf, a, e in _leaves(exp[name], values[name], name):
                if not _mismatch(a, e)[0]:
                    return False
        return True

    def _shielded_problem(self, drill: Drill, prep: _Prepared, case: Case, mode: str,
                          source: str, had_error: bool = False) -> tuple[str, str] | None:
        """Run ``case`` again with copies of its inputs passed to every call and judge the values:
        (check name, message) of the first problem, None when they are right, ("?", "") when the
        second run could not be judged."""
        spec = prep.checks
        ci = spec.cases.index(case)
        pcase = prep.cases[ci]
        steps, bound = [], set()
        for st in pcase["steps"]:
            steps.append(dict(st, code=_with_copies(st["code"], pcase["track"], case.inputs, bound)) if st["learner"]
                         else st)
            bound |= set(st["bind"])
        shielded = dict(pcase, track=[], steps=steps)
        payload = {"source": source, "functions": spec.functions, "cases": [shielded], "speed": None}
        r = self.sandbox.run(HARNESS, inputs={"payload": payload}, result_names=["result"],
                             limits=self.limits, filename="<drill-harness>")
        out = self._result(r, self.limits)
        recs = out.get("cases") or []
        if len(recs) != 1:
            return "?", ""
        rec, exp = recs[0], prep.expected[ci]
        if rec.get("error") and not had_error:  # the copying itself failed (a cache that cannot be copied)
            return "?", ""
        try:
            self._value_check(drill, spec, ci, case, rec, exp, mode)
        except _Fail as f:
            return f.name, f.message
        return None

    def _value_check(self, drill: Drill, spec: Checks, ci: int, case: Case, rec: dict, exp: dict, mode: str) -> None:
        """The shapes, forward and backward checks of one case's values (raises the failure)."""
        e = rec.get("error")
        if e:
            step = case.steps[int(e.get("step", 0))]
            func = step.func or i18n.t("drill_a_call")
            if e.get("type") == "ReturnValue":
                raise _Fail("shapes", _return_message(func, e, step, case))
            where = "; ".join(e.get("where") or [])
            raise _Fail("shapes", i18n.t("drill_raised", func=func, kind=e.get("type"), message=e.get("message"),
                                         where=f" ({where})" if where else "", case=_case_text(case), extra=""))
        values = rec.get("values") or {}
        for name in exp:
            msg = _structure(name, values.get(name), exp[name], case, spec.shapes, _producer(case, name))
            if msg:
                text = _case_text(case)
                raise _Fail("shapes", msg if text in msg else i18n.t("drill_in_case", msg=msg, case=text))
        for item in case.compare:
            cmp = compare_spec(item)
            p = cmp.result
            name = top(p)
            base = get_path(exp, p) if isinstance(p, tuple) else exp[name]
            got = get_path(values, p) if isinstance(p, tuple) else values[name]
            for leaf, a, ev in _leaves(base, got, path_str(p)):
                if not _mismatch(a, ev, cmp)[0]:
                    raise _Fail("forward", self._value_message(leaf, a, ev, cmp, case, spec, name))
        self._check_grads(drill, spec, case, rec, mode)

    @staticmethod
    def _mutation(case: Case, rec: dict) -> str | None:
        """A message when a call of this case modified an input (or the cache) in place."""
        posts = rec.get("post") or []
        for i, post in enumerate(posts):
            for k in sorted(post):
                if k not in case.inputs:
                    continue
                ok, why = _same(case.inputs[k], post[k])
                if not ok:
                    func = case.steps[i].func
                    what = f"{k}{why}" if why.startswith("[") else f"{k}: {why}"
                    return i18n.t("drill_mutated_input", func=func, k=k, what=what, case=_case_text(case))
        pre, post = rec.get("cache_pre") or {}, rec.get("cache_post") or {}
        for k in pre:
            ok, why = _same(pre[k], post.get(k))
            if not ok:
                users = [s.func for s in case.steps if k in s.call and k not in s.bind]
                who = users[0] if users else i18n.t("drill_the_backward")
                what = f"{k}{why}" if why.startswith("[") else f"{k}: {why}"
                return i18n.t("drill_mutated_cache", func=who, what=what, case=_case_text(case))
        return None

    @staticmethod
    def _hints(name: str, a: np.ndarray, e: np.ndarray, case: Case, spec: Checks, leaf: str,
               mask: np.ndarray | None = None) -> list[str]:
        hints: list[str] = []
        if not np.all(np.isfinite(a)) and np.all(np.isfinite(e)):
            hints.append(fb.localized(spec.nan_hint) if spec.nan_hint else i18n.t("drill_nan"))
        matched = False
        for m in spec.mistakes:
            if m.result != name:
                continue
            try:
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    mv = m.compute(copy.deepcopy(case.inputs))
                    sub = leaf[len(name):]
                    if sub and isinstance(mv, dict):
                        mv = mv[sub.strip("[]'\"")]
                    mv = np.asarray(mv, dtype=np.float64)
            except Exception:  # noqa: BLE001 - a mistake model that does not apply to this case
                continue
            if mv.shape == a.shape and mask is not None:
                mv = np.where(mask, mv, a)  # a mistake need only match where the result is compared
            if fb.matches(a, mv):
                hints.append(fb.localized(m.hint))
                matched = True
        if not matched:  # no model fits: the symptoms
            for sy in spec.symptoms:
                if sy.result != name:
                    continue
                try:
                    with np.errstate(all="ignore"), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        hit = bool(sy.test(a, e, copy.deepcopy(case.inputs)))
                except Exception:  # noqa: BLE001 - a symptom that does not apply to this case
                    hit = False
                if hit:
                    hints.append(fb.localized(sy.hint))
        hints = list(dict.fromkeys(hints))  # several models may share one hint
        if not hints and a.shape == e.shape:
            hints.extend(fb.value_hints(a, e, case.n, case.context))
        return hints

    def _value_message(self, leaf: str, a: np.ndarray, e: np.ndarray, cmp: Compare, case: Case,
                       spec: Checks, name: str) -> str:
        rtol, atol = _tolerance(e, cmp)
        a, mask = _masked(a, e, cmp)
        idx, rel = fb.worst_element(a, e, rtol, atol)
        msg = i18n.t("drill_forward_bad", leaf=leaf, case=_case_text(case), at=leaf + (fb.fmt_index(idx) if idx else ""),
                     yours=fb.fmt_num(a[idx]), expected=fb.fmt_num(e[idx]), rel=f"{rel:.1e}",
                     tol=_tol_text(rtol, atol, mask))
        hints = self._hints(name, a, e, case, spec, leaf, mask)
        if hints:
            msg += " " + i18n.t("drill_hint_prefix") + " ".join(hints)
        return msg

    def _grad_message(self, g, a: np.ndarray, num: np.ndarray | None, rel: float, case: Case, spec: Checks) -> str:
        leaf = path_str(g.result)
        wrt = path_str(g.wrt)
        assert num is not None
        with np.errstate(invalid="ignore"):
            d = np.abs(a - num)
        d = np.where(np.isfinite(d), d, np.inf)
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(d)), a.shape)) if a.ndim else ()
        av, nv = float(a[idx]), float(num[idx])
        den = abs(av) + abs(nv)
        erel = abs(av - nv) / den if den > 0 and np.isfinite(av) else float("inf")
        msg = i18n.t("drill_backward_bad", leaf=leaf, wrt=wrt, case=_case_text(case), rel=f"{rel:.1e}",
                     limit=f"{GRAD_TOL:.0e}", at=leaf + (fb.fmt_index(idx) if idx else ""), yours=fb.fmt_num(av),
                     numerical=fb.fmt_num(nv), erel=f"{erel:.1e}")
        hints = self._hints(top(g.result), a, num, case, spec, leaf)
        if hints:
            msg += " " + i18n.t("drill_hint_prefix") + " ".join(hints)
        return msg

    def _speed(self, drill: Drill, spec: Checks, out: dict) -> dict:
        sp = spec.speed
        assert sp is not None
        rec = out.get("speed")
        if not isinstance(rec, dict):
            raise _Fail("speed", i18n.t("drill_speed_unreadable"))
        size = f"A {tuple(sp.shape_a)}, B {tuple(sp.shape_b)}"
        if rec.get("error"):
            e = rec["error"]
            extra = f" {sp.hint}" if e.get("type") == "MemoryError" and sp.hint else ""
            raise _Fail("speed", i18n.t("drill_speed_raised", func=sp.func, kind=e.get("type"), message=e.get("message"),
                                        size=size, extra=extra))
        t, t_ref = float(rec["t"]), float(rec["t_ref"])
        shape = tuple(rec.get("shape") or ())
        exp_shape = (sp.shape_a[0], sp.shape_b[0])
        if shape != exp_shape:
            raise _Fail("speed", i18n.t("drill_speed_shape", func=sp.func, got=shape, size=size, exp=exp_shape))
        rg = np.random.default_rng(int(rec["seed"]))
        A, B = rg.standard_normal(sp.shape_a), rg.standard_normal(sp.shape_b)
        idx = [tuple(int(v) for v in p) for p in rec["idx"]]
        e = np.array([float(np.sum((A[i] - B[j]) ** 2)) for i, j in idx])
        a = np.asarray(rec["vals"], dtype=np.float64)
        ok, atol, _ = _mismatch(a, e)
        if not ok or a.shape != e.shape:
            raise _Fail("speed", i18n.t("drill_speed_values", func=sp.func, size=size, idx=list(idx[0]),
                                        yours=fb.fmt_num(a[0]) if a.size else "?", expected=fb.fmt_num(e[0])))
        limit = sp.factor * t_ref
        if t > limit:
            raise _Fail("speed", i18n.t("drill_speed_slow", func=sp.func, t=f"{t:.3f}", size=size, t_ref=f"{t_ref:.3f}",
                                        factor=f"{sp.factor:g}", limit=f"{limit:.3f}", hint=sp.hint).rstrip())
        return {"name": "speed", "passed": True,
                "message": i18n.t("drill_speed_ok", size=size, t=f"{t:.3f}", t_ref=f"{t_ref:.3f}", factor=f"{sp.factor:g}")}


def _smallest_case(cases: list[Case]) -> int:
    """The index of the case with gradients whose inputs are the smallest (in elements)."""
    best, best_size = -1, None
    for i, case in enumerate(cases):
        if not case.grads:
            continue
        size = 0
        for v in case.inputs.values():
            if isinstance(v, np.ndarray):
                size += v.size
            elif isinstance(v, dict):
                size += sum(x.size for x in v.values() if isinstance(x, np.ndarray))
        if best_size is None or size < best_size:
            best, best_size = i, size
    return best


def vars_speed(spec: Checks) -> dict:
    sp = spec.speed
    assert sp is not None
    return {"func": sp.func, "ref_src": sp.ref_src, "shape_a": list(sp.shape_a), "shape_b": list(sp.shape_b),
            "factor": sp.factor, "samples": sp.samples}


_DEFAULT: Grader | None = None
_DEFAULT_LOCK = threading.Lock()


def default_grader() -> Grader:
    """One warm grader per process (the CLI and the TUI share it)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Grader()
        return _DEFAULT


def grade(drill: Drill, source: str, *, mode: str = "fast", filename: str = "learner.py") -> Verdict:
    return default_grader().grade(drill, source, mode=mode, filename=filename)
