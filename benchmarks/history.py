"""Synthetic study history for benchmarks: N answers over a year, with review cards.

    python benchmarks/history.py --answers 1000000 --db sqlite:////tmp/big.db
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def generate(url: str, answers: int, seed: int = 0, days: int = 365) -> float:
    """Fill ``url`` with ``answers`` answers on the shipped bank's questions; returns seconds."""
    from sqlalchemy import insert

    from quizapp import scheduling
    from quizapp.bank import load_bank
    from quizapp.store.models import Answer, ReviewCard, ReviewLog
    from quizapp.store.store import Store, item_key

    t = time.perf_counter()
    rng = random.Random(seed)
    bank = load_bank()
    items = [(q, p) for q in bank.questions for p in q.parts]
    store = Store(url)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    start = end - timedelta(days=days)
    skill = {q.topic: rng.uniform(0.4, 0.95) for q in bank.questions}
    batch = []
    with store.engine.begin() as conn:
        for i in range(answers):
            q, part = items[rng.randrange(len(items))]
            when = start + timedelta(seconds=rng.randrange(days * 86400))
            batch.append({"session_id": None, "learner_id": store.learner_id, "question_id": q.id, "part": part,
                          "response": "1", "correct": rng.random() < skill[q.topic], "seconds": rng.uniform(5, 90),
                          "answered_at": when, "mode": "day", "day": q.day, "area": q.area, "topic": q.topic})
            if len(batch) == 20000:
                conn.execute(insert(Answer), batch)
                batch.clear()
        if batch:
            conn.execute(insert(Answer), batch)
        # one card per item, a review log per card (enough for retention and forecast figures)
        import json

        cards, logs = [], []
        for q, part in items:
            when = end - timedelta(days=rng.randrange(60))
            card = scheduling.review(None, scheduling.Rating.GOOD, when)
            card = scheduling.review(card, scheduling.Rating(rng.choice([1, 3, 3, 4])), scheduling.card_due(card))
            key = item_key(q.id, part)
            cards.append({"learner_id": store.learner_id, "item": key, "kind": "question", "card": json.dumps(card),
                          "due": scheduling.card_due(card), "reps": 2, "lapses": 0, "last_review": when})
            logs.append({"learner_id": store.learner_id, "item": key, "rating": rng.choice([1, 3, 3, 4]),
                         "auto_rating": 3, "reviewed_at": when, "seconds": 10.0, "was_due": True, "card_before": "{}"})
        conn.execute(insert(ReviewCard), cards)
        conn.execute(insert(ReviewLog), logs)
        from quizapp.store.repo import rebuild_stats

        rebuild_stats(conn)
    store.close()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--answers", type=int, default=1_000_000)
    ap.add_argument("--db", required=True, help="SQLAlchemy URL of a new database")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    secs = generate(args.db, args.answers, args.seed)
    print(f"{args.answers} answers written in {secs:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
