"""The sandbox's warm worker process (started by :mod:`quizapp.sandbox`).

It imports NumPy once, then for every job forks a child that confines itself for good
(:mod:`quizapp.confine`: no-new-privs, Landlock, seccomp-bpf) before any untrusted byte runs,
under resource limits and (as a second, in-process layer) an audit hook. The worker collects
the child's result from a private pipe, checks every field of it, and kills the child's whole
process group when its wall-time limit runs out. The child can crash, hang, exit or print
whatever it likes: the worker only relays well-formed fields of what arrived on the result
pipe, and the app decodes that without pickle.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import struct
import sys
import tempfile
import time
import traceback
import types

import numpy  # noqa: F401  - imported once here so that every forked child starts warm
import numpy.linalg  # noqa: F401  - NumPy 2 loads these lazily: ~15 ms per child otherwise
import numpy.random  # noqa: F401

from quizapp import confine, safecodec

# Everything a job may import must be loaded before confinement: afterwards no file can be
# opened, so an import that is not already in ``sys.modules`` fails.
import ast, bisect, cmath, collections, collections.abc, copy, dataclasses, fractions, functools, heapq, re  # noqa: E401, F401, I001
import itertools, linecache, math, numbers, operator, random, statistics, string, tokenize, typing  # noqa: E401, F401, I001
import numpy.fft, numpy.lib.stride_tricks, numpy.ma, numpy.polynomial  # noqa: E401, F401, I001

#: Optional frameworks a job may ask the worker to load (trusted, installed packages, imported
#: by the worker itself before it forks the job's child): name -> the modules to import.
PRELOADS: dict[str, tuple[str, ...]] = {
    "torch": ("torch", "torch.nn", "torch.nn.functional", "torch.nn.utils", "torch.optim",
              "torch.optim.lr_scheduler", "torch.utils.data", "torch.autograd"),
}

#: Modules the child drops from ``sys.modules`` once confined (re-importing needs a file read).
_DROP = ("ctypes", "_ctypes", "ctypes.util", "quizapp.confine", "quizapp._sandbox_worker")
_PROBED = confine.probe()
SUPPORT = confine.Support(_PROBED.landlock_abi, _PROBED.seccomp, False, _PROBED.reason)  # the app decides per job

MAX_RESULT = 64 * 1024 * 1024

#: Audit events a sandboxed child may not raise (prefix match).
_BLOCKED = (
    "os.system", "os.exec", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.kill",
    "os.killpg", "os.remove", "os.unlink", "os.rename", "os.replace", "os.rmdir", "os.truncate",
    "os.chmod", "os.chown", "os.link", "os.symlink", "os.mkdir", "os.chdir", "os.chflags",
    "os.setxattr", "os.removexattr", "os.utime", "os.putenv", "os.unsetenv", "os.startfile",
    "os.add_dll_directory", "subprocess.", "socket.", "ctypes.", "sqlite3.", "shutil.",
    "pty.", "webbrowser.", "urllib.", "http.", "ftplib.", "smtplib.", "imaplib.", "poplib.",
    "telnetlib.", "nntplib.", "resource.setrlimit", "resource.prlimit", "signal.pthread_kill",
    "sys._current_frames", "sys.setprofile", "sys.settrace", "_posixsubprocess.", "mmap.",
    "fcntl.", "msvcrt.", "winreg.", "code.__new__",
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def _audit(event: str, args: tuple) -> None:
    if event.startswith(_BLOCKED):
        raise PermissionError(f"not allowed in the sandbox: {event}")
    if event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            raise PermissionError(f"not allowed in the sandbox: writing to {path!r}")
        if isinstance(flags, int) and flags & _WRITE_FLAGS:
            raise PermissionError(f"not allowed in the sandbox: writing to {path!r}")
    if event == "import" and args and isinstance(args[0], str):
        top = args[0].split(".")[0]
        if top in ("ctypes", "_ctypes", "subprocess", "_posixsubprocess", "socket", "_socket",
                   "multiprocessing", "sqlite3", "_sqlite3", "pty", "resource", "mmap", "fcntl"):
            raise PermissionError(f"not allowed in the sandbox: import {args[0]}")


def _vm_size() -> int:
    """This process's mapped address space in bytes (0 if unknown)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0


#: The worker's address space before any optional framework was loaded: a job's memory limit
#: counts from here, so a loaded framework's libraries do not eat the job's allowance.
_BASE_VM = _vm_size()


def _preload(names: list) -> str:
    """Import the frameworks ``names`` in the worker (once); "" or the reason they cannot be."""
    for name in names:
        if not isinstance(name, str) or name not in PRELOADS:
            return f"unknown framework {name!r}"
        if name in sys.modules:
            continue
        try:
            for mod in PRELOADS[name]:
                importlib.import_module(mod)
        except ImportError as exc:
            sys.modules.pop(name, None)
            return f"{name} is not installed ({exc})"
        if name == "torch":
            _warm_torch()
    return ""


