"""One language at a time for the messages of the core and the plain commands: quiz/exam errors,
the bank loader and ``quizapp bank …``, class mode, ``quizapp db``, ``doctor`` and the sandbox's
verdicts are Japanese by default and English with ``--lang en`` (or ``QUIZAPP_LANG=en``)."""

from __future__ import annotations

import pickle
import re
import socket
import string
from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.cli import main
from quizapp.cli_i18n import install_argparse_messages

from tests.conftest import TEST_BANK

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: Four or more plain English words in a row: a sentence, not a command name or a field.
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]+(?: [a-z]+){3,}\b")


@pytest.fixture(autouse=True)
def _restore_argparse():
    yield
    install_argparse_messages("en")
    i18n.set_lang("ja")


def _strip_code(text: str) -> str:
    """Text without `commands`, paths and '--options' (they stay as they are in both languages)."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\S*/\S*", "", text)
    return re.sub(r"--[\w-]+", "", text)


def assert_japanese(text: str) -> None:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines, "no output"
    for ln in lines:
        assert JAPANESE.search(ln), f"not Japanese: {ln!r}"
        assert not ENGLISH_SENTENCE.search(_strip_code(ln)), f"an English sentence in Japanese mode: {ln!r}"


def assert_english(text: str) -> None:
    """No kana outside the names a user types as they are (areas, 中項目/小項目, the files' own words)."""
    from quizapp.bank.model import AREAS, REPORT_AREAS

    assert text.strip(), "no output"
    for name in (*AREAS, *REPORT_AREAS, "中項目", "小項目", "一問だけの大問"):
        text = text.replace(name, "")
    assert not re.search(r"[\u3040-\u30ff]", text), f"kana in English mode: {text!r}"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# -- the catalogs -------------------------------------------------------------------------------
def _all_strings() -> dict[str, dict[str, str]]:
    import quizapp.classmode.texts  # noqa: F401 - registers class mode's strings
    import quizapp.sandbox_text  # noqa: F401 - registers the sandbox's strings

    return i18n._STRINGS  # noqa: SLF001


def _fields(text: str) -> set[str]:
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f}


def test_the_catalogs_have_the_same_keys_in_both_languages():
    from quizapp import _i18n_messages, sandbox_text

    table = _all_strings()
    for key, entry in table.items():
        assert set(entry) == {"ja", "en"}, key
        assert bool(entry["ja"].strip()) == bool(entry["en"].strip()), key  # blank only as padding, in both
        assert _fields(entry["ja"]) == _fields(entry["en"]), key
    for key, entry in {**_i18n_messages.STRINGS, **sandbox_text.STRINGS}.items():
        if entry["ja"] != entry["en"]:  # a few are the same in both (Landlock ABI 3, seccomp-bpf)
            assert JAPANESE.search(entry["ja"]), key
            assert not re.search(r"[\u3040-\u30ff]", entry["en"]), key
        assert table[key] is entry or table[key] == entry, key


def test_every_message_key_the_code_uses_is_in_the_catalog():
    table = _all_strings()
    used: dict[str, str] = {}
    calls = re.compile(r"""(?:\bi18n\.t\(|\bt_in\(\s*\w+,|(?<![\w.])t\()\s*["']([a-z][a-z0-9_]+)["']""")
    for f in Path("quizapp").rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        for m in calls.finditer(text):
            used.setdefault(m.group(1), str(f))
        for m in re.finditer(r"""["']((?:bk|cls|sbx)_[a-z0-9_]+)["']""", text):  # keys passed on as values
            used.setdefault(m.group(1), str(f))
    assert len(used) > 300
    assert {k: f for k, f in used.items() if k not in table} == {}


