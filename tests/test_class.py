"""Class mode on PostgreSQL: row-level security, finals, scores recomputed on the instructor's side."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from quizapp.classmode import finals, roster, scoring, security
from quizapp.store.db import make_engine
from quizapp.store.store import Store
from test_exam import synthetic_bank

pytestmark = pytest.mark.postgresql

DRILLS = {f"day0{d}.x": SimpleNamespace(id=f"day0{d}.x", day=d) for d in range(3)}


def fake_grade(drill, code):
    """Stands in for the sandboxed grader: only code saying GOOD passes."""
    ok = "GOOD" in code
    return ok, 3 if ok else 1, 3


@pytest.fixture
def klass(pg_database):
    """A class database with two learners; yields (admin engine, {name: learner URL})."""
    admin = make_engine(pg_database)
    security.install(admin)
    creds = roster.add_learners(admin, ["alice", "bob"])
    urls = {c.name: roster.learner_url(pg_database, c) for c in creds}
    yield SimpleNamespace(admin=admin, urls=urls, url=pg_database, creds={c.name: c for c in creds})
    admin.dispose()


def _study(store: Store, n: int) -> int:
    sid = store.start_session("day", "t", [f"q{i}" for i in range(n)])
    for i in range(n):
        store.record_answer(sid, question_id=f"q{i}", part="", response=1, correct=False, seconds=1, mode="day",
                            day=1, area="機械学習", topic="t", rating=1)
    store.save_exam_response(sid, "q0", 1, False, 5.0)
    return sid


def test_store_on_a_class_database_is_the_login_learner(klass):
    s = Store(klass.urls["alice"], learner="bob")  # the --learner name cannot override the login
    assert s.learner_name == "alice"
    s.close()


def test_a_learner_cannot_read_change_or_delete_another_learners_rows(klass):
    alice, bob = Store(klass.urls["alice"]), Store(klass.urls["bob"])
    _study(alice, 3)
    bob_session = _study(bob, 4)
    bob_id = bob.learner_id
    bob.close()
    with klass.admin.connect() as conn:  # the instructor reads everybody's rows
        assert conn.execute(text("SELECT count(*) FROM answers")).scalar() == 7
        assert conn.execute(text("SELECT count(*) FROM review_cards")).scalar() == 7
    eng = make_engine(klass.urls["alice"])
    tables = ["answers", "review_cards", "review_logs", "quiz_sessions", "question_stats", "daily_stats"]
    with eng.begin() as conn:
        for table in tables:
            assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE learner_id = :b"),
                                {"b": bob_id}).scalar() == 0, table
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() > 0, table  # own rows, yes
        assert conn.execute(text("SELECT count(*) FROM exam_responses WHERE session_id = :s"),
                            {"s": bob_session}).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM learners")).scalar() == 1
        # changes and deletes of bob's rows touch nothing
        assert conn.execute(text("UPDATE answers SET correct = true WHERE learner_id = :b"), {"b": bob_id}).rowcount == 0
        assert conn.execute(text("DELETE FROM review_cards WHERE learner_id = :b"), {"b": bob_id}).rowcount == 0
        assert conn.execute(text("DELETE FROM quiz_sessions WHERE learner_id = :b"), {"b": bob_id}).rowcount == 0
        assert conn.execute(text("UPDATE exam_responses SET response = '2' WHERE session_id = :s"),
                            {"s": bob_session}).rowcount == 0
        assert conn.execute(text("DELETE FROM exam_responses WHERE session_id = :s"), {"s": bob_session}).rowcount == 0
    # writing a row in bob's name is refused by the policy
    for stmt in (
        "INSERT INTO answers (learner_id, question_id, part, response, correct, seconds, answered_at, mode, day, "
        "area, topic) VALUES (:b, 'x', '', '1', true, 1, now(), 'day', 1, 'a', 't')",
        "UPDATE answers SET learner_id = :b",
        "INSERT INTO exam_responses (session_id, item, response, flagged, updated_at) "
        "VALUES (:s, 'zz', '1', false, now())",
    ):
        with pytest.raises(Exception, match="row-level security|violates"):
            with eng.begin() as conn:
                conn.execute(text(stmt), {"b": bob_id, "s": bob_session})
    eng.dispose()
    alice.close()
    with klass.admin.connect() as conn:  # bob's rows are all still there, unchanged
        assert conn.execute(text("SELECT count(*), sum(CASE WHEN correct THEN 1 ELSE 0 END) FROM answers "
                                 "WHERE learner_id = :b"), {"b": bob_id}).one() == (4, 0)
        assert conn.execute(text("SELECT count(*) FROM review_cards WHERE learner_id = :b"), {"b": bob_id}).scalar() == 4
        assert conn.execute(text("SELECT count(*) FROM exam_responses WHERE session_id = :s"),
                            {"s": bob_session}).scalar() == 1


def test_a_learner_cannot_touch_the_final_or_the_grades(klass):
    final = finals.create_final(klass.admin, synthetic_bank(per_area=10), DRILLS, questions=8, drill_count=2)
    eng = make_engine(klass.urls["alice"])
    with eng.connect() as conn:  # reading the open final is allowed
        assert conn.execute(text("SELECT count(*) FROM final_tests")).scalar() == 1
    for stmt in ("UPDATE final_tests SET closes_at = closes_at + interval '1 day'",
                 "DELETE FROM final_tests",
                 "INSERT INTO final_tests (title, seed, items, drills, knowledge_minutes, technical_minutes, "
                 "pass_line, opens_at, closes_at, created_at) VALUES ('x', 1, '[]', '[]', 1, 1, 0.5, now(), now(), now())",
                 "SELECT * FROM final_grades",
                 "UPDATE learners SET login = 'x'",
                 "INSERT INTO learners (name, created_at) VALUES ('mallory', now())"):
        with pytest.raises(Exception, match="permission denied"):
            with eng.begin() as conn:
                conn.execute(text(stmt))
    # a final that has not opened yet is invisible (its questions cannot be looked up in advance)
    later = finals.create_final(klass.admin, synthetic_bank(per_area=10), DRILLS, questions=8, drill_count=2,
                                opens_in_minutes=60)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT id FROM final_tests")).scalars().all() == [final.id]
    # a started final cannot be deleted to start it again with a fresh clock
    s = Store(klass.urls["alice"])
    run = finals.knowledge_run(s, synthetic_bank(per_area=10), final)
    with eng.begin() as conn:
        assert conn.execute(text("DELETE FROM quiz_sessions WHERE id = :s"), {"s": run.session_id}).rowcount == 0
        assert conn.execute(text("DELETE FROM quiz_sessions WHERE final_id IS NULL")).rowcount == 0  # none: fine
    assert finals.knowledge_run(s, synthetic_bank(per_area=10), final).session_id == run.session_id
    s.close()
    eng.dispose()
    assert finals.get_final(klass.admin, final.id) == final and finals.get_final(klass.admin, later.id) == later


def test_final_is_fixed_seeded_and_resumes(klass):
    bank = synthetic_bank(per_area=10)
    final = finals.create_final(klass.admin, bank, DRILLS, questions=8, minutes=30, drill_count=2, seed=7)
    again = finals.create_final(klass.admin, bank, DRILLS, questions=8, minutes=30, drill_count=2, seed=7)
    assert final.items == again.items and len(final.items) == 8 and len(final.drills) == 2
    s = Store(klass.urls["alice"])
    assert [f.id for f in finals.open_finals(s)] == [final.id, again.id]
    run = finals.knowledge_run(s, bank, final)
    assert run.items == final.items and run.time_limit_s == 30 * 60
    run.go(2)
    run.set_response(2, elapsed_s=12.0)
    s.close()
    s = Store(klass.urls["alice"])  # as after a crash
    run2 = finals.knowledge_run(s, bank, final)
    assert run2.session_id == run.session_id and run2.responses == {final.items[2]: 2} and run2.elapsed_s == 12.0
    t = finals.technical_run(s, final)
    assert t.drill_ids == final.drills and finals.technical_run(s, final).session_id == t.session_id
    short = finals.create_final(klass.admin, bank, DRILLS, questions=8, minutes=30, drill_count=2, hours_open=0.25)
    assert 14 * 60 < finals.knowledge_run(s, bank, short).time_limit_s <= 15 * 60  # closes before 30 min
    finals.close_final(klass.admin, final.id)
    assert [f.id for f in finals.open_finals(s)] == [again.id, short.id]
    s.close()


def _answer_all(run, bank, right: bool) -> None:
    from quizapp.store.types import split_item

    for i, item in enumerate(run.items):
        q = bank.get(split_item(item)[0])
        run.go(i)
        run.set_response(q.answer if right else (q.answer + 1) % 4, elapsed_s=float(i))


def test_forged_rows_and_answers_after_the_close_gain_nothing(klass):
    bank = synthetic_bank(per_area=10, code_every=0)
    final = finals.create_final(klass.admin, bank, DRILLS, questions=8, drill_count=2, seed=3)
    alice, bob = Store(klass.urls["alice"]), Store(klass.urls["bob"])
    # alice: honest, 8 of 8 right and one drill solved
    _answer_all(finals.knowledge_run(alice, bank, final), bank, right=True)
    finals.technical_run(alice, final)
    alice.record_drill_submission(final.drills[0], "GOOD", True, [], 0.1)
    # bob: wrong answers in the window, then forgeries
    brun = finals.knowledge_run(bob, bank, final)
    _answer_all(brun, bank, right=False)
    finals.technical_run(bob, final)
    for d in final.drills:  # claims to pass both drills with code that does not
        bob.record_drill_submission(d, "pass", True, [{"name": "forward", "passed": True}], 0.1)
    eng = make_engine(klass.urls["bob"])
    with eng.begin() as conn:
        for item in final.items:  # correct = true answers in the final's session
            conn.execute(text(
                "INSERT INTO answers (session_id, learner_id, question_id, part, response, correct, seconds, "
                "answered_at, mode, day, area, topic) VALUES (:s, :l, :q, '', '0', true, 1, now(), 'exam', 1, "
                "'a', 't')"), {"s": brun.session_id, "l": bob.learner_id, "q": item})
        # a back-dated start to look fast is put back by the server
        conn.execute(text("UPDATE quiz_sessions SET started_at = now() - interval '1 day', final_id = NULL "
                          "WHERE id = :s"), {"s": brun.session_id})
    board = {st.learner: st for st in scoring.standings(klass.admin, final.id, bank, DRILLS, fake_grade)}
    assert (board["bob"].knowledge_correct, board["bob"].technical_passed) == (0, 0)
    assert (board["alice"].knowledge_correct, board["alice"].technical_passed) == (8, 1)
    assert board["alice"].rank == 1 and board["bob"].rank == 2
    # after the close, bob's right answers (and back-dated saves) count for nothing
    finals.close_final(klass.admin, final.id)
    _answer_all(brun, bank, right=True)
    with eng.begin() as conn:
        conn.execute(text("UPDATE exam_responses SET updated_at = now() - interval '1 hour'"))
    bob.record_drill_submission(final.drills[0], "GOOD", True, [], 0.1)
    with klass.admin.connect() as conn:
        assert conn.execute(text("SELECT min(updated_at) >= (SELECT closes_at FROM final_tests WHERE id = :f) "
                                 "FROM exam_responses WHERE session_id = :s"),
                            {"f": final.id, "s": brun.session_id}).scalar()
    board = {st.learner: st for st in scoring.standings(klass.admin, final.id, bank, DRILLS, fake_grade)}
    assert (board["bob"].knowledge_correct, board["bob"].technical_passed) == (0, 0)
    assert board["alice"].combined_pct == pytest.approx((100 + 50) / 2)
    eng.dispose()
    alice.close()
    bob.close()


# -- the instructor's commands ------------------------------------------------------------------

def _run(capsys, *argv) -> tuple[int, str, str]:
    from quizapp.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_class_commands_end_to_end(pg_database, capsys, tmp_path):
    """init, add, import, invite, final create/list, a learner takes it (real bank, real grader),
    board, awards (text and HTML), report in every format, close."""
    from quizapp.bank import load_bank
    from quizapp.drills.model import load_drills

    db = ["--db", pg_database]
    code, out, _ = _run(capsys, "class", "init", *db)
    assert code == 0 and "行レベルセキュリティを設定しました" in out
    code, out, _ = _run(capsys, "class", "init", *db, "--lang", "en")
    assert code == 0 and "row-level security installed" in out
    code, out, _ = _run(capsys, "class", "add", *db, "alice", "bob")
    lines = dict(line.split("\t") for line in out.strip().splitlines())
    assert code == 0 and set(lines) == {"alice", "bob"}
    assert lines["alice"].startswith("quizapp --db ") and lines["alice"].endswith("--learner alice")
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("name,email\n田中 花子,h@example.com\n\ncarol,c@example.com\n", encoding="utf-8")
    code, out, _ = _run(capsys, "class", "import", *db, str(roster_csv))
    assert code == 0 and "田中 花子\t" in out and "carol\t" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\ndave,a@x\n\n,b@x\ndave,c@x\n", encoding="utf-8")
    code, _, err = _run(capsys, "class", "import", *db, str(bad))
    assert code == 1 and f"{bad}:4: name: 空です" in err and f"{bad}:5: name: 'dave' は 2 行目と重複しています" in err
    code, _, err = _run(capsys, "class", "import", *db, str(bad), "--lang", "en")
    assert code == 1 and f"{bad}:4: name: empty" in err and f"{bad}:5: name: 'dave' repeats line 2" in err
    code, out, _ = _run(capsys, "class", "invite", *db, "carol", "--host", "10.0.0.5", "--port", "5433")
    assert code == 0 and "@10.0.0.5:5433/" in out and "--learner carol" in out
    code, _, err = _run(capsys, "class", "invite", *db, "nobody")
    assert code == 1 and "このクラスに 'nobody' という受講者はいません" in err
    code, _, err = _run(capsys, "class", "invite", *db, "nobody", "--lang", "en")
    assert code == 1 and "no learner named 'nobody'" in err
    code, _, err = _run(capsys, "class", "final", "close", *db, "7")
    assert code == 1 and "修了テスト 7 はありません" in err

    code, out, _ = _run(capsys, "class", "final", "create", *db, "--seed", "11", "--drills", "2")
    assert code == 0 and out.startswith("修了テスト 1: 100 問 / 120 分、ドリル 2 問 / 60 分")
    code, out, _ = _run(capsys, "class", "final", "list", *db, "--lang", "en")
    assert code == 0 and out.startswith("1\t") and "100 q / 120 min\t2 drills / 60 min" in out
    code, out, _ = _run(capsys, "class", "final", "list", *db, "--json")
    (final,) = json.loads(out)
    assert final["questions"] == 100 and len(final["drills"]) == 2

    # alice takes the final as a learner: all knowledge items right, the first drill solved
    bank, drills = load_bank(None), load_drills()
    alice_url = lines["alice"].split()[2].strip("'")
    s = Store(alice_url)
    info = finals.open_finals(s)[0]
    run = finals.knowledge_run(s, bank, info)
    from quizapp.store.types import split_item

    answered = 0
    for i, item in enumerate(run.items):
        qid, part = split_item(item)
        q = bank.get(qid)
        if q.type == "single":
            run.go(i)
            run.set_response(q.answer, elapsed_s=float(i))
            answered += 1
    finals.technical_run(s, info)
    d0 = drills[info.drills[0]]
    s.record_drill_submission(d0.id, d0.solution, True, [], 0.1)
    s.record_drill_submission(info.drills[1], "def nothing(): pass\n", True, [], 0.1)  # a forged pass
    s.close()

    code, out, _ = _run(capsys, "class", "board", *db, "--json")
    board = {b["learner"]: b for b in json.loads(out)}
    assert board["alice"]["rank"] == 1
    assert board["alice"]["knowledge"]["correct"] == answered and board["alice"]["technical"]["passed"] == 1
    assert board["bob"]["knowledge"]["correct"] == 0
    code, out, _ = _run(capsys, "class", "board", *db)
    assert code == 0 and "alice" in out.splitlines()[2] and "順位表" in out
    code, out, _ = _run(capsys, "class", "board", *db, "--lang", "en")
    assert code == 0 and "leaderboard" in out.splitlines()[0]
    html_file = tmp_path / "awards.html"
    code, out, _ = _run(capsys, "class", "awards", *db, "--top", "3", "--html", str(html_file))
    assert code == 0 and "選考基準" in out and "1. alice" in out and "bob" not in out
    assert "<h1>" in html_file.read_text(encoding="utf-8") and "alice" in html_file.read_text(encoding="utf-8")
    for fmt in ("json", "csv", "html"):
        code, out, _ = _run(capsys, "class", "report", *db, "--format", fmt)
        assert code == 0 and "alice" in out and "田中 花子" in out
    # bob studies one tagged question: the report has it by day, area and syllabus item
    q = next(q for q in bank.questions if q.syllabus_items and q.type == "single")
    s = Store(lines["bob"].split()[2].strip("'"))
    s.record_answer(None, question_id=q.id, part="", response=q.answer, correct=True, seconds=3, mode="day",
                    day=q.day, area=q.area, topic=q.topic)
    s.close()
    rep = json.loads(_run(capsys, "class", "report", *db, "--format", "json")[1])
    alice = next(v for v in rep["learners"] if v["name"] == "alice")
    assert alice["finals"][0]["knowledge"]["correct"] == answered
    bob = next(v for v in rep["learners"] if v["name"] == "bob")
    assert bob["by_syllabus"][q.syllabus_items[0]] == {"answers": 1, "correct": 1}
    assert bob["by_day"][str(q.day)] == {"answers": 1, "correct": 1} and bob["answers"] == 1
    code, out, _ = _run(capsys, "class", "final", "close", *db, "1")
    assert code == 0 and out.startswith("修了テスト 1 を ") and "締め切りました" in out
    code, out, _ = _run(capsys, "class", "final", "close", *db, "1", "--lang", "en")
    assert code == 0 and out.startswith("final 1 closed at ")


def test_class_commands_refuse_sqlite(capsys, tmp_path):
    code, _, err = _run(capsys, "class", "init", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 1 and "PostgreSQL" in err


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_class_serve_runs_a_password_protected_server(tmp_path):
    """`class serve` starts PostgreSQL on a TCP port; an added learner logs in with the printed
    line's password (and not without it); Ctrl-C stops the server; a restart keeps the data."""
    import signal
    import subprocess
    import sys
    import tempfile

    import psycopg

    data = Path(tempfile.mkdtemp(prefix="quizapp-serve-"))  # short: the socket lives in it
    port = _free_port()

    def serve():
        proc = subprocess.Popen([sys.executable, "-m", "quizapp", "class", "serve", "--data", str(data), "--port",
                                 str(port), "--listen", "127.0.0.1", "--public-host", "127.0.0.1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()
        assert "クラスのサーバーを起動しました: 127.0.0.1:" in first, first + proc.stderr.read()
        return proc

    proc = serve()
    try:
        out = subprocess.run([sys.executable, "-m", "quizapp", "class", "add", "--data", str(data), "erin"],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        url = out.stdout.split("\t")[1].split()[2].strip("'")
        assert f"@127.0.0.1:{port}/quizapp" in url
        s = Store(url)  # over TCP with the password
        s.record_answer(None, question_id="q", part="", response=1, correct=True, seconds=1, mode="day", day=1,
                        area="機械学習", topic="t")
        s.close()
        wrong = url.replace(url.split("@")[0].split(":")[-1], "wrong-password")
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(wrong.replace("postgresql://", "postgresql://", 1)).close()
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    assert "クラスのサーバーを止めました" in proc.stdout.read()
    proc = serve()  # the data survives a restart
    try:
        s = Store(url)
        assert s.answers_total() == 1
        s.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        import shutil

        shutil.rmtree(data, ignore_errors=True)


async def test_quizapp_final_opens_the_open_final_in_the_exam_screen(klass):
    """`quizapp final` on a class database: the exam screen on the final's fixed items, resumed the
    second time; the home screen says the final is open; without an open final, a notice."""
    from quizapp.tui.app import QuizRequest, make_app
    from quizapp.tui.screens.exam import ExamScreen
    from quizapp.tui.screens.techtest import TechTestScreen

    bank = synthetic_bank(per_area=10)
    final = finals.create_final(klass.admin, bank, DRILLS, questions=8, minutes=30, drill_count=0, seed=5)
    app = make_app(request=QuizRequest(kind="final"), db_url=klass.urls["alice"], bank=bank)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.run.items == final.items and app.screen.run.time_limit_s == 30 * 60
        assert any("quizapp final" in n.message for n in app._notifications)
        app.screen.run.set_response(1, elapsed_s=3.0)
        first = app.screen.run.session_id
    app = make_app(request=QuizRequest(kind="final"), db_url=klass.urls["alice"], bank=bank)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert app.screen.run.session_id == first and app.screen.run.responses == {final.items[0]: 1}
    finals.close_final(klass.admin, final.id)
    app = make_app(request=QuizRequest(kind="final-technical"), db_url=klass.urls["alice"], bank=bank)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        assert not isinstance(app.screen, (ExamScreen, TechTestScreen))
        assert any("修了テストはありません" in n.message for n in app._notifications)


async def test_board_watch_refreshes_as_answers_arrive(klass):
    import asyncio

    from textual.widgets import DataTable

    from quizapp.classmode.board_tui import BoardApp

    bank = synthetic_bank(per_area=10, code_every=0)
    final = finals.create_final(klass.admin, bank, DRILLS, questions=8, drill_count=0, seed=2)
    app = BoardApp(klass.admin, final.id, bank, DRILLS, interval=0.2, grade=fake_grade)

    def cells():
        t = app.query_one(DataTable)
        return {t.get_row_at(i)[1]: t.get_row_at(i) for i in range(t.row_count)}

    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.refreshes:
                break
        assert cells()["alice"][2].startswith("0/8")
        s = Store(klass.urls["alice"])
        _answer_all(finals.knowledge_run(s, bank, final), bank, right=True)
        s.close()
        seen = app.refreshes
        for _ in range(100):
            await asyncio.sleep(0.05)
            if app.refreshes > seen + 1:
                break
        await pilot.pause()
        assert cells()["alice"][0] == "1" and cells()["alice"][2].startswith("8/8 100.0%")