def _warm_torch() -> None:
    """Set PyTorch to one thread (a confined child may not start threads) and run each commonly
    used part once: PyTorch imports much of itself lazily on first use (an optimizer's first
    step imports torch._dynamo and SymPy), which a confined child could not do."""
    import torch
    from torch import nn

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # pragma: no cover - already set
        pass
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(2, 2))
    x, y = torch.randn(2, 1, 4, 4), torch.tensor([0, 1])
    for opt_class in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop):
        opt = opt_class(model.parameters(), lr=0.01)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
    model.eval()
    with torch.no_grad():
        model(x)
    seq = torch.randn(2, 3, 4)
    for rnn in (nn.RNN(4, 4, batch_first=True), nn.LSTM(4, 4, batch_first=True, bidirectional=True),
                nn.GRU(4, 4, batch_first=True)):
        rnn(seq)[0].sum().backward()
    attn = nn.MultiheadAttention(4, 2, batch_first=True)
    causal = torch.triu(torch.ones(3, 3, dtype=torch.bool), diagonal=1)
    attn(seq, seq, seq, attn_mask=causal, key_padding_mask=torch.zeros(2, 3, dtype=torch.bool))
    nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, batch_first=True)(seq)
    nn.functional.scaled_dot_product_attention(seq, seq, seq, is_causal=True)
    nn.Embedding(5, 4, padding_idx=0)(torch.tensor([[0, 1]]))
    nn.ConvTranspose2d(1, 1, 2, stride=2)(torch.randn(1, 1, 2, 2))
    data = torch.utils.data.TensorDataset(torch.arange(5.0), torch.arange(5))
    list(torch.utils.data.DataLoader(data, batch_size=2, shuffle=True,
                                     generator=torch.Generator().manual_seed(0)))

    class _Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t * t

        @staticmethod
        def backward(ctx, g):
            (t,) = ctx.saved_tensors
            return 2 * t * g

    torch.autograd.gradcheck(_Square.apply, (torch.randn(2, dtype=torch.double, requires_grad=True),))
    torch.manual_seed(0)


def _set_limits(limits: dict) -> None:
    import resource

    cpu = int(limits.get("cpu_s", 10))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    mem = int(limits.get("mem_mb", 1024)) * 1024 * 1024 + max(0, _vm_size() - _BASE_VM)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
        pass
    out = int(limits.get("output_bytes", 256 * 1024))
    resource.setrlimit(resource.RLIMIT_FSIZE, (out, out))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))  # not enforced for root; the audit hook is
    except (ValueError, OSError):  # pragma: no cover
        pass


def _max_fd() -> int:
    try:
        return max(256, int(os.sysconf("SC_OPEN_MAX")))
    except (ValueError, OSError):  # pragma: no cover
        return 4096


