"""A damaged, empty, foreign or newer database: one clear message, never a traceback, never a
silently fresh database; the file is left as it was (issue 13)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.store import Store
from quizapp.store.health import DatabaseProblem

from tests.conftest import TEST_BANK


def _db_path(home: Path) -> Path:
    return home / "test.db"


def _filled_db(home: Path, answers: int = 3) -> Path:
    """A real quizapp database with some answers, closed (checkpointed into the main file)."""
    s = Store()
    for i in range(answers):
        s.record_answer(None, question_id=f"q{i}", part="", response=1, correct=True, seconds=1.0, mode="day",
                        day=1, area="機械学習", topic="t")
    s.close()
    path = _db_path(home)
    assert path.stat().st_size > 0
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, just text\n" * 200)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_page_type(path: Path) -> None:
    """Flip the b-tree page type byte of page 2: SQLite calls the file malformed."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size] ^= 0xFF
    path.write_bytes(bytes(data))


def _bad_freelist(path: Path) -> None:
    """A wrong free-page count in the header: opens fine, fails PRAGMA quick_check."""
    data = bytearray(path.read_bytes())
    data[36:40] = (int.from_bytes(data[36:40], "big") + 5).to_bytes(4, "big")
    path.write_bytes(bytes(data))


CASES = {
    # name: (damage, expected kind, words of the Japanese message)
    "garbage header": (_garbage, "not_sqlite", "SQLite) ではありません"),
    "truncated": (_truncate, "truncated", "途中で切れています"),
    "bit-flipped": (_flip_page_type, "corrupt", "壊れています"),
    "quick_check fails": (_bad_freelist, "corrupt", "壊れています"),
    "zero bytes": (lambda p: p.write_bytes(b""), "empty", "空 (0 バイト)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_database_gets_one_clear_message(case, isolated_home, capsys):
    damage, kind, words = CASES[case]
    path = _filled_db(isolated_home)
    damage(path)
    before = _digest(path)
    with pytest.raises(DatabaseProblem) as exc:
        Store()
    assert exc.value.kind == kind
    # The CLI: exit 1, the message with the path and what to do, no traceback.
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert words in err and str(path) in err
    assert "Traceback" not in err and "quizapp db check" in err
    assert "何も削除していません" in err
    # Nothing was changed: not migrated into a fresh database, not truncated, not "repaired".
    assert _digest(path) == before


def test_message_in_english_with_lang_en(isolated_home, capsys):
    path = _filled_db(isolated_home)
    _truncate(path)
    assert main(["--lang", "en", "report"]) == 1
    err = capsys.readouterr().err
    assert f"The database file is cut short (an interrupted copy or a disk problem?): {path}" in err
    assert "nothing was deleted" in err


def test_a_damaged_database_is_copied_aside_once_a_day(isolated_home):
    path = _filled_db(isolated_home)
    _bad_freelist(path)
    for _ in range(2):
        with pytest.raises(DatabaseProblem):
            Store()
    from quizapp.store.backup import list_backups

    damaged = [b for b in list_backups(path) if b.kind == "damaged"]
    assert len(damaged) == 1
    assert damaged[0].path.read_bytes() == path.read_bytes()


def test_message_names_the_newest_backup(isolated_home, capsys):
    path = _filled_db(isolated_home)
    assert main(["db", "backup"]) == 0
    capsys.readouterr()
    _garbage(path)
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    from quizapp.store.backup import list_backups

    newest = list_backups(path)[0].path
    assert f"quizapp db restore {newest}" in err


def test_zero_byte_file_is_not_treated_as_a_new_database(isolated_home, capsys):
    path = _db_path(isolated_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    assert main(["exam", "--history"]) == 1
    assert "空 (0 バイト)" in capsys.readouterr().err
    assert path.stat().st_size == 0  # not turned into an empty schema


def test_directory_at_the_path(isolated_home, capsys):
    path = _db_path(isolated_home)
    path.mkdir(parents=True)
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert f"データベースの場所がフォルダーになっています: {path}" in err
    assert path.is_dir() and not any(path.iterdir())


def test_fifo_at_the_path_is_refused_without_opening_it(isolated_home, capsys):
    path = _db_path(isolated_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    assert main(["report"]) == 1  # opening a FIFO would block forever
    assert "通常のファイルではありません" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(isolated_home, capsys):
    path = _filled_db(isolated_home)
    path.chmod(0)
    try:
        assert main(["report"]) == 1
        assert "読めません" in capsys.readouterr().err
    finally:
        path.chmod(0o600)


def test_path_through_a_file_is_unreadable_even_for_root(tmp_path, capsys):
    """A parent that is a file (ENOTDIR): an error other than 'no such file', so nothing is created."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    path = blocker / "quizapp.db"
    assert main(["--db", f"sqlite:///{path}", "report"]) == 1
    err = capsys.readouterr().err
    assert f"データベースを読めません: {path}" in err and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_sqlite_file_of_another_program(isolated_home, capsys):
    path = _db_path(isolated_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    assert main(["report"]) == 1
    assert "quizapp のデータベースではありません" in capsys.readouterr().err
    assert _digest(path) == before


def _newer(path: Path, needed: str | None) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    if needed is None:
        conn.execute("DELETE FROM app_meta")
    else:
        conn.execute("UPDATE app_meta SET value = ? WHERE key = 'schema_app_version'", (needed,))
    conn.commit()
    conn.close()


def test_database_from_a_newer_version_names_the_version_needed(isolated_home, capsys):
    from quizapp import __version__
    from quizapp.store.db import HEAD_REVISION

    path = _filled_db(isolated_home)
    _newer(path, "0.9.0")
    before = _digest(path)
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert "新しいバージョンの quizapp で更新されています" in err
    assert f"スキーマ 9999 は、この quizapp {__version__} (スキーマ {HEAD_REVISION} まで対応)" in err
    assert "quizapp 0.9.0 以上に更新してください" in err
    assert _digest(path) == before
    assert main(["--lang", "en", "report"]) == 1
    assert "Install quizapp 0.9.0 or later" in capsys.readouterr().err


def test_newer_database_without_a_recorded_version(isolated_home, capsys):
    path = _filled_db(isolated_home)
    _newer(path, None)
    assert main(["report"]) == 1
    assert "最新版に更新してください" in capsys.readouterr().err


def test_migrating_records_the_version_the_schema_needs(store):
    from quizapp import __version__

    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM app_meta WHERE key='schema_app_version'").scalar() \
            == __version__


async def test_tui_shows_the_problem_instead_of_an_empty_home(isolated_home):
    from quizapp.bank import load_bank
    from quizapp.tui.app import make_app
    from quizapp.tui.screens.db_error import DatabaseErrorScreen
    from quizapp.tui.screens.home import HomeScreen

    path = _filled_db(isolated_home, answers=5)
    _flip_page_type(path)
    app = make_app(bank=load_bank([TEST_BANK]))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.db_problem is not None:
                break
        await pilot.pause()
        assert isinstance(app.screen, DatabaseErrorScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)  # no "0 answered"
        assert app.store is None
        text = str(app.screen.query_one("#dberror-message").render())
        assert "壊れています" in text and str(path) in text
        await pilot.press("q")
    assert app.db_problem is not None and app.db_problem.kind == "corrupt"


@pytest.mark.postgresql
def test_newer_database_on_postgresql_names_the_version(pg_database, capsys):
    from sqlalchemy import text

    from quizapp.store.db import make_engine

    engine = make_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        assert conn.execute(text("SELECT value FROM app_meta")).scalar() is not None  # recorded by upgrade()
        conn.execute(text("UPDATE app_meta SET value = '0.9.0' WHERE key = 'schema_app_version'"))
    engine.dispose()
    with pytest.raises(DatabaseProblem) as exc:
        Store(pg_database)
    assert exc.value.kind == "newer" and exc.value.extra["needed"] == "0.9.0"
    assert main(["--db", pg_database, "report"]) == 1
    assert "quizapp 0.9.0 以上に更新してください" in capsys.readouterr().err
