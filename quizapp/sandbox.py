"""Run untrusted Python (bank computations, learners' drill code) in an isolated process.

A :class:`Sandbox` keeps one warm worker process (NumPy already imported). Each job runs in
a child forked from that worker, so a job costs a fork, not an interpreter start, while
still getting a fresh process. The child confines itself before any untrusted byte runs, in
the kernel (:mod:`quizapp.confine`: Landlock: no file can be opened at all; seccomp-bpf: no
exec, processes, sockets, signals to others, shared memory, writes to other descriptors), under
limits on wall time, CPU time, memory, output and file size, with an audit hook as a second,
in-process layer, and a private result pipe. Where the kernel offers neither (or
``QUIZAPP_SANDBOX=limited``) the sandbox is "limited": rlimits and the audit hook only, said
once by :func:`level`; ``Sandbox(require_confinement=True)`` then refuses to run.

The worker's reply is a protocol: every field is type-checked here, and a malformed one is a
failed run, never an exception. The result is decoded by :mod:`quizapp.safecodec`, never
unpickled. If the worker itself dies, the next job starts a new one.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp import confine, safecodec

_GRACE_S = 3.0
#: Extra time the worker may take to load a framework a job asks for (once per worker).
_PRELOAD_S = 120.0


@dataclass(frozen=True, slots=True)
class Limits:
    wall_s: float = 10.0
    cpu_s: int = 10
    mem_mb: int = 1024
    output_bytes: int = 256 * 1024


@dataclass(slots=True)
class RunResult:
    status: str  # ok | error | timeout | crashed
    values: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    kind: str = ""  # exception class name for status == "error"
    phase: str = ""  # compile | import | run | result
    output: str = ""
    elapsed: float = 0.0
    confinement: str = ""  # full | limited (what the child ran under)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> str:
        if self.ok:
            return "ok"
        if self.status == "error":
            last = [ln for ln in self.error.strip().splitlines() if ln.strip()]
            return last[-1] if last else self.kind or "error"
        return self.error


class SandboxError(RuntimeError):
    pass


class ConfinementRequired(SandboxError):
    """Raised by a sandbox that must confine in the kernel on a machine where it cannot."""


def level() -> str:
    """"full" (Landlock and seccomp-bpf confine every job) or "limited" (rlimits and the
    in-process audit hook only: an old kernel, another OS, or ``QUIZAPP_SANDBOX=limited``)."""
    if confine.forced_limited():
        return "limited"
    return confine.probe().level


def describe() -> str:
    """What the kernel offers, in a few words (for ``quizapp doctor``)."""
    sup = confine.probe()
    text = sup.describe().replace(", QUIZAPP_SANDBOX=limited", "")
    if sup.reason and not sup.full:
        text += f"; {sup.reason}"
    if confine.forced_limited():
        return f"QUIZAPP_SANDBOX=limited; the kernel offers {text}"
    return text


_STATUSES = ("ok", "error", "timeout", "crashed")


def _malformed(field_name: str) -> RunResult:
    return RunResult("error", error=f"the sandbox's reply was malformed (field {field_name!r})",
                     kind="MalformedResult", phase="result")


def _checked_reply(reply: Any) -> RunResult:
    """A :class:`RunResult` from the worker's reply, every field type-checked."""
    if not isinstance(reply, dict):
        return _malformed("reply")
    status = reply.get("status", "crashed")
    if status not in _STATUSES:
        return _malformed("status")
    for key in ("error", "kind", "phase", "output", "values", "confined"):
        if key in reply and type(reply[key]) is not str:
            return _malformed(key)
    elapsed = reply.get("elapsed", 0.0)
    if type(elapsed) not in (int, float) or not (0.0 <= float(elapsed) < 1e7):
        return _malformed("elapsed")
    confined = reply.get("confined", "limited")
    if confined not in ("full", "limited"):
        return _malformed("confined")
    values: dict[str, Any] = {}
    error = reply.get("error", "")
    if status == "ok":
        try:
            values = safecodec.decode(reply.get("values", "{}"))
        except Exception as exc:  # noqa: BLE001 - anything unreadable is a failed run, never a traceback
            status, error = "error", f"the result could not be read: {exc}"
            values = {}
        if not isinstance(values, dict):
            status, error, values = "error", "the result could not be read", {}
    return RunResult(status=status, values=values, error=error, kind=reply.get("kind", ""),
                     phase=reply.get("phase", ""), output=reply.get("output", ""),
                     elapsed=float(elapsed), confinement=confined)


