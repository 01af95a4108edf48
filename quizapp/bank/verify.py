"""``bank verify``: run every computation and code question and check the answer key.

- numeric: the ``compute`` program must set ``answer`` within ``tolerance`` of the stated value.
- single with ``compute``: the program (given ``choices``) must set ``answer`` to the stated
  choice number.
- code: with every blank filled by its right choice, ``code`` + ``check`` must run cleanly;
  with any one blank changed to a distractor (the others right) it must fail. So exactly one
  choice per blank passes, or the question is reported as ambiguous.
- fill (formula fill-in) with a ``check``: the same rule, on the ``check`` program with each
  marker replaced by the chosen choice's Python expression (``expr``, else its text) in
  parentheses.

Everything runs in the sandbox with a time limit; nothing from a bank file runs in-process.

Questions whose programs import an optional framework (PyTorch: ``pip install '.[torch]'``)
have it preloaded by the sandbox worker; where it is not installed they are *skipped*, counted
and named as such, never passed or failed.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from quizapp.bank.model import Question
from quizapp.sandbox import Limits, RunResult, Sandbox

LIMITS = Limits(wall_s=10.0, cpu_s=10, mem_mb=1024)

#: The optional frameworks a bank program may import, by how a reader knows them.
FRAMEWORKS = {"torch": "PyTorch (torch)"}


def framework_available(name: str) -> bool:
    """True if the optional framework ``name`` can be imported by the sandbox worker (the worker
    runs this same Python)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def missing_frameworks(q: Question) -> tuple[str, ...]:
    return tuple(f for f in q.frameworks if not framework_available(f))


@dataclass(frozen=True, slots=True)
class VerifyResult:
    question: Question
    ok: bool
    problems: tuple[str, ...] = ()
    runs: int = 0
    #: the frameworks it needs that are not installed (then it was not run: ``ok`` is True)
    skipped: tuple[str, ...] = ()

    def __str__(self) -> str:
        q = self.question
        head = f"{q.source}:{q.line}: [{q.id}]"
        if self.skipped:
            return f"{head} skipped: needs {', '.join(FRAMEWORKS.get(f, f) for f in self.skipped)}, not installed"
        if self.ok:
            return f"{head} ok ({self.runs} runs)"
        return "\n".join(f"{head} {p}" for p in self.problems)


def fill_blanks(code: str, fills: dict[str, str]) -> str:
    for label, text in fills.items():
        code = code.replace(f"({label})", text)
    return code


def _fail_reason(r: RunResult) -> str:
    return r.summary().strip()[:300]


def verify_question(q: Question, sb: Sandbox, limits: Limits = LIMITS) -> VerifyResult:
    missing = missing_frameworks(q)
    if missing:
        return VerifyResult(q, True, skipped=missing)
    try:
        return _verify(q, sb, limits)
    except _FrameworkMissing as exc:
        return VerifyResult(q, True, skipped=exc.args[0])


class _FrameworkMissing(Exception):
    pass


def _verify(q: Question, sb: Sandbox, limits: Limits) -> VerifyResult:
    problems: list[str] = []
    runs = 0
    preload = q.frameworks

    def run(program: str, **kw) -> RunResult:
        r = sb.run(program, limits=limits, preload=preload, **kw)
        if r.kind == "MissingFramework":  # installed but not importable by the worker
            raise _FrameworkMissing(preload)
        return r
    if q.type == "numeric" or (q.type == "single" and q.compute):
        inputs = {"choices": list(q.choices)} if q.type == "single" else None
        r = run(q.compute or "", inputs=inputs, result_names=["answer"], filename=f"{q.id}:compute")
        runs += 1
        if not r.ok:
            problems.append(f"compute failed: {_fail_reason(r)}")
        elif "answer" not in r.values:
            problems.append("compute did not set `answer`")
        else:
            got = r.values["answer"]
            try:
                got_f = float(got)
            except (TypeError, ValueError):
                got_f = math.nan
            if q.type == "numeric":
                if not math.isfinite(got_f) or abs(got_f - float(q.answer)) > q.tolerance:  # type: ignore[arg-type]
                    problems.append(f"compute gives {got!r}, but the stated answer is {q.answer} (tolerance {q.tolerance})")
            elif got_f != q.answer:
                problems.append(f"compute picks choice {got!r}, but the stated answer is choice {q.answer}")
    elif q.type in ("code", "fill") and q.check is not None:
        if q.type == "code":
            def text_of(b, j: int) -> str:
                return b.choices[j - 1]
            base = (q.code or "") + "\n" + q.check
        else:
            def text_of(b, j: int) -> str:
                return f"({b.expr(j)})"
            base = q.check
        right = {b.label: text_of(b, b.answer) for b in q.blanks}
        program = fill_blanks(base, right)
        r = run(program, filename=f"{q.id}:code")
        runs += 1
        if not r.ok:
            problems.append(f"with the right choices the check fails: {_fail_reason(r)}")
        for b in q.blanks:
            for j, choice in enumerate(b.choices, start=1):
                if j == b.answer:
                    continue
                fills = dict(right)
                fills[b.label] = text_of(b, j)
                program = fill_blanks(base, fills)
                r = run(program, filename=f"{q.id}:code")
                runs += 1
                if r.ok:
                    problems.append(f"blank ({b.label}) choice {j} ({choice!r}) also passes the check: ambiguous")
    return VerifyResult(q, not problems, tuple(problems), runs)


def verify_all(
    questions: Iterable[Question],
    workers: int = 2,
    progress: Callable[[VerifyResult], None] | None = None,
) -> list[VerifyResult]:
    """Verify every verifiable question, ``workers`` sandboxes in parallel, in bank order."""
    todo = [q for q in questions if q.verifiable]
    sandboxes = [Sandbox() for _ in range(max(1, workers))]
    free = list(sandboxes)
    import threading

    lock = threading.Lock()

    def one(q: Question) -> VerifyResult:
        with lock:
            sb = free.pop()
        try:
            res = verify_question(q, sb)
        finally:
            with lock:
                free.append(sb)
        if progress is not None:
            progress(res)
        return res

    try:
        with ThreadPoolExecutor(max_workers=len(sandboxes)) as pool:
            return list(pool.map(one, todo))
    finally:
        for sb in sandboxes:
            sb.close()
