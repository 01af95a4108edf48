"""``quizapp db check|backup|restore`` and the app's own rotating backups (issue 13)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.store import Store
from quizapp.store.backup import KEEP, daily_backup, list_backups


def _answer(store: Store, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        store.record_answer(None, question_id=f"q{i}", part="", response=1, correct=i % 2 == 0, seconds=1.0,
                            mode="day", day=1, area="機械学習", topic="t")


def _count(path: Path, table: str = "answers") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("cmd", [["db"], ["db", "check"], ["db", "backup"], ["db", "restore"]])
def test_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*cmd, "--help"])
    assert exc.value.code == 0
    ja = capsys.readouterr().out
    assert ja.startswith("使い方: quizapp db") and "データベース" in ja
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", *cmd, "--help"])
    assert exc.value.code == 0
    en = capsys.readouterr().out
    assert en.startswith("usage: quizapp db") and "database" in en


def test_check_counts_rows_and_exits_0(store, isolated_home, capsys):
    _answer(store, 4)
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "整合性チェック (integrity_check): 問題なし" in out
    rows = {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.startswith("  ")
            and len(line.split()) == 2 and line.split()[1].isdigit()}
    assert rows["answers"] == 4 and rows["learners"] == 1 and rows["alembic_version"] == 1


def test_check_of_a_damaged_database_exits_1(store, isolated_home, capsys):
    _answer(store, 3)
    store.close()
    path = isolated_home / "test.db"
    data = bytearray(path.read_bytes())
    data[36:40] = (int.from_bytes(data[36:40], "big") + 5).to_bytes(4, "big")  # wrong free-page count
    path.write_bytes(bytes(data))
    assert main(["db", "check"]) == 1
    captured = capsys.readouterr()
    assert "1 件の問題" in captured.out and "freelist" in captured.out.lower()
    assert "quizapp db" in captured.err


def test_check_of_a_missing_database(capsys):
    assert main(["db", "check"]) == 1
    assert "データベースのファイルがありません" in capsys.readouterr().err


def test_backup_while_another_process_writes(store, isolated_home, tmp_path, capsys):
    _answer(store, 5)
    path = isolated_home / "test.db"
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from quizapp.store import Store
        s = Store({f"sqlite:///{path}"!r})
        print("ready", flush=True)
        i = 0
        end = time.monotonic() + 20
        while time.monotonic() < end:
            s.record_answer(None, question_id=f"w{{i}}", part="", response=1, correct=True, seconds=1.0,
                            mode="day", day=2, area="機械学習", topic="w")
            i += 1
    """)], stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert writer.stdout.readline().strip() == "ready"
        counts = []
        for k in range(4):
            before = _count(path)
            dest = tmp_path / f"b{k}.db"
            assert main(["db", "backup", str(dest)]) == 0
            after = _count(path)
            assert _integrity(dest) == "ok"
            n = _count(dest)
            assert before <= n <= after  # a consistent snapshot from during the backup
            counts.append(n)
            time.sleep(0.1)
        assert writer.poll() is None, "the writer must still be running"
        assert counts[-1] > counts[0] >= 5, counts  # the writer really wrote in between
    finally:
        writer.kill()
        writer.wait()
    assert "バックアップしました" in capsys.readouterr().out


def test_backup_into_the_backups_folder_and_refuses_to_overwrite(store, isolated_home, tmp_path, capsys):
    _answer(store, 2)
    assert main(["db", "backup"]) == 0
    made = [b for b in list_backups(isolated_home / "test.db") if b.kind == "manual"]
    assert len(made) == 1 and _count(made[0].path) == 2
    existing = tmp_path / "exists.db"
    existing.write_bytes(b"keep me")
    assert main(["db", "backup", str(existing)]) == 2
    assert existing.read_bytes() == b"keep me"
    assert "上書きはしません" in capsys.readouterr().err


