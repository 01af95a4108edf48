"""Class mode under load: 40 learner processes against one PostgreSQL server, one of them killed,
and the server restarted in the middle. Prints its figures (run with -s to see them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from sqlalchemy import text

from quizapp.classmode import roster, security
from quizapp.store.db import make_engine

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]

LEARNERS = 40
ANSWERS = 60
DRILL_CHECKS = 6

LEARNER = textwrap.dedent("""
    import sys, time
    from quizapp.store import Store
    url, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = Store(url)
    sid = s.start_session("day", "load", [f"q{i}" for i in range(n)])
    print("ready", flush=True)
    for i in range(n):
        t = time.perf_counter()
        s.record_answer(sid, question_id=f"q{i}", part="", response=i % 4, correct=i % 3 == 0, seconds=1.0,
                        mode="day", day=1 + i % 9, area="深層学習の基礎", topic="t", rating=3 if i % 3 == 0 else 1)
        print("a", i, round(time.perf_counter() - t, 4), flush=True)  # shown as saved
        if i % (n // d) == 0 and i // (n // d) < d:
            s.record_drill_submission(f"day0{i % 9}.x", "def f(): pass", i % 2 == 0,
                                      [{"name": "forward", "passed": i % 2 == 0, "message": ""}], 0.01)
            print("d", i, flush=True)
        time.sleep(0.02)
    s.close()
    print("done", flush=True)
""")


class Learner:
    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.answers = 0
        self.drills = 0
        self.latencies: list[float] = []
        self.proc = subprocess.Popen([sys.executable, "-c", LEARNER, url, str(ANSWERS), str(DRILL_CHECKS)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            if parts[0] == "a":
                self.answers = int(parts[1]) + 1
                self.latencies.append(float(parts[2]))
            elif parts[0] == "d":
                self.drills += 1


def test_forty_learners_one_killed_and_a_server_restart(pg_server, pg_database):
    admin = make_engine(pg_database)
    security.install(admin)
    creds = roster.add_learners(admin, [f"learner{i:02d}" for i in range(LEARNERS)])
    t0 = time.monotonic()
    learners = [Learner(c.name, roster.learner_url(pg_database, c)) for c in creds]
    victim = learners[0]
    killed = restarted = False
    deadline = time.monotonic() + 600
    while any(p.proc.poll() is None for p in learners) and time.monotonic() < deadline:
        total = sum(p.answers for p in learners)
        if not killed and victim.answers >= 10:
            os.kill(victim.proc.pid, signal.SIGKILL)
            killed = True
        if not restarted and total >= LEARNERS * ANSWERS // 3 and pg_server.can_restart:
            restart_at = total
            pg_server.restart()
            restarted = True
        time.sleep(0.05)
    wall = time.monotonic() - t0
    for p in learners:
        p.proc.wait(timeout=60)
        p.reader.join(timeout=10)
    errors = {p.name: p.proc.stderr.read() for p in learners if p is not victim and p.proc.returncode != 0}
    assert errors == {}, errors
    assert killed and victim.proc.returncode == -signal.SIGKILL
    with admin.connect() as conn:
        stored = dict(conn.execute(text(
            "SELECT l.name, count(a.id) FROM learners l LEFT JOIN answers a ON a.learner_id = l.id "
            "WHERE l.login IS NOT NULL GROUP BY l.name")).all())
        subs = dict(conn.execute(text(
            "SELECT l.name, count(s.id) FROM learners l LEFT JOIN drill_submissions s ON s.learner_id = l.id "
            "WHERE l.login IS NOT NULL GROUP BY l.name")).all())
        rollup = conn.execute(text("SELECT sum(answers) FROM daily_stats")).scalar()
    # every answer shown as saved is in the database; the finished learners lost nothing at all
    lost = {p.name: (p.answers, stored[p.name]) for p in learners if stored[p.name] < p.answers}
    assert lost == {}
    for p in learners[1:]:
        assert (p.answers, stored[p.name], subs[p.name]) == (ANSWERS, ANSWERS, DRILL_CHECKS), p.name
    assert victim.answers <= stored[victim.name] <= victim.answers + 1  # at most the one in flight
    assert rollup == sum(stored.values())
    lat = sorted(x for p in learners for x in p.latencies)
    print(f"\n40-learner load: {sum(stored.values())} answers + {sum(subs.values())} drill checks in {wall:.1f} s "
          f"by {LEARNERS} processes; 0 lost, 0 errors; learner 0 killed after {victim.answers} confirmed "
          f"({stored[victim.name]} stored); server restarted: {restarted}"
          + (f" after {restart_at} answers" if restarted else "")
          + f"; answer latency median {1000 * lat[len(lat) // 2]:.1f} ms, p99 {1000 * lat[int(len(lat) * .99)]:.1f} ms,"
          f" max {1000 * lat[-1]:.0f} ms")
    admin.dispose()
