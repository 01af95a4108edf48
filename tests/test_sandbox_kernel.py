"""The red-team suite: hostile drill submissions and hostile bank programs against the sandbox.

Every attack goes through both doors: ``drill check`` (the grader, static policy included) and
``bank verify`` (a ``compute`` program in a user's bank folder: no policy, only the kernel
sandbox). An attack that *works* falls through to a correct program, so it passes; a blocked one
raises. For every attack and door: a clear failed verdict within the limit + 2 s, no exception
out of the grader or verifier, no file written (an empty canary folder, /dev/shm, the package
files byte-identical), no process left behind, the decoy process and the sandbox worker alive,
and the next correct submission passes.

``QUIZAPP_REDTEAM_COUNT=1`` turns the per-attack assertions into a tally (for the before/after
counts of issue 13, run against the old sandbox too); normally every attack must be blocked.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest

import quizapp
from quizapp.bank import load_file
from quizapp.bank.verify import verify_question
from quizapp.drills.grader import Grader
from quizapp.drills.model import load_drills
from quizapp.sandbox import Limits, Sandbox

WALL = 2.0
SLACK = 2.0
LIMITS = Limits(wall_s=WALL, cpu_s=2, mem_mb=512, output_bytes=64 * 1024)
DRILLS = load_drills()
RELU = DRILLS["day01.relu"]
SOLUTION = RELU.folder / "solution.py"
PKG = Path(quizapp.__file__).resolve().parent
MARK = "quizapp-redteam-" + uuid.uuid4().hex[:8]
SHM = "/" + MARK
REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.usefixtures("english")

# -- the attacks (module-level code; CANARY, DECOY, SOLUTION, DBPATH, PORT, MARK substituted) --
HOOK_OFF = "import sys\nsys.modules['__main__']._audit.__code__ = (lambda event, args: None).__code__\n"
ATTACKS: dict[str, str] = {
    "audit hook off by patching module globals, then os.system": """
        import sys
        m = sys.modules['__main__']
        m._BLOCKED = ()
        m._WRITE_FLAGS = 0
        import os
        assert os.system('echo x > CANARY/system.txt') == 0
    """,
    "audit hook off by a __code__ swap, then write a file": HOOK_OFF + textwrap.dedent("""
        open('CANARY/swap.txt', 'w').write('x')
    """),
    "audit hook off found with gc, then mkdir": """
        import gc, os
        for o in gc.get_objects():
            if type(o).__name__ == 'function' and getattr(o, '__name__', '') == '_audit':
                o.__code__ = (lambda event, args: None).__code__
        os.mkdir('CANARY/gcdir')
    """,
    "audit blocklist byte flipped through numpy __array_interface__": """
        import sys, numpy as np
        s = next(x for x in sys.modules['__main__']._BLOCKED if x == 'os.system')
        class M:
            __array_interface__ = {'data': (id(s) + sys.getsizeof('') - 1, False), 'shape': (len(s),),
                                   'typestr': '|u1', 'version': 3}
        mem = np.asarray(M())
        mem[0] = ord('X')
        import os
        assert os.system('echo x > CANARY/ai.txt') == 0
    """,
    "os.mkfifo planted as a drill file": """
        import os
        os.mkfifo('CANARY/day01_relu.py')
    """,
    "os.mknod": """
        import os, stat
        os.mknod('CANARY/node', 0o600 | stat.S_IFIFO)
    """,
    "readline.write_history_file onto solution.py": """
        import readline
        readline.clear_history()
        readline.add_history('def relu_forward(x): return None')
        readline.write_history_file('SOLUTION')
    """,
    "_posixshmem.shm_open": """
        import _posixshmem, os
        _posixshmem.shm_open('SHM', os.O_CREAT | os.O_RDWR, 0o600)
    """,
    "dbm (C library file I/O)": """
        import dbm
        db = dbm.open('CANARY/db', 'c')
        db['k'] = 'v'
        db.close()
    """,
    "pidfd_send_signal to another process": """
        import os, signal
        fd = os.pidfd_open(DECOY)
        signal.pidfd_send_signal(fd, signal.SIGKILL)
    """,
    "kill the parent (the sandbox worker)": HOOK_OFF + textwrap.dedent("""
        import os
        os.kill(os.getppid(), 9)
    """),
    "kill another process": HOOK_OFF + textwrap.dedent("""
        import os
        os.kill(DECOY, 9)
    """),
    "_posixsubprocess.fork_exec": HOOK_OFF + textwrap.dedent("""
        import os, _posixsubprocess
        r, w = os.pipe()
        pid = _posixsubprocess.fork_exec(
            [b'/bin/sh', b'-c', b'echo x > CANARY/fe.txt; sleep 30; true MARK'], [b'/bin/sh'], True, (w,), None,
            None, -1, -1, -1, -1, -1, -1, r, w, True, True, -1, None, None, None, -1, None, False)
        assert pid > 0
    """),
    "os.system": """
        import os
        assert os.system('echo x > CANARY/plain.txt') == 0
    """,
    "a socket to a local server": HOOK_OFF + textwrap.dedent("""
        import socket
        s = socket.create_connection(('127.0.0.1', PORT), timeout=1)
        s.sendall(b'pwned')
        s.close()
    """),
    "read the progress database": """
        data = open('DBPATH', 'rb').read(16)
        assert data.startswith(b'SQLite format 3')
    """,
    "read the reference solution.py": """
        src = open('SOLUTION').read()
        assert 'def relu_forward' in src
    """,
    "read /proc/<ppid>/environ": """
        import os
        data = open('/proc/%d/environ' % os.getppid(), 'rb').read()
        assert b'PATH=' in data
    """,
    "exec(open(solution.py).read())": """
        exec(open('SOLUTION').read())
        assert relu_forward
    """,
    "forged result fields on the result pipe": """
        import os, json
        fake = json.dumps({'status': 'ok', 'values': '{"__d__": [["answer", 1]]}', 'elapsed': 'x', 'kind': 5,
                           'output': 7, 'confined': 'full'}).encode()
        for fd in range(3, 64):
            try:
                os.write(fd, fake)
            except OSError:
                pass
        os._exit(0)
    """,
}


def _hash_tree(*roots: Path) -> dict[str, str]:
    out = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _procs() -> list[tuple[int, int, str]]:
    """(pid, session, cmdline) of every process."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            cmd = Path(f"/proc/{d}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
        if fields[0] == "Z":
            continue
        out.append((int(d), int(fields[3]), cmd))
    return out