# -- quiz, exam and technical-test errors --------------------------------------------------------
@pytest.mark.parametrize("argv, ja, en", [
    (["quiz", "--area", "物理"], "分野 '物理' はありません", "unknown area '物理'; choose one of"),
    (["exam", "--pass-line", "0"], "合格ラインは 0 より大きく", "the pass line must be above 0%"),
    (["exam", "--count", "0"], "模擬試験の問題数は 1 問以上", "the exam needs at least 1 question"),
    (["exam", "--share", "物理=10"], "分野 物理 はありません", "unknown area(s) 物理; use"),
    (["exam", "--share", "xx"], "--share は 分野=割合(%) の形で", "--share expects AREA=PERCENT, got 'xx'"),
])
def test_quiz_and_exam_errors_follow_the_language(argv, ja, en, capsys):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "" and ja in err
    assert_japanese(err)
    code, _, err = _run(capsys, "--lang", "en", *argv)
    assert code == 2 and en in err
    assert_english(err)


def test_core_errors_are_in_the_interface_language(test_bank):
    from quizapp.quiz import QuizError, select_questions
    from quizapp.techtest import select_drills

    for lang, day5, zero in (("ja", "この条件に合う問題がありません", "ドリル数は 1 以上"),
                             ("en", "no questions match this selection", "needs at least 1 drill")):
        i18n.set_lang(lang)
        with pytest.raises(QuizError, match=day5):
            select_questions(test_bank, day=5)
        with pytest.raises(QuizError, match=zero):
            select_drills({}, 0)


# -- the bank loader and `quizapp bank …` ---------------------------------------------------------
BAD_BANK = """\
day: 1
sets:
  - id: lonely
    scenario: 一問だけの大問
questions:
  - id: q1
    type: single
    area: 物理
    topic: t
    difficulty: 5
    prmpt: typo
    choices: [a, b]
    answer: 3
  - id: q2
    type: numeric
    syllabus: [4-2]
    topic: t
    difficulty: 1
    prompt: p
    explanation: e
    answer: .nan
    set: lonely
"""


def _bad_bank(tmp_path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_BANK, encoding="utf-8")
    return path


def test_bank_validate_speaks_japanese_and_keeps_file_line_and_field(tmp_path, capsys):
    path = _bad_bank(tmp_path)
    code, out, err = _run(capsys, "bank", "validate", str(path))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) >= 7
    for ln in lines:
        assert ln.startswith(f"{path}:"), ln
        message = ln.split("] ", 1)[-1] if "] " in ln else ln[len(str(path)) + 1:]
        assert_japanese(message)
    assert f"{path}:8: [q1] area: 次のどれかにしてください" in out
    assert f"{path}:21: [q2] answer: 有限の数値にしてください" in out
    assert f"{path}:3: sets: 大問 'lonely' の問題は 0 問です。大問には 2 問以上が必要です" in out
    assert f"{path}:13: [q1] answer: 3 ですが、選択肢は 2 個しかありません" in out
    assert f"{path}:16: [q2] syllabus: '4-2' は中項目です" in out
    assert "有効な問題は 0 問です" in err
    assert_japanese(err)

    code, out, err = _run(capsys, "--lang", "en", "bank", "validate", str(path))
    assert code == 1
    assert f"{path}:8: [q1] area: must be one of" in out and "(got '物理')" in out
    assert f"{path}:21: [q2] answer: must be a finite number" in out
    assert f"{path}:3: sets: linked set 'lonely' has 0 question(s); a set has 2 or more" in out
    assert f"{path}:13: [q1] answer: is 3, but there are only 2 choices (numbered from 1)" in out
    assert f"{path}:16: [q2] syllabus: unknown syllabus item '4-2' (a 中項目; name its 小項目, e.g. 4-2-1)" in out
    assert "problem(s) in 1 file(s); 0 valid question(s)" in err
    assert_english(out + err)


