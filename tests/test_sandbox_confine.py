"""The kernel confinement itself, its honest fallback, the reply protocol, the drill-code policy,
drill files that are not plain files, and the same attacks as a non-root user."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from quizapp import confine, i18n, sandbox
from quizapp.drills import policy, service
from quizapp.drills.grader import Grader
from quizapp.drills.model import load_drills
from quizapp.sandbox import ConfinementRequired, Limits, RunResult, Sandbox, _checked_reply

REPO = Path(__file__).resolve().parent.parent
DRILLS = load_drills()
RELU = DRILLS["day01.relu"]
FULL = confine.probe().full
needs_kernel = pytest.mark.skipif(not FULL, reason=f"this kernel offers no full confinement ({confine.probe().describe()})")


# -- probing and the filter ------------------------------------------------------------------
def test_probe_reports_what_the_kernel_offers():
    sup = confine.probe(refresh=True)
    assert sup.level in ("full", "limited")
    if sys.platform == "linux" and os.uname().release >= "5.13":
        assert isinstance(sup.landlock_abi, int)
    assert sup.describe()


def test_the_bpf_program_is_well_formed():
    prog = confine.build_filter([1, 2, 7], pid=1234)
    assert len(prog) % 8 == 0 and 0 < len(prog) // 8 < 4096  # the kernel's BPF_MAXINSNS
    # every conditional jump stays inside the program
    n = len(prog) // 8
    for i in range(n):
        code, jt, jf, _k = __import__("struct").unpack_from("<HBBI", prog, 8 * i)
        if code & 0x07 == 0x05:  # BPF_JMP
            assert i + 1 + jt < n and i + 1 + jf < n


@needs_kernel
def test_a_confined_job_cannot_touch_the_filesystem_or_other_processes(tmp_path):
    target = tmp_path / "x"
    target.write_text("keep")
    os.chmod(tmp_path, 0o777)
    # The in-process audit hook is switched off first: only the kernel is left to refuse.
    off = "import sys\nsys.modules['__main__']._audit.__code__ = (lambda e, a: None).__code__\n"
    with Sandbox() as sb:
        cases = {
            "read": f"open({str(target)!r}).read()",
            "write": f"open({str(target)!r}, 'w').write('gone')",
            "listdir": "import os\nos.listdir('/')",
            "fork": "import os\nos.fork()",
            "exec": "import os\nos.execv('/bin/true', ['true'])",
            "signal": "import os\nos.kill(1, 0)",
            "write to a new fd": "import os\nos.write(os.dup(1), b'x')",
            "thread": "import threading\nthreading.Thread(target=print).start()",
            "raise rlimit": "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))",
        }
        for name, code in cases.items():
            r = sb.run(off + code, limits=Limits(wall_s=3.0, cpu_s=3))
            assert r.status == "error", (name, r)
            assert r.confinement == "full"
        assert target.read_text() == "keep"
        r = sb.run(off + "import os\nos.kill(os.getpid(), 0)\nx = 1", result_names=["x"])  # itself: fine
        assert r.ok and r.values == {"x": 1}


def test_the_forced_fallback_grades_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_SANDBOX", "limited")
    assert sandbox.level() == "limited"
    with Grader(limits=Limits(wall_s=4.0, cpu_s=4, mem_mb=512)) as g:
        v = g.grade(RELU, RELU.solution)
        assert v.passed, v.checks
        assert not g.grade(RELU, RELU.solution.replace("dout * mask", "mask * 1.0")).passed
        v = g.grade(RELU, "import os\n" + RELU.solution)
        assert not v.passed and v.failed_check["name"] == "import"
    with Sandbox() as sb:
        r = sb.run("x = 2", result_names=["x"])
        assert r.ok and r.confinement == "limited"
        # the in-process guard still stands in the fallback
        assert "not allowed in the sandbox" in sb.run(f"open({str(tmp_path / 'w')!r}, 'w')").error
    assert not (tmp_path / "w").exists()
    with Sandbox(require_confinement=True) as sb, pytest.raises(ConfinementRequired):
        sb.run("x = 1")
    with Grader(require_confinement=True) as g:
        v = g.grade(RELU, RELU.solution)
        assert not v.passed and v.failed_check["name"] == "run"
    i18n.set_lang("ja")
    with Grader(require_confinement=True) as g:
        assert "カーネルのサンドボックスが使えない" in g.grade(RELU, RELU.solution).failed_check["message"]


def test_doctor_says_limited_once_in_the_learners_language(monkeypatch, capsys):
    from quizapp.cli import main

    monkeypatch.setenv("QUIZAPP_SANDBOX", "limited")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.count("サンドボックス: 制限付き") == 1
    assert main(["doctor", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("sandbox: limited") == 1
    assert main(["doctor", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sandbox"] == "limited" and data["trial"] == "opened"


@needs_kernel
def test_doctor_confirms_the_kernel_sandbox(capsys):
    from quizapp.cli import main

    assert main(["doctor", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "sandbox: kernel-confined (Landlock ABI" in out and "could not open a file" in out
    assert "limited" not in out


def test_drill_check_says_limited_once(monkeypatch, capsys, tmp_path):
    from quizapp.drills import cli as dcli

    monkeypatch.setenv("QUIZAPP_SANDBOX", "limited")
    monkeypatch.setattr(dcli, "_LIMITED_SAID", False)
    f = tmp_path / "relu.py"
    f.write_text(RELU.solution, encoding="utf-8")
    from quizapp.cli import main

    assert main(["drill", "check", "day01.relu", "--file", str(f)]) == 0
    assert main(["drill", "check", "day01.relu", "--file", str(f)]) == 0
    assert capsys.readouterr().err.count("サンドボックス: 制限付き") == 1


# -- the reply protocol ------------------------------------------------------------------------
@pytest.mark.parametrize("reply, field", [
    ({"status": "ok", "values": "{}", "elapsed": "x"}, "elapsed"),
    ({"status": "ok", "values": "{}", "elapsed": float("nan")}, "elapsed"),
    ({"status": "ok", "values": 5}, "values"),
    ({"status": "pwned"}, "status"),
    ({"status": "error", "kind": ["x"]}, "kind"),
    ({"status": "ok", "values": "{}", "output": 7}, "output"),
    ({"status": "ok", "values": "{}", "confined": "total"}, "confined"),
    ([1, 2], "reply"),
])
def test_a_malformed_reply_is_a_failed_run_not_a_traceback(reply, field):
    r = _checked_reply(reply)
    assert isinstance(r, RunResult) and not r.ok
    assert r.kind == "MalformedResult" and field in r.error


def test_unreadable_values_are_a_failed_run():
    r = _checked_reply({"status": "ok", "values": '{"__nd__": "!!!"}', "elapsed": 0.1})
    assert r.status == "error" and "could not be read" in r.error


def test_a_forged_result_is_a_clear_failure_in_bank_verify(tmp_path, english):
    from quizapp.bank import load_file
    from quizapp.bank.verify import verify_question

    compute = textwrap.indent(textwrap.dedent("""\
        import os, json
        fake = json.dumps({'status': 'ok', 'values': '{}', 'elapsed': 'x', 'kind': 5}).encode()
        for fd in range(3, 64):
            try:
                os.write(fd, fake)
            except OSError:
                pass
        os._exit(0)
    """), " " * 8)
    p = tmp_path / "day01.yaml"
    p.write_text("day: 1\nquestions:\n  - id: forged\n    type: numeric\n    area: 数学的基礎\n    syllabus: course-only\n    topic: t\n"
                 "    difficulty: 1\n    prompt: p\n    answer: 1\n    tolerance: 0.1\n    compute: |\n"
                 + compute + "    explanation: e\n", encoding="utf-8")
    qs, issues = load_file(p)
    assert not issues
    with Sandbox() as sb:
        res = verify_question(qs[0], sb)
    assert not res.ok and "compute failed" in res.problems[0] and "malformed" in res.problems[0]


# -- the static check ------------------------------------------------------------------------
def test_every_reference_solution_and_starter_passes_the_policy():
    assert len(DRILLS) == 32
    for d in DRILLS.values():
        assert policy.check_source(d.solution) == [], d.id
        assert policy.check_source(d.starter) == [], d.id


@pytest.mark.parametrize("src, line, needle", [
    ("import numpy as np\nx = np.zeros(3).__class__\n", 2, "dunder"),
    ("import sys\n", 1, "module sys"),
    ("import gc\n", 1, "module gc"),
    ("import ctypes\n", 1, "module ctypes"),
    ("import importlib\n", 1, "module importlib"),
    ("import inspect\n", 1, "module inspect"),
    ("from os import path\n", 1, "module os"),
    ("import builtins\n", 1, "module builtins"),
    ("m = __import__('os')\n", 1, "__import__"),
    ("exec('x = 1')\n", 1, "exec is not allowed"),
    ("y = eval('1')\n", 1, "eval is not allowed"),
    ("c = compile('1', 'f', 'eval')\n", 1, "compile is not allowed"),
    ("g = globals()\n", 1, "globals is not allowed"),
    ("v = vars()\n", 1, "vars is not allowed"),
    ("import numpy as np\nname = 'ctypes'\nx = getattr(np, name)\n", 3, "literal name only"),
    ("import numpy as np\nsetattr(np, 'pi' + '', 3)\n", 2, "literal name only"),
    ("import numpy as np\nx = getattr(np, '__dict__')\n", 2, "dunder"),
    ("import numpy as np\nnp.ctypeslib.as_array\n", 2, "np.ctypeslib"),
    ("import numpy as np\np = np.zeros(3).ctypes.data\n", 2, "ctypes"),
    ("data = open('/etc/passwd').read()\n", 1, "open is not allowed"),
    ("import numpy as np\nnp.load('x.npy')\n", 2, "np.load"),
    ("import numpy as np\nnp.zeros(3).tofile('x')\n", 2, "tofile"),
    ("import numpy as np\nnp.fromfile('x')\n", 2, "np.fromfile"),
    ("import numpy as np\nnp.save('x', 1)\n", 2, "np.save"),
    ("import numpy as np\nnp.lib.format.open_memmap('x')\n", 2, "np.lib.format"),
    ("from numpy.lib import format\n", 1, "numpy.lib.format"),
    ("s = '{0.__class__}'.format(1)\n", 1, "dunder"),
])
def test_the_policy_names_the_line(src, line, needle):
    i18n.set_lang("en")
    problems = policy.check_source(src)
    assert problems, src
    assert problems[0].line == line
    assert needle in problems[0].message, problems[0].message
    assert str(problems[0]).startswith(f"line {line}: ")


def test_the_policy_allows_what_drills_need():
    src = textwrap.dedent("""\
        import math
        from functools import reduce
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view

        def f(x):
            return np.maximum(0, x) * math.pi + len(x.shape) + getattr(x, 'size')

        if __name__ == "__main__":
            print(f(np.ones(3)))
    """)
    assert policy.check_source(src) == []


def test_the_grader_refuses_before_running(grader, tmp_path):
    i18n.set_lang("en")
    marker = tmp_path / "ran"
    src = f"import os\nos.mkdir({str(marker)!r})\n" + RELU.solution
    v = grader.grade(RELU, src)
    assert not v.passed and v.failed_check["name"] == "import"
    assert "line 1: module os is not allowed" in v.failed_check["message"]
    assert not marker.exists()


# -- drill files that are not plain files ----------------------------------------------------
def test_a_fifo_device_or_symlink_drill_file_is_refused_without_blocking(tmp_path):
    i18n.set_lang("en")
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    link = tmp_path / "link.py"
    link.symlink_to(RELU.folder / "solution.py")
    for path, what in ((fifo, "FIFO"), (Path("/dev/zero"), "character device"), (link, "symlink"),
                       (tmp_path, "directory")):
        t0 = time.monotonic()
        with pytest.raises(service.DrillFileError) as exc:
            service.read_source(path)
        assert time.monotonic() - t0 < 1.0
        assert what in str(exc.value.strerror) and str(path) in str(exc.value.strerror)
    with pytest.raises(service.DrillFileError):
        service.write_source(fifo, "x = 1\n")  # a FIFO would block a writer without a reader
    big = tmp_path / "big.py"
    big.write_bytes(b"#" * (service.MAX_SOURCE + 1))
    with pytest.raises(service.DrillFileError, match="too large"):
        service.read_source(big)
    ok = tmp_path / "ok.py"
    service.write_source(ok, RELU.solution)
    assert service.read_source(ok) == RELU.solution


def test_drill_check_refuses_a_fifo_in_the_workspace(capsys):
    from quizapp.cli import main

    path = service.workspace_path(RELU)
    os.mkfifo(path)
    result: list[int] = []
    t = threading.Thread(target=lambda: result.append(main(["drill", "check", "day01.relu", "--lang", "en"])),
                         daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "drill check blocked on a FIFO"
    assert result == [2]
    assert "FIFO" in capsys.readouterr().err
    # start and reset leave it alone instead of blocking
    assert service.start(RELU) == (path, False)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


# -- as a non-root user ----------------------------------------------------------------------
AS_USER = r"""
import json, os, sys
from quizapp.sandbox import Sandbox, Limits
from quizapp.drills.grader import Grader
from quizapp.drills.model import load_drills
canary, solution = sys.argv[1], sys.argv[2]
decoy = int(sys.argv[3])
off = "import sys\nsys.modules['__main__']._audit.__code__ = (lambda e, a: None).__code__\n"
attacks = {
    "write": f"open({canary + '/w'!r}, 'w').write('x')",
    "mkfifo": f"import os\nos.mkfifo({canary + '/f'!r})",
    "read solution": f"open({solution!r}).read()",
    "os.system": f"import os\nassert os.system('touch {canary}/s') == 0",
    "kill own-user process": f"import os\nos.kill({decoy}, 9)",
    "socket": "import socket\nsocket.socket()",
    "fork": "import os\nos.fork()",
}
out = {"uid": os.getuid(), "results": {}}
with Sandbox() as sb:
    for name, code in attacks.items():
        r = sb.run(off + code, limits=Limits(wall_s=3.0, cpu_s=3))
        out["results"][name] = [r.status, r.confinement, r.summary()[:120]]
    relu = load_drills()["day01.relu"]
    with Grader(sandbox=sb) as g:
        out["good"] = g.grade(relu, relu.solution).passed
        out["bad"] = g.grade(relu, off + relu.solution).passed
