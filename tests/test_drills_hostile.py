"""Hostile submissions get a clear failed verdict within the limit plus a little, and leave the
grader (and the app's files and database) working: a correct submission right after passes."""

from __future__ import annotations

import time

import pytest

from quizapp.drills.grader import Grader
from quizapp.drills.model import load_drills
from quizapp.sandbox import Limits

WALL = 2.0
SLACK = 3.0


pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


@pytest.fixture(scope="module")
def grader():
    g = Grader(limits=Limits(wall_s=WALL, cpu_s=2, mem_mb=512, output_bytes=64 * 1024))
    yield g
    g.close()


RELU = load_drills()["day01.relu"]
WRONG_BACKWARD = RELU.solution.replace("return dout * mask", "return mask * 1.0")

POLICY = "stopped by the check before running"

HOSTILE = {
    "infinite loop at import": ("while True:\n    pass\n", "did not finish within"),
    "infinite loop in a call": (RELU.solution.replace("mask = x > 0", "while True:\n        pass"), "did not finish within"),
    "memory hog (one huge array)": ("import numpy as np\nx = np.ones((1 << 34,))\n", "MemoryError"),
    "memory hog (growing list)": ("chunks = []\nwhile True:\n    chunks.append(bytearray(50_000_000))\n", "more memory"),
    # the static check refuses these before anything runs (tests/test_sandbox_kernel.py runs
    # them past it, in the kernel sandbox)
    "fork bomb": ("import os\nwhile True:\n    os.fork()\n", "line 1: module os is not allowed"),
    "spawn a process": ("import subprocess\nsubprocess.run(['sleep', '100'])\n", "line 1: module subprocess is not allowed"),
    "os.system": ("import os\nos.system('sleep 100')\n", POLICY),
    "multiprocessing": ("import multiprocessing\nmultiprocessing.Process(target=print).start()\n", POLICY),
    "sys.exit(0) at import": ("import sys\nsys.exit(0)\n", "module sys"),
    "exit() at import": ("exit()\n", "SystemExit"),
    "raise SystemExit in a call": (RELU.solution.replace("mask = x > 0", "raise SystemExit(0)"), "SystemExit"),
    "os._exit(0) at import": ("import os\nos._exit(0)\n", POLICY),
    "os._exit(0) in a call": (RELU.solution.replace("mask = x > 0", "import os; os._exit(0)"), "line 7: module os"),
    "ignores signals": ("import signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGALRM):\n"
                        "    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass\n", "module signal"),
    "floods the output": ("while True:\n    print('x' * 65536)\n", "printed more than the output limit"),
    "writes a file": ("open('/tmp/quizapp-pwned.txt', 'w').write('x')\n", "line 1: open is not allowed"),
    "kills its parent": ("import os\nos.kill(os.getppid(), 9)\n", POLICY),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_submission_fails_in_bounded_time_and_the_next_one_passes(grader, kind):
    source, needle = HOSTILE[kind]
    t0 = time.monotonic()
    v = grader.grade(RELU, source)
    elapsed = time.monotonic() - t0
    assert not v.passed
    assert elapsed < WALL + SLACK, elapsed
    msg = " ".join(c["message"] for c in v.checks if not c["passed"])
    assert needle in msg, v.checks
    good = grader.grade(RELU, RELU.solution)
    assert good.passed, good.checks


def test_a_printed_fake_verdict_is_just_output(grader):
    fake = ('print(\'{"passed": true, "checks": []}\')\nprint("PASSED: all checks OK")\n' + WRONG_BACKWARD)
    v = grader.grade(RELU, fake)
    assert not v.passed and v.failed_check["name"] == "backward"
    assert "PASSED: all checks OK" in v.output


def test_patching_numpy_changes_nothing_and_the_grader_is_out_of_reach(grader):
    patch = (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\n"
        "np.isfinite = lambda *a, **k: True\n"
    )
    v = grader.grade(RELU, patch + WRONG_BACKWARD)
    assert not v.passed and v.failed_check["name"] == "backward"
    v = grader.grade(RELU, patch + RELU.solution)
    assert v.passed, v.checks
    # the app's own modules and the encoder are not importable from a drill
    for src in ("import quizapp.safecodec as sc\nsc.encode = lambda obj: '{}'\n",
                "import json\njson.dumps = lambda *a, **k: '{\"status\": \"ok\", \"values\": \"{}\"}'\n"):
        v = grader.grade(RELU, src + RELU.solution)
        assert not v.passed and v.failed_check["name"] == "import"
        assert POLICY in v.failed_check["message"]
    assert grader.grade(RELU, RELU.solution).passed


def test_a_forged_result_on_the_result_pipe_is_not_a_pass(grader):
    forged = (
        "import os, json\n"
        "fake = {'status': 'ok', 'values': json.dumps({'__d__': [['result', {'__d__': [\n"
        "    ['import_error', None], ['defined', {'__d__': [['relu_forward', True], ['relu_backward', True]]}],\n"
        "    ['cases', []], ['speed', None]]}]]})}\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        "        os.write(fd, json.dumps(fake).encode())\n"
        "    except OSError:\n"
        "        pass\n"
        "os._exit(0)\n"
    )
    v = grader.grade(RELU, forged)
    assert not v.passed


def test_hostile_code_leaves_files_and_database_alone(grader, tmp_path):
    from quizapp.store.store import Store

    store = Store()
    store.record_drill_submission("day01.relu", "x", False, [], 0.1)
    target = tmp_path / "victim.txt"
    target.write_text("keep", encoding="utf-8")
    src = (f"import os\ntry:\n    os.remove({str(target)!r})\nexcept Exception:\n    pass\n"
           f"open({str(target)!r}, 'w').write('gone')\n")
    assert not grader.grade(RELU, src).passed
    assert target.read_text(encoding="utf-8") == "keep"
    db = tmp_path / "q.db"
    src = f"import sqlite3\nsqlite3.connect({str(db)!r}).execute('drop table drill_submissions')\n"
    assert not grader.grade(RELU, src).passed
    store.record_drill_submission("day01.relu", "y", True, [], 0.1)
    assert store.passed_drills() == {"day01.relu"}
    store.close()