def _child(job: dict, result_fd: int, out_fd: int, workdir: str) -> None:
    os.setpgid(0, 0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    # Keep only stdin/stdout/stderr and the result pipe: an inherited descriptor (the worker's
    # protocol channel above all) would let the job write into the app's conversation.
    os.closerange(3, result_fd)
    os.closerange(result_fd + 1, _max_fd())
    os.chdir(workdir)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    _set_limits(job.get("limits", {}))
    sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
    write = os.write
    exit_ = os._exit
    encode = safecodec.encode
    dumps = json.dumps
    format_exc = traceback.format_exc
    try:
        inputs = safecodec.decode(job["inputs"]) if job.get("inputs") else {}
        compiled_modules = [
            (name, compile(src, f"{name}.py", "exec")) for name, src in (job.get("modules") or {}).items()
        ]
        main = compile(job["code"], job.get("filename", "<sandbox>"), "exec")
    except BaseException:  # noqa: BLE001 - syntax errors are reported, not raised
        payload = {"status": "error", "error": format_exc(limit=-3), "phase": "compile"}
        _write_all(write, result_fd, dumps(payload).encode())
        exit_(0)
    want = job.get("confine", "full")
    try:
        level = confine.confine([1, 2, result_fd], SUPPORT) if want == "full" else confine.confine(
            [1, 2, result_fd], confine.Support(0, False, True))
    except OSError as exc:
        payload = {"status": "error", "error": f"the sandbox could not confine the program: {exc}",
                   "phase": "confine", "kind": "SandboxUnavailable"}
        _write_all(write, result_fd, dumps(payload).encode())
        exit_(0)
    if want == "full" and level != "full":
        payload = {"status": "error", "error": "the kernel sandbox is not available here",
                   "phase": "confine", "kind": "SandboxUnavailable"}
        _write_all(write, result_fd, dumps(payload).encode())
        exit_(0)
    for name in _DROP:
        sys.modules.pop(name, None)
    sys.addaudithook(_audit)
    phase = "import"
    try:
        for name, code in compiled_modules:
            mod = types.ModuleType(name)
            mod.__file__ = f"{name}.py"
            sys.modules[name] = mod
            exec(code, mod.__dict__)  # noqa: S102 - this is the sandbox
        phase = "run"
        ns: dict = {"__name__": "__sandbox__"}
        ns.update(inputs)
        exec(main, ns)  # noqa: S102
        phase = "result"
        values = {k: ns[k] for k in job.get("result_names", ()) if k in ns}
        payload = {"status": "ok", "values": encode(values)}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        kind = type(exc).__name__
        payload = {"status": "error", "error": format_exc(limit=-4)[-6000:], "phase": phase, "kind": kind}
    _write_all(write, result_fd, dumps(payload).encode())
    exit_(0)


def _write_all(write, fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = write(fd, view)
        view = view[n:]


def run_job(job: dict) -> dict:
    missing = _preload(job.get("preload") or [])
    if missing:
        return {"status": "error", "kind": "MissingFramework", "phase": "import", "error": missing,
                "elapsed": 0.0, "output": "",
                "confined": "full" if job.get("confine", "full") == "full" else "limited"}  # nothing ran
    limits = job.get("limits", {})
    wall = float(limits.get("wall_s", 10.0))
    out_cap = int(limits.get("output_bytes", 256 * 1024))
    r, w = os.pipe()
    with tempfile.TemporaryDirectory(prefix="quizapp-sbx-") as workdir, tempfile.TemporaryFile() as outfile:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(r)
                _child(job, w, outfile.fileno(), workdir)
            finally:
                os._exit(70)
        os.close(w)
        deadline = start + wall
        chunks: list[bytes] = []
        size = 0
        timed_out = too_big = False
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([r], [], [], left)
            if not ready:
                continue
            data = os.read(r, 1 << 20)
            if not data:
                break
            chunks.append(data)
            size += len(data)
            if size > MAX_RESULT:
                too_big = True
                break
        os.close(r)
        status = None
        while status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
                break
            if timed_out or too_big or time.perf_counter() > deadline:
                timed_out = timed_out or not too_big
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _, status = os.waitpid(pid, 0)
                break
            time.sleep(0.001)
        try:  # anything the child left behind in its group
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        elapsed = time.perf_counter() - start
        outfile.seek(0)
        output = outfile.read(out_cap + 1).decode("utf-8", "replace")
    # A "full" job's child runs nothing unless its confinement succeeded (it fails closed).
    reply: dict = {"elapsed": elapsed, "output": output[:out_cap],
                   "confined": "full" if job.get("confine", "full") == "full" else "limited"}
    if too_big:
        reply.update(status="error", kind="ResultTooLarge", error="the result was larger than 64 MiB")
        return reply
    if timed_out:
        reply.update(status="timeout", error=f"did not finish within {wall:g} s")
        return reply
    payload = None
    if chunks:
        try:
            payload = json.loads(b"".join(chunks))
        except (ValueError, RecursionError):
            payload = None
    if isinstance(payload, dict) and payload.get("status") in ("ok", "error"):
        reply.update(_checked(payload))
        return reply
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = {signal.SIGXCPU: "CPU time limit", signal.SIGKILL: "killed (CPU time or memory limit)",
                signal.SIGXFSZ: "output limit", signal.SIGSEGV: "crashed (segmentation fault)"}.get(sig, f"signal {sig}")
        reply.update(status="crashed", error=f"the process ended: {name}")
    else:
        code = os.WEXITSTATUS(status)
        reply.update(status="crashed", error=f"the process exited (code {code}) before returning a result")
    return reply


#: The fields a child's result may set, with their types. The worker's own fields (elapsed,
#: output) are never taken from the child.
_FIELDS = {"status": str, "values": str, "error": str, "kind": str, "phase": str}


def _checked(payload: dict) -> dict:
    """The well-formed fields of a child's result; a malformed one makes it a failed run."""
    out: dict = {}
    for key, typ in _FIELDS.items():
        if key not in payload:
            continue
        val = payload[key]
        if type(val) is not typ:
            return {"status": "error", "kind": "MalformedResult", "phase": "result",
                    "error": f"the program's result was malformed: field {key!r} is not a {typ.__name__}"}
        out[key] = val
    if out.get("status") == "ok" and "values" not in out:
        return {"status": "error", "kind": "MalformedResult", "phase": "result",
                "error": "the program's result was malformed: no values"}
    return out


def main() -> None:
    inp = sys.stdin.buffer
    # Keep the protocol channel private: nothing imported later may print into it.
    proto = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        head = inp.read(4)
        if len(head) < 4:
            return
        (n,) = struct.unpack(">I", head)
        job = json.loads(inp.read(n))
        try:
            reply = run_job(job)
        except Exception as exc:  # noqa: BLE001 - the worker must keep serving
            reply = {"status": "crashed", "error": f"sandbox failure: {exc!r}", "elapsed": 0.0, "output": ""}
        body = json.dumps(reply).encode()
        proto.write(struct.pack(">I", len(body)) + body)
        proto.flush()


if __name__ == "__main__":
    main()
