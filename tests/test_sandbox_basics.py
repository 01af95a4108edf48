"""The sandbox returns plain data only and survives hostile code."""

from __future__ import annotations

import numpy as np

from quizapp import safecodec
from quizapp.sandbox import Limits, Sandbox


def test_values_round_trip():
    with Sandbox() as sb:
        r = sb.run("import numpy as np\nx = np.arange(6.0).reshape(2, 3)\ny = (1, [2.5, 'a'], {'k': None})",
                   result_names=["x", "y"])
    assert r.ok, r.error
    assert np.array_equal(r.values["x"], np.arange(6.0).reshape(2, 3))
    assert r.values["y"] == (1, [2.5, "a"], {"k": None})


def test_objects_cannot_come_back():
    with Sandbox() as sb:
        r = sb.run("class X: pass\nx = X()", result_names=["x"])
    assert r.status == "error" and "cannot be returned" in r.error


def test_decoder_refuses_pickled_arrays():
    import base64
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    payload = '{"__nd__": "%s"}' % base64.b64encode(buf.getvalue()).decode()
    try:
        safecodec.decode(payload)
    except safecodec.CodecError:
        pass
    else:  # pragma: no cover
        raise AssertionError("an object array was decoded")


def test_hostile_code_fails_and_worker_recovers(tmp_path):
    target = tmp_path / "written"
    with Sandbox() as sb:
        assert sb.run("while True: pass", limits=Limits(wall_s=0.5, cpu_s=2)).status == "timeout"
        assert sb.run("import os\nos._exit(0)").status == "crashed"
        assert "SystemExit" in sb.run("import sys\nsys.exit(0)").error
        assert "MemoryError" in sb.run("x = bytearray(4 * 1024**3)", limits=Limits(mem_mb=512)).error
        assert "not allowed" in sb.run(f"open({str(target)!r}, 'w').write('x')").error
        assert not target.exists()
        assert "not allowed" in sb.run("import os\nos.fork()").error
        assert "not allowed" in sb.run("import subprocess").error
        assert "not allowed" in sb.run("import os\nos.kill(os.getppid(), 9)").error
        r = sb.run("answer = 41 + 1", result_names=["answer"])
        assert r.ok and r.values == {"answer": 42}
