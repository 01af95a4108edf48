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

HOSTILE = {
    "infinite loop at import": ("while True:\n    pass\n", "did not finish within"),
    "infinite loop in a call": (RELU.solution.replace("mask = x > 0", "while True:\n        pass"), "did not finish within"),
    "memory hog (one huge array)": ("import numpy as np\nx = np.ones((1 << 34,))\n", "MemoryError"),
    "memory hog (growing list)": ("chunks = []\nwhile True:\n    chunks.append(bytearray(50_000_000))\n", "more memory"),
    "fork bomb": ("import os\nwhile True:\n    os.fork()\n", "PermissionError"),
    "spawn a process": ("import subprocess\nsubprocess.run(['sleep', '100'])\n", "not allowed in the sandbox"),
    "os.system": ("import os\nos.system('sleep 100')\n", "not allowed in the sandbox"),
    "multiprocessing": ("import multiprocessing\nmultiprocessing.Process(target=print).start()\n", "not allowed"),
    "sys.exit(0) at import": ("import sys\nsys.exit(0)\n", "sys.exit"),
    "exit() at import": ("exit()\n", "SystemExit"),
    "os._exit(0) at import": ("import os\nos._exit(0)\n", "os._exit"),
    "os._exit(0) in a call": (RELU.solution.replace("mask = x > 0", "import os; os._exit(0)"), "os._exit"),
    "ignores signals": ("import signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGALRM):\n"
                        "    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass\n", "did not finish within"),
    "floods the output": ("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", "printed more than the output limit"),
    "writes a file": ("open('/tmp/quizapp-pwned.txt', 'w').write('x')\n", "not allowed in the sandbox"),
    "kills its parent": ("import os\nos.kill(os.getppid(), 9)\n", "not allowed in the sandbox"),
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


def test_patching_numpy_and_the_grader_changes_nothing(grader):
    patch = (
        "import numpy as np, json\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\n"
        "try:\n"
        "    np.testing.assert_allclose = lambda *a, **k: None\n"
        "except Exception:\n"
        "    pass\n"
        "try:\n"
        "    import quizapp.safecodec as sc\n"
        "    sc.encode = lambda obj: '{}'\n"
        "    import quizapp.drills.grader as g\n"
        "    g.Grader.grade = lambda *a, **k: None\n"
        "except Exception:\n"
        "    pass\n"
    )
    v = grader.grade(RELU, patch + WRONG_BACKWARD)
    assert not v.passed and v.failed_check["name"] == "backward"
    v = grader.grade(RELU, patch + RELU.solution)
    assert v.passed, v.checks
    # sabotaging the result encoding can only fail the learner's own submission
    forge = "import json\njson.dumps = lambda *a, **k: '{\"status\": \"ok\", \"values\": \"{}\"}'\n"
    v = grader.grade(RELU, forge + RELU.solution)
    assert not v.passed and v.failed_check["name"] == "run"
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
