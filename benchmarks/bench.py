"""quizapp benchmarks: every figure comes with a baseline measured in the same run.

    python benchmarks/bench.py            # a table
    python benchmarks/bench.py --json     # [{"name", "value", "unit", "ratio"}, ...]
    python benchmarks/bench.py --quick    # fewer repetitions

Figures:
- startup_*_first_frame: seconds from process start to the first frame (headless), median;
  ratio against a bare Textual "hello" app started the same way.
- startup_quizapp_progress_shown: until the home screen shows the learner's progress (on a
  database with some history) and the app is idle; ratio against the hello app's time to idle.
  Goals: first frame <= 1.3x, progress <= 1.8x. (The app shows its first frame before reading
  the banks; the parsed banks are kept in a cache in the data folder, see
  quizapp/bank/cache.py; progress is read with plain sqlite3, quizapp/store/lite.py, while the
  full store opens behind it.)
- startup_quizapp_store_open: until the full store (SQLAlchemy, checks, daily backup) is open
  too and the app is idle again; same baseline. No goal: shown so the deferred work is visible.
- Hello and quizapp runs alternate (paired), so a busy machine slows both alike.
- drill_check_cli: wall time of ``quizapp drill check ID --file F`` on a passing file, median of
  paired runs, ratio against ``python -c "import numpy"`` (goal <= 3x).
- bank_load: seconds to load and validate the shipped banks, median; ratio against a bare
  ``yaml.load`` (C safe loader) of the same files with no validation.
- report_full / next_due: on a database of 1,000,000 synthetic answers (benchmarks/history.py):
  the full report and choosing the next due item, against naive versions that load the rows
  into Python and aggregate there, measured in the same run. Goals: report <= 1 s, next due
  <= 5 ms.
- drill_*: from benchmarks/drills_bench.py when the drills are present.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

STARTUP = r"""
import os, sys, time
t0 = float(sys.argv[2])
which = sys.argv[1]
if which == "hello":
    from textual.app import App
    from textual.widgets import Static

    class Hello(App):
        def compose(self):
            yield Static("hello")
    app = Hello()
else:
    from quizapp.tui.app import make_app
    app = make_app()

async def auto(pilot):
    first = time.time() - t0
    shown = getattr(pilot.app, "progress_shown", None)  # the home screen shows progress
    if shown is not None:
        await shown.wait()
    await pilot.pause()
    progress = time.time() - t0
    ready = getattr(pilot.app, "store_ready", None)  # the full store is open too
    if ready is not None:
        await ready.wait()
        await pilot.pause()
    print(first, progress, time.time() - t0)
    pilot.app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=auto)
"""


def _startup(which: str, home: str) -> tuple[float, float, float]:
    env = {**__import__("os").environ, "QUIZAPP_HOME": home}
    env.pop("QUIZAPP_DB", None)
    out = subprocess.run([sys.executable, "-c", STARTUP, which, repr(time.time())], capture_output=True, text=True,
                         env=env, check=True, timeout=120)
    first, progress, ready = out.stdout.strip().splitlines()[-1].split()
    return float(first), float(progress), float(ready)


def _median(fn, n: int) -> float:
    return statistics.median(fn() for _ in range(n))


def bench_startup(n: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as home:
        _startup("quizapp", home)  # first run creates and migrates the database
        _add_history(home)  # progress to show: a learner who has answered questions and passed a drill
        _startup("quizapp", home)  # and the day's backup is taken, as on a learner's machine
        hello, app = [], []
        for _ in range(n):  # paired, alternating: a busy machine slows both alike
            hello.append(_startup("hello", home))
            app.append(_startup("quizapp", home))
    h_first = statistics.median(h[0] for h in hello)
    h_ready = statistics.median(h[2] for h in hello)
    a_first = statistics.median(a[0] for a in app)
    a_progress = statistics.median(a[1] for a in app)
    a_store = statistics.median(a[2] for a in app)
    return [
        {"name": "startup_hello_textual_first_frame", "value": round(h_first, 4), "unit": "s", "ratio": 1.0},
        {"name": "startup_quizapp_first_frame", "value": round(a_first, 4), "unit": "s",
         "ratio": round(a_first / h_first, 3)},
        {"name": "startup_hello_textual_idle", "value": round(h_ready, 4), "unit": "s", "ratio": 1.0},
        {"name": "startup_quizapp_progress_shown", "value": round(a_progress, 4), "unit": "s",
         "ratio": round(a_progress / h_ready, 3)},
        {"name": "startup_quizapp_store_open", "value": round(a_store, 4), "unit": "s",
         "ratio": round(a_store / h_ready, 3)},
    ]


def _add_history(home: str) -> None:
    """A few answers, a review card, an unfinished quiz and a passed drill in the bench's database."""
    import os

    from quizapp.bank.cache import load_bank_cached
    from quizapp.store.store import Store

    old = os.environ.get("QUIZAPP_HOME")
    os.environ["QUIZAPP_HOME"] = home
    try:
        bank = load_bank_cached()
        store = Store(f"sqlite:///{Path(home) / 'quizapp.db'}")
        qs = bank.questions[:40]
        sid = store.start_session("mixed", "mixed", [q.id for q in qs])
        for i, q in enumerate(qs[:30]):
            store.record_answer(sid, question_id=q.id, part=q.parts[0] if q.parts else "", response=1,
                                correct=i % 3 != 0, seconds=8.0, mode="mixed", day=q.day, area=q.area,
                                topic=q.topic, rating=3 if i % 3 else 1)
        store.record_drill_submission("day01.relu", "# ok\n", True, [], 0.1)
        store.close()
    finally:
        if old is None:
            os.environ.pop("QUIZAPP_HOME", None)
        else:
            os.environ["QUIZAPP_HOME"] = old


