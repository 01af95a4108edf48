"""``quizapp drill …``: JSON shapes, exit codes, the workspace, hints, solution and reset."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from quizapp.cli import main
from quizapp.drills.model import load_drills

RELU = load_drills()["day01.relu"]


def _run(capsys, *argv: str, lang: str = "en") -> tuple[int, str, str]:
    """``quizapp --lang LANG …``: these tests read the English texts unless told otherwise."""
    code = main(["--lang", lang, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_every_drill_with_id_day_title_passed(capsys):
    code, out, _ = _run(capsys, "drill", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == len(load_drills())
    for row in rows:
        assert {"id", "day", "title", "passed"} <= set(row)
        assert isinstance(row["day"], int) and isinstance(row["passed"], bool) and row["passed"] is False
    assert [r["id"] for r in rows][:3] == ["day00.normalize_rows", "day00.softmax", "day00.pairwise_sqdist"]
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


def test_start_check_pass_and_list_shows_passed(capsys, tmp_path):
    code, out, _ = _run(capsys, "drill", "start", "day01.relu")
    path = out.strip()
    assert code == 0 and path.startswith(str(tmp_path / "home" / "drills")) and path.endswith(".py")
    assert open(path, encoding="utf-8").read() == RELU.starter

    code, out, _ = _run(capsys, "drill", "check", "day01.relu", "--json")
    assert code == 1
    verdict = json.loads(out)
    assert verdict["passed"] is False
    assert [c["name"] for c in verdict["checks"]] == ["import", "shapes"]
    assert all(set(c) == {"name", "passed", "message"} for c in verdict["checks"])

    with open(path, "w", encoding="utf-8") as fh:
        fh.write(RELU.solution)
    code, out, _ = _run(capsys, "drill", "check", "day01.relu")
    assert code == 0 and "PASSED" in out and "✓ backward" in out

    code, out, _ = _run(capsys, "drill", "list", "--json")
    assert {r["id"]: r["passed"] for r in json.loads(out)}["day01.relu"] is True
    code, out, _ = _run(capsys, "drill", "list")
    assert "[passed ] day01.relu" in out

    from quizapp.store.store import Store

    store = Store()
    assert store.passed_drills() == {"day01.relu"}
    store.close()


def test_check_with_file_and_json(capsys, tmp_path):
    f = tmp_path / "mine.py"
    f.write_text(RELU.solution.replace("return dout * mask", "return -dout * mask"), encoding="utf-8")
    code, out, _ = _run(capsys, "drill", "check", "day01.relu", "--file", str(f), "--json")
    assert code == 1
    v = json.loads(out)
    assert v["passed"] is False and v["checks"][-1]["name"] == "backward"
    assert "sign error" in v["checks"][-1]["message"]


def test_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = _run(capsys, "drill", "check", "day99.nope")
    assert code == 2 and "unknown drill id 'day99.nope'" in err
    code, _, err = _run(capsys, "drill", "check", "day01.relu")  # not started
    assert code == 2 and "drill start day01.relu" in err
    code, _, err = _run(capsys, "drill", "check", "day01.relu", "--file", str(tmp_path / "missing.py"))
    assert code == 2 and "no such file" in err
    for action in ("show", "start", "hint", "solution", "reset", "watch"):
        code, _, err = _run(capsys, "drill", action, "nope")
        assert code == 2, action
    with pytest.raises(SystemExit) as exc:
        main(["drill", "frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["drill", "check"])
    assert exc.value.code == 2


def test_every_action_has_help(capsys):
    for action in ("list", "show", "start", "check", "watch", "hint", "solution", "reset"):
        with pytest.raises(SystemExit) as exc:
            main(["drill", action, "--help"])
        assert exc.value.code == 0
        assert "使い方: quizapp drill " + action in capsys.readouterr().out


def test_show_hint_solution_reset(capsys):
    code, out, _ = _run(capsys, "drill", "show", "day01.relu")
    assert code == 0 and "relu_forward(x) -> (out, cache)" in out and "ReLU" in out
    shown = []
    for _ in range(len(RELU.hints) + 1):
        code, out, _ = _run(capsys, "drill", "hint", "day01.relu")
        assert code == 0
        shown.append(out)
    assert shown[0].startswith("hint 1/3") and shown[2].startswith("hint 3/3") and shown[3].startswith("hint 3/3")
    code, out, err = _run(capsys, "drill", "solution", "day01.relu")
    assert code == 0 and out == RELU.solution and "recorded" in err

    code, out, _ = _run(capsys, "drill", "start", "day01.relu")
    path = out.strip()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# my work\n")
    code, out, err = _run(capsys, "drill", "reset", "day01.relu")
    assert code == 0 and open(path, encoding="utf-8").read() == RELU.starter
    assert open(path + ".bak", encoding="utf-8").read() == "# my work\n"

    from sqlalchemy import select

    from quizapp.store.models import DrillEvent
    from quizapp.store.store import Store

    store = Store()
    with store.sessionmaker.begin() as s:
        kinds = [e.kind for e in s.scalars(select(DrillEvent).order_by(DrillEvent.id))]
    store.close()
    assert kinds == ["hint", "hint", "hint", "solution", "reset"]


def test_start_does_not_overwrite_work(capsys):
    _, out, _ = _run(capsys, "drill", "start", "day00.softmax")
    path = out.strip()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# mine\n")
    code, out, err = _run(capsys, "drill", "start", "day00.softmax")
    assert code == 0 and out.strip() == path and "already started" in err
    assert open(path, encoding="utf-8").read() == "# mine\n"


def test_watch_checks_the_file(capsys, tmp_path):
    f = tmp_path / "w.py"
    f.write_text(RELU.solution, encoding="utf-8")
    code, out, _ = _run(capsys, "drill", "watch", "day01.relu", "--file", str(f), "--count", "1", "--interval", "0.05")
    assert code == 0 and "PASSED" in out


def test_the_console_script_exit_codes(tmp_path):
    env = dict(os.environ)
    f = tmp_path / "s.py"
    f.write_text(RELU.solution, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "quizapp", "drill", "check", "day01.relu", "--file", str(f), "--json"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["passed"] is True
    f.write_text("def relu_forward(x):\n    return x\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "quizapp", "drill", "check", "day01.relu", "--file", str(f)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 1 and "relu_backward()" in r.stdout


def test_watch_clears_the_screen_for_each_run_on_a_terminal(capsys, tmp_path, monkeypatch):
    f = tmp_path / "relu.py"
    f.write_text(RELU.solution, encoding="utf-8")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = _run(capsys, "drill", "watch", "day01.relu", "--file", str(f), "--count", "1", "--interval", "0.05")
    assert code == 0 and out.startswith("\x1b[2J\x1b[H")


def test_hint_says_when_there_are_no_more(capsys):
    for _ in range(len(RELU.hints)):
        code, out, _ = _run(capsys, "drill", "hint", "day01.relu")
        assert code == 0 and "last hint" not in out
    code, out, _ = _run(capsys, "drill", "hint", "day01.relu")
    assert code == 0 and "That was the last hint" in out
