"""The command line as a user runs it: exit codes, --help, JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quizapp.cli import main

from tests.conftest import TEST_BANK


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("cmd", [[], ["quiz"], ["tui"], ["review"], ["weak"], ["exam"], ["techtest"], ["bank"], ["bank", "validate"], ["bank", "verify"],
                                 ["bank", "stats"], ["report"], ["drill"]])
def test_help_everywhere(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*cmd, "--help"])
    assert exc.value.code == 0
    assert "使い方: quizapp" in capsys.readouterr().out  # Japanese by default
    with pytest.raises(SystemExit) as exc:
        main([*cmd, "--help", "--lang", "en"])
    assert exc.value.code == 0
    assert "usage: quizapp" in capsys.readouterr().out


def test_bank_validate_exit_codes(tmp_path, capsys):
    assert main(["bank", "validate", str(TEST_BANK)]) == 0
    assert "問題なし: 1 個のファイルに 4 問" in capsys.readouterr().out
    assert main(["--lang", "en", "bank", "validate", str(TEST_BANK)]) == 0
    assert "ok: 4 questions" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("day: 1\nquestions:\n  - id: x\n    type: single\n", encoding="utf-8")
    assert main(["bank", "validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: [x] area: 次のどれかにしてください" in out
    assert main(["--lang", "en", "bank", "validate", str(bad)]) == 1
    assert f"{bad}:3: [x] area: must be one of" in capsys.readouterr().out


def test_bank_stats_json(capsys):
    assert main(["bank", "stats", "--json", str(TEST_BANK)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 4
    assert set(stats["by_day"]) == {str(d) for d in range(10)} and stats["by_day"]["1"] == 4
    assert stats["by_type"] == {"single": 1, "multi": 1, "numeric": 1, "code": 1, "fill": 0}
    assert stats["by_area"]["数学的基礎"] == 1
    assert stats["by_topic"] == {"活性化関数": 3, "情報量": 1}
    assert stats["verified"] == 3


def test_bank_verify_command(tmp_path):
    r = run("bank", "verify", str(TEST_BANK))
    assert r.returncode == 0, r.stderr
    assert "検証できる 3 問のうち 3 問が正常" in r.stdout
    r = run("--lang", "en", "bank", "verify", str(TEST_BANK))
    assert r.returncode == 0, r.stderr
    assert "3 of 3 verifiable question(s) ok" in r.stdout
    bad = tmp_path / "b.yaml"
    bad.write_text((TEST_BANK / "day01.yaml").read_text(encoding="utf-8").replace("answer: 0.5", "answer: 0.7"),
                   encoding="utf-8")
    r = run("bank", "verify", str(bad))
    assert r.returncode == 1
    assert "[t-numeric] compute の結果は 0.5" in r.stdout and "ですが、書かれた正答は 0.7 です" in r.stdout
    r = run("--lang", "en", "bank", "verify", str(bad))
    assert r.returncode == 1
    assert "[t-numeric] compute gives 0.5" in r.stdout and ", but the stated answer is 0.7" in r.stdout


def test_report_json_after_answers(store, capsys):
    sid = store.start_session("day", "t", ["a", "b"])
    for qid, ok, day, area in (("a", True, 1, "機械学習"), ("b", False, 4, "深層学習の基礎")):
        store.record_answer(sid, question_id=qid, part="", response=1, correct=ok, seconds=1, mode="day",
                            day=day, area=area, topic="t")
    assert main(["report", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["answers_total"] == 2 and rep["accuracy"] == 0.5
    assert rep["by_day"]["1"]["accuracy"] == 1.0 and rep["by_day"]["4"]["accuracy"] == 0.0
    assert rep["by_area"]["機械学習"]["answers"] == 1
    assert rep["by_report_area"]["深層学習"]["correct"] == 0


def test_report_to_file_and_db_flag(tmp_path, capsys):
    out = tmp_path / "r.json"
    url = f"sqlite:///{tmp_path / 'other.db'}"
    assert main(["report", "--db", url, "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["answers_total"] == 0
    assert (tmp_path / "other.db").exists()


def test_usage_errors_exit_2():
    r = run("quiz", "--day", "12")
    assert r.returncode == 2 and "選べない値です" in r.stderr
    r = run("quiz", "--day", "12", "--lang", "en")
    assert r.returncode == 2 and "invalid choice" in r.stderr
    r = run("quiz", "--area", "物理")
    assert r.returncode == 2 and "分野 '物理' はありません" in r.stderr
    r = run("quiz", "--area", "物理", "--lang", "en")
    assert r.returncode == 2 and "unknown area '物理'" in r.stderr
    r = run("nonsense")
    assert r.returncode == 2


def test_tui_without_terminal_says_so():
    r = run()
    assert r.returncode == 2 and "ターミナルで動きます" in r.stderr
    r = run("--lang", "en")
    assert r.returncode == 2 and "needs a terminal" in r.stderr


@pytest.mark.parametrize("before", [True, False])
def test_db_flag_before_or_after_the_subcommand(before, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    argv = ["--db", url, "report", "--format", "json"] if before else ["report", "--db", url, "--format", "json"]
    assert main(argv) == 0
    assert (tmp_path / "x.db").exists()


def test_history_commands_on_a_fresh_database(capsys):
    assert main(["exam", "--history"]) == 0
    assert "まだ結果がありません" in capsys.readouterr().out  # Japanese by default
    assert main(["exam", "--history", "--lang", "en"]) == 0
    assert "no results yet" in capsys.readouterr().out
    assert main(["techtest", "--history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_learner_profiles_keep_separate_progress(store, capsys, monkeypatch):
    from quizapp.store.store import Store

    sid = store.start_session("day", "t", ["a"])
    store.record_answer(sid, question_id="a", part="", response=1, correct=True, seconds=1, mode="day", day=1,
                        area="機械学習", topic="t")
    assert main(["--learner", "hanako", "report", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["learner"] == "hanako" and rep["answers_total"] == 0
    monkeypatch.delenv("QUIZAPP_LEARNER", raising=False)
    assert main(["report", "--format", "json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["learner"] == "default" and rep["answers_total"] == 1
    with pytest.raises(ValueError):
        Store(learner="x" * 101)


def test_a_learner_name_too_long_is_a_usage_error_not_a_traceback(tmp_path):
    out = run("--lang", "en", "report", "--learner", "a" * 101)
    assert out.returncode == 2
    assert "must be 1 to 100 characters (it has 101)" in out.stderr and "Traceback" not in out.stderr
    out = run("report", "--learner", "a" * 101)
    assert out.returncode == 2 and "1〜100 文字" in out.stderr
    assert run("report", "--learner", "a" * 100).returncode == 0