def test_a_yaml_error_and_the_limits_are_in_the_interface_language(tmp_path, capsys, monkeypatch):
    from quizapp.bank import loader

    dup = tmp_path / "dup.yaml"
    dup.write_text("day: 1\nday: 2\nquestions: []\n", encoding="utf-8")
    code, out, _ = _run(capsys, "bank", "validate", str(dup))
    assert code == 1 and f"{dup}:2: YAML の誤り: キー 'day' が重複しています" in out
    code, out, _ = _run(capsys, "--lang", "en", "bank", "validate", str(dup))
    assert code == 1 and f"{dup}:2: YAML error: duplicate key 'day'" in out
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    code, out, _ = _run(capsys, "bank", "validate", str(_bad_bank(tmp_path)))
    assert code == 1 and "バンクファイルは 0.0 MB までです" in out and "読み飛ばしました" in out
    code, out, _ = _run(capsys, "bank", "validate", str(tmp_path / "missing"))
    assert code == 1 and "そのようなファイルもフォルダもありません" in out


def test_a_cached_bank_issue_speaks_the_language_asked_for_when_shown(tmp_path):
    from quizapp.bank import load_bank

    bank = load_bank([_bad_bank(tmp_path)])
    issue = pickle.loads(pickle.dumps(bank.issues[0]))  # as the bank cache keeps it
    i18n.set_lang("ja")
    ja = str(issue)
    i18n.set_lang("en")
    en = str(issue)
    assert ja != en and JAPANESE.search(ja.split("] ", 1)[1]) and not re.search(r"[\u3040-\u30ff]", en)
    assert ja.split(": ")[0] == en.split(": ")[0] == f"{tmp_path / 'bad.yaml'}:{issue.line}"


def test_bank_summaries_follow_the_language(tmp_path, capsys):
    code, out, _ = _run(capsys, "bank", "stats", str(TEST_BANK))
    assert code == 0 and "合計 4 問" in out and "分野別:" in out and "トピック: 2 個" in out
    code, out, _ = _run(capsys, "--lang", "en", "bank", "stats", str(TEST_BANK))
    assert code == 0 and "total 4  (verifiable 3)" in out and "Math foundations:1" in out and "topics:   2" in out
    code, _, err = _run(capsys, "bank", "coverage", "--below", "0", str(TEST_BANK))
    assert code == 2 and "quizapp bank coverage: エラー: --below は 1 以上にしてください" in err
    code, _, err = _run(capsys, "--lang", "en", "bank", "coverage", "--below", "0", str(TEST_BANK))
    assert code == 2 and "quizapp bank coverage: error: --below must be at least 1" in err
    code, out, _ = _run(capsys, "bank", "coverage", str(TEST_BANK))
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("出題範囲の項目:")
    assert_japanese(summary)
    code, out, _ = _run(capsys, "--lang", "en", "bank", "coverage", str(TEST_BANK))
    assert out.strip().splitlines()[-1].startswith("items in scope:")
    code, out, err = _run(capsys, "bank", "lint", str(_bad_bank(tmp_path)))
    assert "無効: " in err and out.strip().splitlines()[-1].startswith("指摘: ")
    code, out, err = _run(capsys, "--lang", "en", "bank", "lint", str(_bad_bank(tmp_path)))
    assert "invalid: " in err and out.strip().splitlines()[-1].startswith("findings: ")


def test_bank_verify_summary_follows_the_language(tmp_path, capsys):
    bad = tmp_path / "b.yaml"
    bad.write_text((TEST_BANK / "day01.yaml").read_text(encoding="utf-8").replace("answer: 0.5", "answer: 0.7"),
                   encoding="utf-8")
    code, _, err = _run(capsys, "bank", "verify", str(bad))
    assert code == 1 and err.startswith("失敗: 検証できる 3 問のうち 2 問が正常") and "失敗 1 問、無効 0 件" in err
    assert_japanese(err)
    code, out, err = _run(capsys, "bank", "verify", str(bad))
    problem = next(ln for ln in out.splitlines() if "[t-numeric]" in ln)
    assert problem.split("] ", 1)[1].startswith("compute の結果は 0.5") and "ですが、書かれた正答は 0.7 です" in problem
    assert_japanese(problem.split("] ", 1)[1])
    code, out, err = _run(capsys, "--lang", "en", "bank", "verify", str(bad))
    assert code == 1 and err.startswith("FAILED: 2 of 3 verifiable question(s) ok") and "1 failing, 0 invalid" in err
    assert "[t-numeric] compute gives 0.5" in out and ", but the stated answer is 0.7 (tolerance" in out