def test_restore_round_trip_keeps_the_replaced_database(store, isolated_home, tmp_path, capsys):
    _answer(store, 3)
    backup = tmp_path / "three.db"
    assert main(["db", "backup", str(backup)]) == 0
    _answer(store, 2, start=3)
    assert store.answers_total() == 5
    store.close()
    assert main(["db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    again = Store()
    try:
        assert again.answers_total() == 3
    finally:
        again.close()
    replaced = [b for b in list_backups(isolated_home / "test.db") if b.kind == "replaced"]
    assert len(replaced) == 1 and _count(replaced[0].path) == 5  # nothing lost
    assert str(replaced[0].path) in out


@pytest.mark.parametrize("bad", ["garbage", "truncated", "newer", "foreign", "missing", "directory"])
def test_restore_of_a_bad_file_is_refused_and_changes_nothing(bad, store, isolated_home, tmp_path, capsys):
    _answer(store, 3)
    store.close()
    live = isolated_home / "test.db"
    before = _digest(live)
    src = tmp_path / "bad.db"
    if bad == "garbage":
        src.write_bytes(b"not a database" * 100)
    elif bad == "truncated":
        data = live.read_bytes()
        src.write_bytes(data[: len(data) // 3])
    elif bad == "newer":
        assert main(["db", "backup", str(src)]) == 0
        conn = sqlite3.connect(src)
        conn.execute("UPDATE alembic_version SET version_num='9999'")
        conn.commit()
        conn.close()
    elif bad == "foreign":
        conn = sqlite3.connect(src)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    elif bad == "directory":
        src.mkdir()
    capsys.readouterr()
    assert main(["db", "restore", str(src)]) == 1
    err = capsys.readouterr().err
    assert str(src) in err and "現在のデータベースには何も変更を加えていません" in err
    assert "Traceback" not in err
    assert _digest(live) == before
    assert not [b for b in list_backups(live) if b.kind == "replaced"]


def test_restore_over_a_damaged_database_keeps_its_bytes(store, isolated_home, tmp_path):
    _answer(store, 2)
    good = tmp_path / "good.db"
    assert main(["db", "backup", str(good)]) == 0
    store.close()
    live = isolated_home / "test.db"
    live.write_bytes(b"garbage" * 1000)
    assert main(["db", "restore", str(good)]) == 0
    replaced = [b for b in list_backups(live) if b.kind == "replaced"]
    assert len(replaced) == 1 and replaced[0].path.read_bytes() == b"garbage" * 1000
    s = Store()
    try:
        assert s.answers_total() == 2
    finally:
        s.close()


def test_other_databases_say_what_is_supported(capsys):
    for action in (["backup"], ["restore", "x.db"]):
        assert main(["--db", "postgresql://u@localhost:1/quiz", "db", *action]) == 2
        err = capsys.readouterr().err
        assert "SQLite のファイルだけに対応しています" in err and "pg_dump" in err


def test_daily_backup_once_a_day_and_rotated(store, isolated_home):
    path = isolated_home / "test.db"
    _answer(store, 1)
    Store().close()  # the first open of the day on an existing database
    Store().close()  # the second makes no other
    daily = [b for b in list_backups(path) if b.kind == "daily"]
    assert len(daily) == 1 and _count(daily[0].path) == 1
    # Nine more days: only the newest KEEP["daily"] stay.
    for d in range(1, 10):
        day = datetime.now() + timedelta(days=d)
        made = daily_backup(path, now=day)
        assert made is not None and day.strftime("%Y%m%d") in made.name
        assert daily_backup(path, now=day) is None
    daily = [b for b in list_backups(path) if b.kind == "daily"]
    assert len(daily) == KEEP["daily"]
    newest = (datetime.now() + timedelta(days=9)).strftime("%Y%m%d")
    assert daily[0].stamp.startswith(newest)
    assert daily[-1].stamp.startswith((datetime.now() + timedelta(days=3)).strftime("%Y%m%d"))
    assert all(_integrity(b.path) == "ok" for b in daily)


def test_backup_before_migrating(tmp_path):
    from quizapp.store.db import HEAD_REVISION, make_engine, upgrade

    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0003")
    engine.dispose()
    s = Store(f"sqlite:///{path}")
    s.close()
    pre = [b for b in list_backups(path) if b.kind == "pre"]
    assert len(pre) == 1 and pre[0].path.name.endswith("-pre-0003.db")
    conn = sqlite3.connect(pre[0].path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    conn.close()
