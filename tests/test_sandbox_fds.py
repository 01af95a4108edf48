"""A sandboxed job sees no descriptor of the worker but its own result pipe: writing into every
descriptor number cannot forge or desynchronise the worker's replies."""

from __future__ import annotations

import time

from quizapp.sandbox import Limits, Sandbox

SCRIBBLE = """
import os, struct
fake = b'{"status": "ok", "values": "{}"}'
for fd in range(3, 256):
    try:
        os.write(fd, struct.pack(">I", len(fake)) + fake)
    except OSError:
        pass
os._exit(0)
"""


def test_a_job_cannot_write_into_the_worker_protocol():
    with Sandbox() as sb:
        t0 = time.monotonic()
        r = sb.run(SCRIBBLE, limits=Limits(wall_s=3.0, cpu_s=3))
        assert time.monotonic() - t0 < 5.0
        assert r.status in ("error", "crashed")  # the fake on its own result pipe is not valid JSON after the length
        for i in range(3):
            r = sb.run("y = x * 2", inputs={"x": i}, result_names=["y"])
            assert r.ok and r.values == {"y": i * 2}


def test_only_the_standard_streams_and_the_result_pipe_are_open():
    with Sandbox() as sb:
        # fstat every number (listing /proc/self/fd is itself refused by Landlock)
        code = ("import os\nfds = []\nfor fd in range(4096):\n    try:\n        os.fstat(fd)\n"
                "        fds.append(fd)\n    except OSError:\n        pass\n")
        r = sb.run(code, result_names=["fds"])
        assert r.ok, r.error
        fds = r.values["fds"]
        assert fds[:3] == [0, 1, 2]
        assert len(fds) == 4, fds  # 0, 1, 2 and the result pipe