print(json.dumps(out))
"""


@needs_kernel
def test_the_attacks_fail_as_a_non_root_user_too(tmp_path):
    if os.getuid() != 0:
        uid_cmd: list[str] = []  # already unprivileged
    elif shutil.which("setpriv"):
        uid_cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    else:
        pytest.skip("running as root without setpriv: cannot switch to an unprivileged user")
    canary = tmp_path / "canary"
    canary.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(canary, 0o777)
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o777)
    import sysconfig

    # An interpreter the unprivileged user can start (and the worker re-start): this one, or
    # the system's Python of the same version with this environment's packages on the path.
    site = sysconfig.get_paths()["purelib"]
    env = dict(os.environ, QUIZAPP_HOME=str(home), HOME=str(home), PYTHONPATH=os.pathsep.join([str(REPO), site]))
    env.pop("QUIZAPP_DB", None)
    python = None
    for exe in (sys.executable, f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"):
        probe = subprocess.run(uid_cmd + [exe, "-c", "import os, sys, numpy; assert os.access(sys.executable, os.X_OK)"],
                               capture_output=True, env=env, cwd=str(home), timeout=60)
        if probe.returncode == 0:
            python = exe
            break
    if python is None:
        pytest.skip("no Python interpreter this test can start as uid 65534")
    decoy = subprocess.Popen(uid_cmd + ["sleep", "600"])
    try:
        proc = subprocess.run(uid_cmd + [python, "-c", AS_USER, str(canary),
                                         str(RELU.folder / "solution.py"), str(decoy.pid)],
                              capture_output=True, text=True, timeout=120, env=env, cwd=str(home))
        assert proc.returncode == 0, proc.stderr[-2000:]
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        if os.getuid() == 0:
            assert out["uid"] == 65534
        for name, (status, confinement, summary) in out["results"].items():
            assert status in ("error", "crashed"), (name, summary)
            assert confinement == "full", name
        assert out["good"] is True and out["bad"] is False
        assert list(canary.iterdir()) == []
        assert decoy.poll() is None, "an unprivileged job killed a process of its own user"
    finally:
        decoy.kill()
        decoy.wait()
