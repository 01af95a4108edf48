"""What the quick paths import, checked in a fresh interpreter (as tests/test_import_hygiene.py
does for the core): ``quizapp drill check`` grades and records without SQLAlchemy, Alembic or
Textual when the database is already there; ``--help`` needs none of the heavy modules; the
app's first frame needs none of them either."""

from __future__ import annotations

import json
import subprocess
import sys

from quizapp.drills.model import load_drills

HEAVY = ("sqlalchemy", "alembic", "textual", "plotext", "budoux", "yaml", "numpy", "quizapp.drills.grader",
         "quizapp.store.store", "fsrs")


def _run_main(argv: list[str], tmp_path) -> tuple[int, list[str], str]:
    """``quizapp.cli.main(argv)`` in a fresh interpreter: (exit code, heavy modules it imported, stdout)."""
    out = tmp_path / "mods.json"
    code = (
        "import json, sys\n"
        "from quizapp.cli import main\n"
        "try:\n"
        f"    rc = main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    rc = exc.code or 0\n"
        f"json.dump(sorted(m for m in {HEAVY!r} if m in sys.modules), open({str(out)!r}, 'w'))\n"
        "sys.exit(rc)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    return r.returncode, json.loads(out.read_text()), r.stdout


def _solution(tmp_path):
    sol = tmp_path / "relu.py"
    sol.write_text(load_drills()["day01.relu"].solution, encoding="utf-8")
    return sol


def test_drill_check_grades_and_records_without_sqlalchemy_alembic_or_textual(tmp_path):
    from quizapp.store.store import Store

    Store().close()  # the database exists at the newest revision (the usual case)
    rc, mods, out = _run_main(["drill", "check", "day01.relu", "--file", str(_solution(tmp_path))], tmp_path)
    assert rc == 0, out
    assert "合格" in out
    assert not {"sqlalchemy", "alembic", "textual", "quizapp.store.store", "plotext", "budoux"} & set(mods), mods
    assert "numpy" in mods and "quizapp.drills.grader" in mods  # it did grade, in this process too
    store = Store()
    try:
        assert store.passed_drills() == {"day01.relu"}  # recorded, and scheduled as the full store would
        assert [item for item, _kind, _card, _due in store.cards()] == ["drill:day01.relu"]
    finally:
        store.close()


def test_drill_check_on_a_new_database_creates_it_with_the_full_store(tmp_path, isolated_home):
    assert not (isolated_home / "test.db").exists()
    rc, mods, out = _run_main(["drill", "check", "day01.relu", "--file", str(_solution(tmp_path))], tmp_path)
    assert rc == 0, out
    assert "sqlalchemy" in mods  # migrations need it
    from quizapp.store.store import Store

    store = Store()
    try:
        assert store.passed_drills() == {"day01.relu"}
    finally:
        store.close()


def test_drill_check_help_imports_nothing_heavy(tmp_path):
    rc, mods, out = _run_main(["drill", "check", "--help"], tmp_path)
    assert rc == 0 and "--file" in out
    assert mods == [], mods


def test_an_unknown_drill_id_is_still_named_with_every_drill_loaded(tmp_path, capsys):
    from quizapp.cli import main

    sol = _solution(tmp_path)
    assert main(["--lang", "en", "drill", "check", "day01.nope", "--file", str(sol)]) == 2
    assert "day01.nope" in capsys.readouterr().err


def test_load_one_reads_the_same_drill_as_load_drills(monkeypatch):
    from dataclasses import fields

    from quizapp.drills import model
    from quizapp.drills.model import load_one

    every = load_drills()
    monkeypatch.setattr(model, "_CACHE", {})  # read from its folder, not handed out of the cache
    for drill_id in ("day00.softmax", "day01.relu", "day09.q_learning"):
        one = load_one(drill_id)
        assert one is not None and one is not every[drill_id]
        for f in fields(one):
            if f.name != "_modules":
                assert getattr(one, f.name) == getattr(every[drill_id], f.name), f.name
    assert load_one("day01.nope") is None and load_one("../etc") is None and load_one("DAY01.relu") is None
