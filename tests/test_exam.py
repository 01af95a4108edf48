"""The mock exam: selection by area share, linked sets, scoring, the clock, resume, history."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest

from quizapp.bank.model import Bank, Blank, Question
from quizapp.exam import ExamConfig, ExamRun, area_targets, parse_shares, score, select_exam_items
from quizapp.quiz import QuizError
from quizapp.store.types import split_item

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)

AREA_FOR = {"応用数学": "数学的基礎", "機械学習": "機械学習", "深層学習": "深層学習の基礎", "開発・運用環境": "開発・運用環境"}


def synthetic_bank(per_area: int = 40, code_every: int = 5) -> Bank:
    qs = []
    for ra, area in AREA_FOR.items():
        for i in range(per_area):
            qid = f"{area}-{i}"
            if code_every and i % code_every == 0:
                qs.append(Question(id=qid, type="code", day=1, area=area, topic=f"{ra}-t", difficulty=1, prompt="p",
                                   explanation="e", code="x = (あ) + (い)", check="assert x == 2",
                                   blanks=(Blank("あ", ("1", "2", "3", "4"), 1, "e"),
                                           Blank("い", ("1", "2", "3", "4"), 1, "e"))))
            else:
                qs.append(Question(id=qid, type="single", day=1, area=area, topic=f"{ra}-t", difficulty=1,
                                   prompt="p", explanation="e", choices=("a", "b", "c", "d"), answer=2))
    return Bank(questions=qs)


def test_area_targets_sum_and_shares():
    t = area_targets(ExamConfig())
    assert t == {"応用数学": 10, "機械学習": 20, "深層学習": 60, "開発・運用環境": 10}
    t = area_targets(ExamConfig(items=7))
    assert sum(t.values()) == 7
    assert parse_shares(["応用数学=30"])["応用数学"] == pytest.approx(0.3)
    with pytest.raises(QuizError):
        parse_shares(["応用数学"])
    with pytest.raises(QuizError, match="分野 物理 はありません"):
        ExamConfig(shares={"物理": 1.0}).validate()


def test_selection_shares_and_linked_sets():
    bank = synthetic_bank(per_area=80)
    items = select_exam_items(bank, ExamConfig(), random.Random(4))
    assert len(items) == 100 and len(set(items)) == 100
    counts = {}
    for it in items:
        ra = bank.get(split_item(it)[0]).report_area
        counts[ra] = counts.get(ra, 0) + 1
    assert counts == {"応用数学": 10, "機械学習": 20, "深層学習": 60, "開発・運用環境": 10}
    # the blanks of one code question are consecutive
    for i, it in enumerate(items):
        qid, part = split_item(it)
        if part == "あ":
            assert items[i + 1] == f"{qid}#い"


def test_small_area_is_filled_from_others():
    bank = synthetic_bank(per_area=40)
    bank = Bank(questions=[q for q in bank.questions if q.area != "開発・運用環境"][:] +
                [q for q in bank.questions if q.area == "開発・運用環境"][:3])
    items = select_exam_items(bank, ExamConfig(), random.Random(1))
    assert len(items) == 100


def test_scoring_on_a_known_answer_set():
    bank = synthetic_bank(per_area=4, code_every=0)
    items = [q.id for q in bank.questions]  # 16 singles, 4 per area, right answer is 2
    responses = {}
    right = {"数学的基礎": 4, "機械学習": 3, "深層学習の基礎": 2, "開発・運用環境": 0}
    for q in bank.questions:
        n = int(q.id.rsplit("-", 1)[1])
        responses[q.id] = 2 if n < right[q.area] else 1
    del responses["開発・運用環境-3"]  # unanswered counts as wrong
    r = score(bank, items, responses, set(), 0.5, 600, False)
    assert (r.correct, r.total) == (9, 16)
    assert {a: (s.correct, s.total) for a, s in r.by_area.items()} == {
        "応用数学": (4, 4), "機械学習": (3, 4), "深層学習": (2, 4), "開発・運用環境": (0, 4)}
    assert r.passed and r.pct == pytest.approx(56.25)
    assert not score(bank, items, responses, set(), 0.65, 600, False).passed


def test_run_flag_change_submit_and_history(store):
    bank = synthetic_bank(per_area=30)
    run = ExamRun.start(bank, store, ExamConfig(items=20, minutes=30), rng=random.Random(2))
    assert len(run.items) == 20 and run.remaining_s == 1800
    run.go(0)
    run.set_response(1, elapsed_s=10)
    run.set_response(2, elapsed_s=12)  # changed: the last response counts
    assert run.toggle_flag(elapsed_s=13) is True
    run.go(1)
    run.set_response(2, elapsed_s=20)
    result = run.submit(elapsed_s=25)
    assert result.total == 20 and result.correct == 2 and not result.timed_out
    assert result.items[0].flagged and result.items[0].response == 2
    assert store.answers_total() == 20  # every item recorded, unanswered as wrong
    hist = store.exam_history()
    assert hist[0]["result"]["correct"] == 2 and hist[0]["result"]["total"] == 20
    assert len(store.cards()) == 20  # all scheduled for review
    with pytest.raises(QuizError):
        run.set_response(1)


KILLED = textwrap.dedent("""
    import os, random, signal, sys
    sys.path.insert(0, sys.argv[2])
    from quizapp.store.store import Store
    from quizapp.exam import ExamConfig, ExamRun
    from test_exam import synthetic_bank
    store = Store(sys.argv[1])
    run = ExamRun.start(synthetic_bank(per_area=30), store, ExamConfig(items=10, minutes=5), rng=random.Random(3))
    for i in range(3):
        run.go(i)
        run.set_response(2, elapsed_s=40.0 + i)
    run.go(3)
    run.toggle_flag(elapsed_s=50.0)
    print(run.session_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_killed_exam_resumes_with_answers_and_clock(db_url):
    from pathlib import Path

    from quizapp.store.store import Store

    url = db_url
    proc = subprocess.run([sys.executable, "-c", KILLED, url, str(Path(__file__).parent)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    sid = int(proc.stdout.strip())
    store = Store(url)
    (info,) = store.unfinished_sessions(["exam"])
    assert info.id == sid
    run = ExamRun(synthetic_bank(per_area=30), store, sid)
    assert len(run.responses) == 3 and run.flags == {run.items[3]}
    assert run.elapsed_s == 50.0 and run.remaining_s == 250.0
    result = run.submit(elapsed_s=400)  # past the limit: submitted as timed out, clock capped
    assert result.timed_out and result.seconds == 300
    store.close()