class Sandbox:
    """A warm worker for isolated runs. Thread-safe (jobs on one sandbox run one at a time).

    ``require_confinement``: refuse to run (:class:`ConfinementRequired`) unless the kernel
    confines every job: for gradings that count for others (class mode); pass False only on
    an explicit instructor's choice."""

    def __init__(self, *, require_confinement: bool = False) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.require_confinement = require_confinement

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        pkg_parent = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (pkg_parent, env.get("PYTHONPATH", "")) if p)
        env.pop("PYTHONSTARTUP", None)
        return subprocess.Popen(
            [sys.executable, "-m", "quizapp._sandbox_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            cwd=os.path.dirname(pkg_parent) or "/",
        )

    def warm(self) -> None:
        """Start the worker now (it otherwise starts with the first job)."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None:
            try:
                proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def run(
        self,
        code: str,
        *,
        inputs: dict[str, Any] | None = None,
        result_names: tuple[str, ...] | list[str] = (),
        modules: dict[str, str] | None = None,
        limits: Limits = Limits(),
        filename: str = "<sandbox>",
        preload: tuple[str, ...] | list[str] = (),
    ) -> RunResult:
        """Run ``code`` (after defining ``modules`` as importable modules) and return the
        values of ``result_names`` from its namespace.

        ``preload``: optional frameworks (``"torch"``) the worker imports before it forks the
        job, since a confined job cannot import anything new. A missing one gives
        ``kind == "MissingFramework"`` without running the code."""
        mode = level()
        if self.require_confinement and mode != "full":
            raise ConfinementRequired(f"the kernel sandbox is not available here ({describe()})")
        job = {
            "confine": mode,
            "code": code,
            "filename": filename,
            "modules": modules or {},
            "inputs": safecodec.encode(inputs) if inputs else "",
            "result_names": list(result_names),
            "preload": list(preload),
            "limits": {"wall_s": limits.wall_s, "cpu_s": limits.cpu_s, "mem_mb": limits.mem_mb,
                       "output_bytes": limits.output_bytes},
        }
        body = json.dumps(job).encode()
        with self._lock:
            for attempt in (1, 2):
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                try:
                    # Loading a framework (PyTorch: a few seconds) happens before the job's clock starts.
                    timeout = limits.wall_s + _GRACE_S + 5.0 + (_PRELOAD_S if preload else 0.0)
                    reply = self._exchange(self._proc, body, timeout)
                    break
                except (OSError, SandboxError):
                    self._kill_worker()
                    if attempt == 2:
                        return RunResult("crashed", error="the sandbox worker stopped responding")
        result = _checked_reply(reply)
        if self.require_confinement and result.confinement != "full" and result.status != "crashed":
            return RunResult("error", error="the job did not run confined", kind="SandboxUnavailable",
                             phase="confine", output=result.output, elapsed=result.elapsed)
        return result

    def _kill_worker(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                os.killpg(proc.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
            proc.kill()
            proc.wait()

    @staticmethod
    def _exchange(proc: subprocess.Popen[bytes], body: bytes, timeout: float) -> dict:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(struct.pack(">I", len(body)) + body)
        proc.stdin.flush()
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + timeout + 10.0  # the worker's first start imports NumPy
        buf = b""

        def read_exact(n: int) -> bytes:
            nonlocal buf
            while len(buf) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SandboxError("timeout waiting for the sandbox worker")
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    continue
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise SandboxError("the sandbox worker exited")
                buf += chunk
            out, buf = buf[:n], buf[n:]
            return out

        (n,) = struct.unpack(">I", read_exact(4))
        try:
            return json.loads(read_exact(n))
        except (ValueError, RecursionError) as exc:
            raise SandboxError(f"unreadable reply from the sandbox worker: {exc}") from exc