def _left_behind(worker_pid: int | None) -> list[tuple[int, int, str]]:
    return [p for p in _procs() if MARK in p[2] or (worker_pid and p[1] == worker_pid and p[0] != worker_pid)]


class Env:
    """The canary folder, the decoy, the local server and the package hashes of one module."""

    def __init__(self, base: Path, db: Path) -> None:
        self.canary = base / "canary"
        self.canary.mkdir(mode=0o777)
        os.chmod(self.canary, 0o777)
        self.db = db
        self.decoy = subprocess.Popen(["sleep", "600"])
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.hashes = _hash_tree(PKG, RELU.folder.parent)
        self.solution = SOLUTION.read_bytes()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def code(self, attack: str) -> str:
        text = textwrap.dedent(attack)
        for key, val in (("CANARY", str(self.canary)), ("DECOY", str(self.decoy.pid)), ("SOLUTION", str(SOLUTION)),
                         ("DBPATH", str(self.db)), ("PORT", str(self.port)), ("MARK", MARK), ("SHM", SHM)):
            text = text.replace(key, val)
        return text

    def damage(self, worker_before: int | None, worker_after: int | None) -> list[str]:
        """What the attack did that it must not (empty: nothing)."""
        found = []
        written = sorted(p.name for p in self.canary.iterdir())
        if written:
            found.append(f"files written: {written}")
        if os.path.exists("/dev/shm" + SHM):
            found.append("shared memory created")
        if self.decoy.poll() is not None:
            found.append("the decoy process was killed")
        if self.connections:
            found.append(f"{self.connections} socket connection(s)")
        if worker_before is not None and worker_after != worker_before:
            found.append("the sandbox worker was killed")
        left = _left_behind(worker_after)
        if left:
            found.append(f"processes left behind: {left}")
        if _hash_tree(PKG, RELU.folder.parent) != self.hashes:
            found.append("package files changed")
        return found

    def repair(self) -> None:
        """Undo an escaped attack's damage so that the next case starts clean."""
        for p in self.canary.iterdir():
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()
        try:
            os.unlink("/dev/shm" + SHM)
        except OSError:
            pass
        if self.decoy.poll() is not None:
            self.decoy = subprocess.Popen(["sleep", "600"])
        for pid, _, cmd in _procs():
            if MARK in cmd:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
        self.connections = 0
        if SOLUTION.read_bytes() != self.solution:
            SOLUTION.write_bytes(self.solution)
        RELU._modules.clear()
        from quizapp.drills import grader as grader_mod

        grader_mod._PREPARED.clear()

    def close(self) -> None:
        self._stop = True
        self.server.close()
        self.repair()  # first: it restarts a killed decoy, which is then stopped for good
        self.decoy.kill()
        self.decoy.wait()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    base = tmp_path_factory.mktemp("redteam")
    os.chmod(base, 0o755)
    db = base / "progress.db"
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    e = Env(base, db)
    yield e
    e.close()


