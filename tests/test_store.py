"""The progress store: schema from migrations, durability, two instances at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import text

from quizapp.store import Store
from quizapp.store.db import current_revision, head_revision, make_engine, upgrade

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)


def test_new_database_is_migrated_and_in_wal(store, backend):
    assert current_revision(store.engine) == head_revision()
    if backend != "sqlite":
        return
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_head_constant_is_alembic_head():
    from quizapp.store.db import HEAD_REVISION

    assert HEAD_REVISION == head_revision()


def test_migrations_match_models(empty_db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from quizapp.store.models import Base

    engine = make_engine(empty_db_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff
    engine.dispose()


def test_old_database_keeps_history(empty_db_url):
    """A database created by the first release opens in this one with its answers."""
    from datetime import UTC, datetime

    url = empty_db_url
    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        lid = conn.execute(text("INSERT INTO learners (name, created_at) VALUES ('default', :t) RETURNING id"),
                           {"t": datetime(2025, 1, 1, tzinfo=UTC)}).scalar()
        conn.execute(text(
            "INSERT INTO answers (learner_id, question_id, part, response, correct, seconds, answered_at, mode, day, area, topic) "
            "VALUES (:lid, 'q', '', '1', :ok, 2.0, :t, 'day', 3, '機械学習', 't')"),
            {"lid": lid, "ok": True, "t": datetime(2025, 1, 1, 23, 30, tzinfo=UTC)})
    engine.dispose()
    s = Store(url)
    assert s.answers_total() == 1
    assert s.progress_by_day()[3].correct == 1
    assert s.daily_totals()[0][:3] == ("2025-01-01", 1, 1)  # the backfilled rollup keeps the UTC date
    s.close()


def test_answers_and_sessions(store):
    sid = store.start_session("day", "t", ["a", "b#あ", "b#い"])
    store.record_answer(sid, question_id="a", part="", response=2, correct=True, seconds=1.5,
                        mode="day", day=1, area="機械学習", topic="x")
    store.record_answer(sid, question_id="b", part="あ", response=1, correct=False, seconds=3,
                        mode="day", day=1, area="機械学習", topic="x")
    info = store.load_session(sid)
    assert info.remaining == ["b#い"]
    assert info.answers["b#あ"].correct is False
    assert [s.id for s in store.unfinished_sessions()] == [sid]
    store.finish_session(sid)
    assert store.unfinished_sessions() == []
    p = store.progress_by_area()["機械学習"]
    assert (p.answers, p.correct, p.questions) == (2, 1, 2)


WRITER = textwrap.dedent("""
    import sys, time
    from quizapp.store import Store
    s = Store(sys.argv[1])
    sid = s.start_session("day", "w", ["q"])
    n = int(sys.argv[2])
    for i in range(n):
        s.record_answer(sid, question_id=f"q{i}", part="", response=i, correct=i % 2 == 0, seconds=0.1,
                        mode="day", day=1, area="機械学習", topic="t")
        print(i, flush=True)
        if sys.argv[3] == "slow":
            time.sleep(0.002)
""")


def test_killed_process_loses_no_committed_answer(db_url):
    url = db_url
    Store(url).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, "100000", "slow"], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while acknowledged < 50 and time.monotonic() < deadline:
        acknowledged = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    s = Store(url)
    # every answer whose record_answer() returned (it printed its number) is in the database
    assert s.answers_total() >= acknowledged + 1
    s.close()


def test_two_instances_write_at_once(db_url):
    url = db_url
    Store(url).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, "150", "fast"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("locked" in e for e in errs)
    s = Store(url)
    assert s.answers_total() == 300
    s.close()


def test_rollups_match_a_recount_of_all_answers(store):
    import random
    from collections import Counter
    from datetime import UTC, datetime, timedelta

    from quizapp.store import repo

    rng = random.Random(5)
    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    rows = []
    for i in range(300):
        qid = f"q{rng.randrange(20)}"
        day = int(qid[1:]) % 10
        ok = rng.random() < 0.6
        when = t0 + timedelta(hours=rng.randrange(24 * 20))
        store.record_answer(None, question_id=qid, part="", response=1, correct=ok, seconds=2.0, mode="day",
                            day=day, area="機械学習" if day < 5 else "深層学習の基礎", topic=f"t{day % 3}", when=when)
        rows.append((qid, day, ok, when))
    by_day = store.progress_by_day()
    for d in range(10):
        mine = [r for r in rows if r[1] == d]
        assert by_day[d].answers == len(mine)
        assert by_day[d].correct == sum(r[2] for r in mine)
        assert by_day[d].questions == len({r[0] for r in mine})
    daily = {d: (a, c) for d, a, c, _s in store.daily_totals()}
    count = Counter(r[3].date().isoformat() for r in rows)
    assert {d: a for d, (a, c) in daily.items()} == dict(count)
    assert store.answers_total() == 300
    # a rebuild from the raw answers gives the same totals
    with store.engine.begin() as conn:
        repo.rebuild_stats(conn)
    assert store.progress_by_day() == by_day