def _wall(argv: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(argv, capture_output=True, env=env, check=False, timeout=120, stdin=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_drill_check(n: int) -> list[dict]:
    """``quizapp drill check ID --file F`` (a passing solution) against ``python -c "import numpy"``,
    median of n paired runs. Goal: <= 3x."""
    import os

    from quizapp.drills.model import get_drill

    drill = get_drill("day01.relu")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QUIZAPP_HOME": home}
        env.pop("QUIZAPP_DB", None)
        sol = Path(home) / "relu.py"
        sol.write_text(drill.solution, encoding="utf-8")
        check = [sys.executable, "-m", "quizapp", "drill", "check", drill.id, "--file", str(sol)]
        numpy = [sys.executable, "-c", "import numpy"]
        _wall(check, env)  # creates the database
        pairs = [(_wall(numpy, env), _wall(check, env)) for _ in range(n)]
    base = statistics.median(p[0] for p in pairs)
    ours = statistics.median(p[1] for p in pairs)
    return [
        {"name": "python_import_numpy", "value": round(base, 4), "unit": "s", "ratio": 1.0},
        {"name": "drill_check_cli", "value": round(ours, 4), "unit": "s", "ratio": round(ours / base, 3)},
    ]


def bench_bank_load(n: int) -> list[dict]:
    import yaml

    from quizapp.bank import load_bank
    from quizapp.bank.loader import bank_files
    from quizapp.paths import bank_dir

    files = bank_files([bank_dir()])

    def bare() -> float:
        t = time.perf_counter()
        for f in files:
            yaml.load(f.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return time.perf_counter() - t

    def full() -> float:
        t = time.perf_counter()
        load_bank([bank_dir()])
        return time.perf_counter() - t

    base = _median(bare, n)
    ours = _median(full, n)
    count = len(load_bank([bank_dir()]))
    return [
        {"name": "bank_load_bare_yaml", "value": round(base, 4), "unit": "s", "ratio": 1.0},
        {"name": f"bank_load_validated_{count}_questions", "value": round(ours, 4), "unit": "s",
         "ratio": round(ours / base, 3)},
    ]


def bench_scale(answers: int, n: int) -> list[dict]:
    """Full report and next-due choice on a database of ``answers`` synthetic answers, against
    naive versions that load the rows into Python, all measured here."""
    from collections import defaultdict

    from sqlalchemy import text

    from history import generate  # type: ignore[import-not-found]
    from quizapp.bank import load_bank
    from quizapp.reports import build_report
    from quizapp.store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scale.db"
        gen_s = generate(url, answers)
        store = Store(url)
        bank = load_bank()

        def ours_report() -> float:
            t = time.perf_counter()
            build_report(store, bank)
            return time.perf_counter() - t

        def naive_report() -> float:
            t = time.perf_counter()
            with store.engine.connect() as conn:
                rows = conn.execute(text("SELECT question_id, day, area, topic, correct, answered_at FROM answers "
                                         "WHERE learner_id = :l"), {"l": store.learner_id}).fetchall()
            groups: dict = defaultdict(lambda: [0, 0, set()])
            for qid, day, area, topic, correct, at in rows:
                for key in (("day", day), ("area", area), ("topic", topic), ("date", str(at)[:10])):
                    g = groups[key]
                    g[0] += 1
                    g[1] += bool(correct)
                    g[2].add(qid)
            return time.perf_counter() - t

        def ours_next() -> float:
            t = time.perf_counter()
            store.next_due()
            return time.perf_counter() - t

        def naive_next() -> float:
            t = time.perf_counter()
            with store.engine.connect() as conn:
                rows = conn.execute(text("SELECT item, due FROM review_cards WHERE learner_id = :l"),
                                    {"l": store.learner_id}).fetchall()
            min(rows, key=lambda r: r[1])
            return time.perf_counter() - t

        rep_ours, rep_naive = _median(ours_report, n), _median(naive_report, max(1, n // 2))
        next_ours, next_naive = _median(ours_next, n * 5), _median(naive_next, n * 5)
        store.close()
    return [
        {"name": f"scale_generate_{answers}_answers", "value": round(gen_s, 2), "unit": "s", "ratio": 1.0},
        {"name": "report_naive_python", "value": round(rep_naive, 4), "unit": "s", "ratio": 1.0},
        {"name": "report_full", "value": round(rep_ours, 4), "unit": "s", "ratio": round(rep_ours / rep_naive, 4)},
        {"name": "next_due_naive_python", "value": round(next_naive * 1000, 3), "unit": "ms", "ratio": 1.0},
        {"name": "next_due", "value": round(next_ours * 1000, 3), "unit": "ms", "ratio": round(next_ours / next_naive, 4)},
    ]


def bench_drills() -> list[dict]:
    try:
        sys.path.insert(0, str(HERE))
        import drills_bench  # type: ignore[import-not-found]
    except ImportError:
        return []
    return drills_bench.run()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print a JSON list")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", choices=("startup", "bank", "scale", "drills"), help="run one group")
    ap.add_argument("--answers", type=int, default=None,
                    help="answers in the scale database (default 1,000,000; 100,000 with --quick)")
    args = ap.parse_args()
    n = 3 if args.quick else 7
    answers = args.answers or (100_000 if args.quick else 1_000_000)
    sys.path.insert(0, str(HERE))
    groups = {"startup": lambda: bench_startup(n) + bench_drill_check(n), "bank": lambda: bench_bank_load(n),
              "scale": lambda: bench_scale(answers, n), "drills": bench_drills}
    results: list[dict] = []
    for name, fn in groups.items():
        if args.only and args.only != name:
            continue
        results.extend(fn())
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(f"{r['name']:<44} {r['value']:>10} {r['unit']:<3} ratio {r['ratio']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
