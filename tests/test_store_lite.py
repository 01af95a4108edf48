"""The light store (plain sqlite3, no SQLAlchemy): what it reads equals what the full store
reads, what it writes for a drill check is what the full store writes, and it steps aside for
everything it must not handle (new, older or odd databases), after the same checks."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.store.lite import LiteStore
from quizapp.store.store import Store

CHECKS = [{"name": "import", "passed": True, "message": "ok"}]


def _populated(url: str, bank) -> Store:
    store = Store(url)
    qs = bank.questions
    now = datetime.now(UTC)
    done = store.start_session("day", "DAY.1", [q.id for q in qs[:3]])
    for i, q in enumerate(qs[:3]):
        store.record_answer(done, question_id=q.id, part="", response=1, correct=i != 1, seconds=5.0, mode="day",
                            day=q.day, area=q.area, topic=q.topic, rating=3 if i != 1 else 1,
                            when=now - timedelta(days=3 - i))
    store.finish_session(done)
    open_quiz = store.start_session("mixed", "mixed", [q.id for q in qs[3:6]], params={"count": 3})
    store.record_answer(open_quiz, question_id=qs[3].id, part="", response=[1, 2], correct=True, seconds=2.5,
                        mode="mixed", day=qs[3].day, area=qs[3].area, topic=qs[3].topic, rating=4,
                        shown_order=[2, 1, 3, 4])
    exam = store.start_session("exam", "模擬試験", [q.id for q in qs[:4]], time_limit_s=600)
    store.save_exam_response(exam, qs[0].id, 2, True, 12.0)
    store.save_exam_response(exam, qs[1].id, None, False, 14.0)
    store.record_drill_submission("day01.relu", "x = 1\n", False, CHECKS, 0.2)
    store.record_drill_submission("day01.relu", "x = 2\n", True, CHECKS, 0.3)
    store.record_drill_submission("day01.affine", "x = 3\n", False, CHECKS, 0.1)
    store.review_item("drill:day01.affine", "drill", 1, when=now - timedelta(days=2))
    return store


def test_reads_equal_the_full_store(tmp_path, test_bank):
    from quizapp.study import plan

    url = f"sqlite:///{tmp_path / 'p.db'}"
    store = _populated(url, test_bank)
    lite = LiteStore.open(url, check=False)
    assert lite is not None and lite.learner_id == store.learner_id
    try:
        now = datetime.now(UTC) + timedelta(days=30)  # everything due by then
        assert lite.progress_by_day() == store.progress_by_day() != {}
        assert lite.progress_by_question() == store.progress_by_question() != {}
        assert lite.progress_by_area() == store.progress_by_area()
        assert lite.passed_drills() == store.passed_drills() == {"day01.relu"}
        for modes in (None, ["mixed", "exam"], ["exam"], ["review"]):
            assert lite.unfinished_sessions(modes) == store.unfinished_sessions(modes)
        assert len(lite.unfinished_sessions()) == 2
        exam_id = store.unfinished_sessions(["exam"])[0].id
        assert lite.exam_responses(exam_id) == store.exam_responses(exam_id) != {}
        assert lite.cards() == store.cards() != []
        for kind in (None, "question", "drill"):
            assert lite.due_items(now, kind=kind) == store.due_items(now, kind=kind)
        assert lite.due_items(now, limit=2) == store.due_items(now, limit=2)
        assert lite.due_items() == store.due_items()
        assert lite.next_due(now) == store.next_due(now) is not None
        for back in range(4):
            day = (datetime.now(UTC) - timedelta(days=back)).date()
            assert lite.first_reviews_on(day) == store.first_reviews_on(day)
        assert lite.study_dates() == store.study_dates() != []
        assert plan(test_bank, lite) == plan(test_bank, store)
        assert plan(test_bank, lite, now) == plan(test_bank, store, now)
    finally:
        lite.close()
        store.close()


def test_a_drill_submission_is_written_as_the_full_store_writes_it(tmp_path, monkeypatch, test_bank):
    import quizapp.store.lite as lite_mod
    import quizapp.store.store as store_mod

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _populated(f"sqlite:///{a}", test_bank).close()
    shutil.copy(a, b)
    clock = [datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)]
    monkeypatch.setattr(store_mod, "utcnow", lambda: clock[0])
    monkeypatch.setattr(lite_mod, "_now", lambda: clock[0])
    full, lite = Store(f"sqlite:///{a}"), LiteStore.open(f"sqlite:///{b}")
    assert lite is not None
    # fails, a pass after two failures (Hard), a second pass the same day (not scheduled again),
    # a pass the next day, and a drill never seen before
    steps = [("day01.sigmoid", False), ("day01.sigmoid", False), ("day01.sigmoid", True),
             ("day01.sigmoid", True), ("day01.relu", True), ("day02.new", False)]
    for i, (drill, passed) in enumerate(steps):
        clock[0] += timedelta(hours=1 if i != 4 else 30)
        ids = (full.record_drill_submission(drill, f"# {i}\n", passed, CHECKS, 0.25 * i),
               lite.record_drill_submission(drill, f"# {i}\n", passed, CHECKS, 0.25 * i))
        assert ids[0] == ids[1]
    full.close()
    lite.close()

    def dump(path):
        conn = sqlite3.connect(path)
        try:
            return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                    for t in ("drill_submissions", "review_cards", "review_logs", "learners")}
        finally:
            conn.close()

    got, want = dump(b), dump(a)
    assert got == want
    assert len(want["review_logs"]) > 5 and any(r[3] == 2 for r in want["review_logs"])  # a Hard rating was logged


def test_a_new_learner_is_created_like_the_full_store_does(tmp_path):
    url = f"sqlite:///{tmp_path / 'l.db'}"
    Store(url).close()
    assert LiteStore.open(url, learner="hanako", check=False) is None  # a preview never writes
    lite = LiteStore.open(url, learner="hanako")
    assert lite is not None
    lite.close()
    full = Store(url, learner="hanako")
    assert full.learner_id == lite.learner_id and full.learner_name == "hanako"
    full.close()


def test_it_steps_aside_for_what_the_full_store_must_do(tmp_path):
    assert LiteStore.open(f"sqlite:///{tmp_path / 'new.db'}") is None  # not there: created and migrated
    assert not (tmp_path / "new.db").exists()
    assert LiteStore.open("sqlite://") is None and LiteStore.open("sqlite:///:memory:") is None
    assert LiteStore.open("postgresql://u@localhost/x") is None
    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store(url).close()
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.execute("UPDATE alembic_version SET version_num = '0006'")
    conn.commit()
    conn.close()
    for check in (True, False):
        assert LiteStore.open(url, check=check) is None  # an older schema: migrated (with a backup) by the full store


def test_checks_and_the_daily_backup_come_before_a_write(tmp_path):
    from quizapp.store.backup import list_backups
    from quizapp.store.health import DatabaseProblem

    path = tmp_path / "d.db"
    Store(f"sqlite:///{path}").close()
    assert not [b for b in list_backups(path) if b.kind == "daily"]  # a new database has nothing to keep
    lite = LiteStore.open(f"sqlite:///{path}")
    assert lite is not None
    lite.close()
    assert [b.kind for b in list_backups(path)] == ["daily"]
    assert LiteStore.open(f"sqlite:///{path}", check=False).close() is None  # the preview takes none
    assert len(list_backups(path)) == 1

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(DatabaseProblem):
        LiteStore.open(f"sqlite:///{bad}")
    assert LiteStore.open(f"sqlite:///{bad}", check=False) is None
    assert bad.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 50  # left as it was