def test_lint_findings_follow_the_language():
    from dataclasses import replace

    from quizapp.bank import load_bank
    from quizapp.bank.lint import lint_questions

    q = next(q for q in load_bank([TEST_BANK]).questions if q.type == "single")
    q = replace(q, id="cue", explanation="選択肢2は誤りです。" + q.explanation)
    i18n.set_lang("ja")
    ja = [f.message for f in lint_questions([q]).findings if f.kind == "position-ref"]
    i18n.set_lang("en")
    en = [f.message for f in lint_questions([q]).findings if f.kind == "position-ref"]
    assert ja and en
    assert ja[0].startswith("解説が選択肢を番号で呼んでいます ('選択肢2')")
    assert en[0].startswith("the explanation names a choice by position ('選択肢2')")


# -- class mode ---------------------------------------------------------------------------------
def test_class_errors_follow_the_language(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    code, _, err = _run(capsys, "class", "init", "--db", db)
    assert code == 1 and "PostgreSQL のデータベースが必要です" in err
    assert_japanese(err)
    code, _, err = _run(capsys, "class", "init", "--db", db, "--lang", "en")
    assert code == 1 and "class mode needs a PostgreSQL database" in err
    code, _, err = _run(capsys, "class", "final", "list", "--data", str(tmp_path / "none"))
    assert code == 1 and "がありません (クラスのサーバーを `quizapp class serve --data" in err
    code, _, err = _run(capsys, "class", "final", "list", "--data", str(tmp_path / "none"), "--lang", "en")
    assert code == 1 and ": not found (start the class server with `quizapp class serve --data" in err


def test_roster_problems_follow_the_language(tmp_path):
    from quizapp.classmode.roster import RosterError, read_roster

    bad = tmp_path / "r.csv"
    bad.write_text("name,email\nann,a\n\n,b\nann,c\n" + "x" * 101 + ",d\n", encoding="utf-8")
    with pytest.raises(RosterError) as ja:
        read_roster(bad)
    assert f"{bad}:4: name: 空です" in str(ja.value) and f"{bad}:5: name: 'ann' は 2 行目と重複しています" in str(ja.value)
    assert f"{bad}:6: name: 100 文字を超えています" in str(ja.value)
    i18n.set_lang("en")
    with pytest.raises(RosterError) as en:
        read_roster(bad)
    assert f"{bad}:4: name: empty" in str(en.value) and f"{bad}:6: name: longer than 100 characters" in str(en.value)


# -- quizapp db, report, doctor -----------------------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_db_check_on_an_unreachable_server_says_so_without_a_traceback(capsys):
    pytest.importorskip("psycopg")
    url = f"postgresql://nobody@127.0.0.1:{_closed_port()}/nothing"
    code, _, err = _run(capsys, "--db", url, "db", "check")
    assert code == 1 and err.startswith("データベースに接続できません: postgresql://nobody@127.0.0.1:")
    assert "Traceback" not in err
    code, _, err = _run(capsys, "--lang", "en", "--db", url, "db", "check")
    assert code == 1 and err.startswith("Cannot connect to the database: postgresql://nobody@127.0.0.1:")


def test_report_file_messages_follow_the_language(tmp_path, capsys):
    target = tmp_path / "r.txt"
    code, _, err = _run(capsys, "report", "-o", str(target))
    assert code == 0 and err.strip() == f"{target} に書き出しました"
    code, _, err = _run(capsys, "--lang", "en", "report", "-o", str(target))
    assert code == 0 and err.strip() == f"wrote {target}"
    code, _, err = _run(capsys, "report", "-o", str(tmp_path / "no" / "r.txt"))
    assert code == 1 and "に書き込めません" in err


def test_doctor_speaks_the_language_also_when_limited(monkeypatch, capsys):
    monkeypatch.setenv("QUIZAPP_SANDBOX", "limited")
    code, out, _ = _run(capsys, "doctor")
    assert code == 0 and "サンドボックス: 制限付き" in out and "カーネルが提供するもの" in out
    assert "the kernel offers" not in out and "trial run" not in out
    assert_japanese("\n".join(out.splitlines()[2:]))  # after the Python and kernel version lines
    code, out, _ = _run(capsys, "--lang", "en", "doctor")
    assert code == 0 and "sandbox: limited" in out and "the kernel offers" in out
    assert_english(out)
    code, out, _ = _run(capsys, "doctor", "--json")
    assert '"sandbox": "limited"' in out and "QUIZAPP_SANDBOX=limited; the kernel offers" in out  # JSON stays as it was


# -- the sandbox's verdicts ---------------------------------------------------------------------
def test_the_sandbox_verdicts_a_learner_reads_are_translated():
    from quizapp.sandbox import Limits, Sandbox
    from quizapp.sandbox_text import run_error

    with Sandbox() as sb:
        exited = sb.run("import os\nos._exit(3)", result_names=[], limits=Limits(wall_s=10, cpu_s=5))
        cpu = sb.run("while True:\n    pass", result_names=[], limits=Limits(wall_s=30, cpu_s=1))
    assert exited.status == cpu.status == "crashed"
    i18n.set_lang("ja")
    assert run_error(exited.error) == "プロセスが結果を返す前に終了しました (終了コード 3)"
    assert run_error(cpu.error) == "プロセスが終了しました: CPU 時間の上限"
    assert run_error("did not finish within 4 s") == "4 秒以内に終わりませんでした"
    assert run_error("PermissionError: not allowed in the sandbox: import socket") == \
        "PermissionError: サンドボックスでは許可されていません: import socket"
    assert run_error("ZeroDivisionError: division by zero") == "ZeroDivisionError: division by zero"  # Python's own
    i18n.set_lang("en")
    assert run_error(exited.error) == exited.error
    assert run_error(cpu.error) == "the process ended: CPU time limit"


def test_the_drill_feedback_for_a_crash_is_in_the_interface_language(monkeypatch):
    from quizapp.drills import grader as g
    from quizapp.sandbox import Limits, RunResult

    crashed = RunResult("crashed", error="the process ended: killed (CPU time or memory limit)")
    i18n.set_lang("ja")
    with pytest.raises(g._Fail) as ja:  # noqa: SLF001
        g.Grader._result(crashed, Limits())  # noqa: SLF001
    assert ja.value.message.startswith("プロセスが終了しました: 強制終了 (CPU 時間かメモリの上限): ")
    assert_japanese(ja.value.message)
    i18n.set_lang("en")
    with pytest.raises(g._Fail) as en:  # noqa: SLF001
        g.Grader._result(crashed, Limits())  # noqa: SLF001
    assert en.value.message.startswith("the process ended: killed (CPU time or memory limit): does your code")


# -- QUIZAPP_LANG --------------------------------------------------------------------------------
def test_quizapp_lang_sets_the_default_and_lang_wins(monkeypatch, capsys):
    monkeypatch.setenv("QUIZAPP_LANG", "en")
    code, _, err = _run(capsys, "quiz", "--area", "物理")
    assert code == 2 and "unknown area" in err
    code, _, err = _run(capsys, "--lang", "ja", "quiz", "--area", "物理")
    assert code == 2 and "分野 '物理' はありません" in err
    monkeypatch.setenv("QUIZAPP_LANG", "fr")  # unknown: the default stays Japanese
    code, _, err = _run(capsys, "quiz", "--area", "物理")
    assert code == 2 and "分野 '物理' はありません" in err