@pytest.fixture(scope="module")
def grader():
    g = Grader(limits=LIMITS)
    yield g
    g.close()


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox()
    yield sb
    sb.close()


def _pid(sb: Sandbox) -> int | None:
    proc = sb._proc  # noqa: SLF001 - the test watches the worker
    return proc.pid if proc is not None and proc.poll() is None else None


TALLY = os.environ.get("QUIZAPP_REDTEAM_COUNT") == "1"
_RESULTS: dict[str, list[str]] = {}


def _record(name: str, problems: list[str]) -> None:
    _RESULTS[name] = problems
    if TALLY:
        status = "BLOCKED" if not problems else "NOT BLOCKED: " + "; ".join(problems)
        print(f"\nREDTEAM {name}: {status}", file=sys.__stderr__)
    else:
        assert not problems, problems


def _bank_question(tmp_path: Path, compute: str, answer: float = 1.0):
    body = textwrap.indent(compute, " " * 8)
    p = tmp_path / "userbank" / "day01.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_text("day: 1\nquestions:\n  - id: hostile\n    type: numeric\n    area: 数学的基礎\n    syllabus: course-only\n    topic: t\n"
                 "    difficulty: 1\n    prompt: p\n    answer: %s\n    tolerance: 0.001\n    compute: |\n%s\n"
                 "    explanation: e\n" % (answer, body), encoding="utf-8")
    qs, issues = load_file(p)
    assert not issues, issues
    return qs[0]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_drill_check_blocks(attack, env, grader):
    env.repair()
    grader.warm()
    before = _pid(grader.sandbox)
    code = env.code(ATTACKS[attack])
    tail = "" if "exec(open" in attack else "\n" + RELU.solution
    t0 = time.monotonic()
    v = grader.grade(RELU, code + tail)
    elapsed = time.monotonic() - t0
    problems = env.damage(before, _pid(grader.sandbox))
    if v.passed:
        problems.append("the submission passed")
    elif not v.failed_check or not v.failed_check["message"].strip():
        problems.append("no clear message")
    if elapsed > WALL + SLACK:
        problems.append(f"took {elapsed:.1f} s")
    env.repair()
    good = grader.grade(RELU, RELU.solution)
    if not good.passed:
        problems.append(f"the next correct submission failed: {good.checks}")
    _record(f"drill check: {attack}", problems)


def _kernel_level() -> str:
    try:
        from quizapp.sandbox import level
    except ImportError:  # the old sandbox (before/after counts)
        return "none"
    return level()


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_bank_verify_blocks(attack, env, sandbox, tmp_path):
    """Bank programs get no static check: only the kernel stands between them and the machine.
    In the fallback ("sandbox: limited") these attacks are expected to get through, so they are
    skipped there (the drill path above still blocks them all, with the static check)."""
    if not TALLY and _kernel_level() != "full":
        pytest.skip("sandbox: limited (no Landlock/seccomp here or QUIZAPP_SANDBOX=limited)")
    env.repair()
    sandbox.warm()
    before = _pid(sandbox)
    q = _bank_question(tmp_path, env.code(ATTACKS[attack]) + "\nanswer = 1\n")
    t0 = time.monotonic()
    problems = []
    try:
        res = verify_question(q, sandbox, LIMITS)
    except Exception as exc:  # noqa: BLE001 - that is the failure being counted
        res = None
        problems.append(f"bank verify crashed: {exc!r}")
    elapsed = time.monotonic() - t0
    problems += env.damage(before, _pid(sandbox))
    if res is not None:
        if res.ok:
            problems.append("the hostile compute verified ok")
        elif not res.problems or not res.problems[0].strip():
            problems.append("no clear message")
    if elapsed > WALL + SLACK + 1.0:
        problems.append(f"took {elapsed:.1f} s")
    env.repair()
    good = verify_question(_bank_question(tmp_path, "answer = 0.5 + 0.5\n"), sandbox, LIMITS)
    if not good.ok:
        problems.append(f"the next correct program failed: {good.problems}")
    _record(f"bank verify: {attack}", problems)


# -- the grader's logic ----------------------------------------------------------------------
def _orthogonal_attack() -> str:
    """A relu_backward whose dx is wrong in about half of the elements, the error built to be
    orthogonal to the directions (and clear of the elements) the old fixed-seed check drew.
    Plain NumPy: the static check has nothing to object to."""
    import zlib

    seed = zlib.crc32(b"day01.relu")
    return RELU.solution.replace("return dout * mask", f"""dx = dout * mask
    if dx.size <= 12:
        return dx
    D, picked = [], set()
    for ci in range(8):
        rng = np.random.default_rng([{seed}, ci])
        D += [rng.standard_normal(dx.shape).ravel() for _ in range(3)]
        picked |= {{int(i) for i in rng.choice(dx.size, size=min(6, dx.size), replace=False)}}
    picked.add(int(np.argmax(np.abs(dx))))
    free = np.array([i for i in range(dx.size) if i not in picked and i % 2 == 0])
    e = np.zeros(dx.size)
    M = np.array(D)[:, free]
    r = np.random.default_rng(7).standard_normal(free.size)
    e[free] = r - M.T @ np.linalg.lstsq(M.T, r, rcond=None)[0]
    return dx + 1e-3 * e.reshape(dx.shape)""")


def test_an_error_orthogonal_to_fixed_directions_fails(grader):
    src = _orthogonal_attack()
    v = grader.grade(RELU, src)
    _record("grader: dx error orthogonal to the fixed directions", [] if not v.passed else ["passed"])
    assert TALLY or v.failed_check["name"] == "backward", v.checks
    assert grader.grade(RELU, RELU.solution).passed


def test_a_lazy_speed_result_fails(grader):
    """Values filled in by a thread after the timed call returned (the old speed check read
    them later); threads are refused by the policy and by seccomp, and the result is copied
    inside the timed region."""
    d = DRILLS["day00.pairwise_sqdist"]
    lazy = d.solution + textwrap.dedent("""
        import threading
        _real = pairwise_sqdist
        def pairwise_sqdist(A, B):
            D = np.empty((A.shape[0], B.shape[0]))
            def fill():
                D[...] = _real(A, B)
            threading.Thread(target=fill).start()
            return D
    """)
    v = grader.grade(d, lazy)
    _record("grader: lazy speed result (thread)", [] if not v.passed else ["passed"])
    assert grader.grade(d, d.solution).passed


SUBCLASS = RELU.solution.replace("import numpy as np", "import numpy as np\n\n"
                                 "class Lazy(np.ndarray):\n    pass\n").replace(
    "return out, mask", "return out.view(Lazy), mask")


def test_an_ndarray_subclass_result_fails(grader):
    assert "view(Lazy)" in SUBCLASS
    v = grader.grade(RELU, SUBCLASS)
    _record("grader: ndarray subclass result", [] if not v.passed else ["passed"])
    assert TALLY or (v.failed_check["name"] == "shapes" and "subclass" in v.failed_check["message"]), v.checks


FRAME_SWAP = DRILLS["day03.optimizers"].solution.replace(
    "def sgd(params, grads, state, lr=0.01):\n    for k in params:\n        params[k] = params[k] - lr * grads[k]",
    "def sgd(params, grads, state, lr=0.01):\n"
    "    import sys, copy\n"
    "    saved = copy.deepcopy(grads)\n"
    "    for k in params:\n"
    "        params[k] = params[k] - lr * grads[k]\n"
    "        grads[k] *= 0.0\n"
    "    f = sys._getframe(1)\n"
    "    for name, val in list(f.f_globals.items()):\n"
    "        if val is grads:\n"
    "            f.f_globals[name] = saved\n")


def test_a_frame_trick_cannot_hide_an_in_place_update():
    """``sys._getframe(1)`` swaps the caller's ``grads`` for a clean copy after zeroing the real
    one. The policy refuses it; with the policy off (to test the grader's own logic), the
    harness still snapshots the object it passed in, and the app compares with its own copy."""
    d = DRILLS["day03.optimizers"]
    assert "f.f_globals[name] = saved" in FRAME_SWAP
    with Grader(limits=LIMITS) as g:
        v = g.grade(d, FRAME_SWAP)
        _record("grader: sys._getframe(1) grads swap", [] if not v.passed else ["passed"])
        assert TALLY or "line 13: module sys is not allowed" in v.failed_check["message"], v.checks
        g._policy = False  # noqa: SLF001 - the grader's logic alone
        v = g.grade(d, FRAME_SWAP)
        _record("grader: sys._getframe(1) grads swap (policy off)", [] if not v.passed else ["passed"])
        assert TALLY or v.failed_check["name"] == "inplace", v.checks
        g._policy = True  # noqa: SLF001
        assert g.grade(d, d.solution).passed


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_every_attack_is_valid_python(attack, env):
    """So that none is 'blocked' by a syntax error of its own."""
    compile(env.code(ATTACKS[attack]), attack, "exec")
