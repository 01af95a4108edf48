"""The study plan: what is due today, reviews, weak-spot practice (no UI).

- Reviews: every item whose FSRS card is due, most overdue first.
- New: questions never answered, up to ``NEW_PER_DAY`` a day, offered through day quizzes.
- Weak spots: the topics with the lowest score, where a topic's score is the mean of its
  answer accuracy (last 30 days weighted like all others) and the mean recall probability of
  its scheduled items; a session draws from the weakest topics, least-known questions first.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from quizapp import i18n
from quizapp.bank.model import Bank
from quizapp.quiz import QuizError, QuizRun, items_of
from quizapp.store.types import item_key, split_item

if TYPE_CHECKING:
    from quizapp.store.store import Store

NEW_PER_DAY = 20
#: Topics scoring below this (mean of accuracy and recall) count as weak.
WEAK_BELOW = 0.85


@dataclass(frozen=True, slots=True)
class Plan:
    reviews_due: int
    new_available: int
    new_today: int
    drills_due: int
    streak: int

    @property
    def new_suggested(self) -> int:
        return max(0, min(self.new_available, NEW_PER_DAY - self.new_today))


def streak(dates: list[str], today: date) -> int:
    """Consecutive study days ending today (or yesterday, if today has no answer yet)."""
    have = set(dates)
    d = today if today.isoformat() in have else today - timedelta(days=1)
    n = 0
    while d.isoformat() in have:
        n += 1
        d -= timedelta(days=1)
    return n


def _live_due(bank: Bank, store: Store, now: datetime) -> list[str]:
    out = []
    for item, _due in store.due_items(now, kind="question"):
        q = bank.get(split_item(item)[0])
        if q is not None and (not split_item(item)[1] or split_item(item)[1] in q.parts):
            out.append(item)
    return out


def with_linked_sets(bank: Bank, items: list[str]) -> list[str]:
    """Due items with the rest of their linked set (大問) beside them: a set is reviewed
    together, in file order, where its first due member stands."""
    members: dict[str, list[str]] = {}
    for q in bank.questions:
        if q.set_id:
            members.setdefault(q.set_id, []).extend(item_key(q.id, p) for p in q.parts)
    out: list[str] = []
    placed: set[str] = set()
    for item in items:
        q = bank.get(split_item(item)[0])
        group = members.get(q.set_id, [item]) if q is not None and q.set_id else [item]
        for it in group:
            if it not in placed:
                placed.add(it)
                out.append(it)
    return out


def plan(bank: Bank, store: Store, now: datetime | None = None) -> Plan:
    now = now or datetime.now(UTC)
    cards = store.cards()
    seen = {split_item(item)[0] for item, kind, _c, _d in cards if kind == "question"}
    first_seen_today = store.first_reviews_on(now.date())
    drills_due = len(store.due_items(now, kind="drill"))
    return Plan(
        reviews_due=len(_live_due(bank, store, now)),
        new_available=sum(1 for q in bank.questions if q.id not in seen),
        new_today=first_seen_today,
        drills_due=drills_due,
        streak=streak(store.study_dates(), now.date()),
    )


def start_review(bank: Bank, store: Store, now: datetime | None = None, limit: int = 100) -> QuizRun:
    """A session of the due items, most overdue first."""
    items = with_linked_sets(bank, _live_due(bank, store, now or datetime.now(UTC))[:limit])
    if not items:
        raise QuizError(i18n.t("nothing_due"))
    return QuizRun.start(bank, store, mode="review", title=i18n.t("review_title"), items=items,
                         params={"limit": limit})


@dataclass(frozen=True, slots=True)
class TopicStrength:
    topic: str
    area: str
    answers: int
    accuracy: float
    recall: float | None  # mean recall probability of its scheduled items

    @property
    def score(self) -> float:
        return self.accuracy if self.recall is None else (self.accuracy + self.recall) / 2


def topic_strengths(bank: Bank, store: Store, now: datetime | None = None) -> list[TopicStrength]:
    """Topics the learner has answered, weakest first."""
    from quizapp.scheduling import retrievability

    now = now or datetime.now(UTC)
    by_topic = store.progress_by_topic()
    recall: dict[str, list[float]] = defaultdict(list)
    for item, kind, card, _due in store.cards():
        if kind != "question":
            continue
        q = bank.get(split_item(item)[0])
        if q is not None:
            recall[q.topic].append(retrievability(card, now))
    area_of = {q.topic: q.area for q in bank.questions}
    out = []
    for topic, p in by_topic.items():
        if topic not in area_of or not p.answers:
            continue
        r = recall.get(topic)
        out.append(TopicStrength(topic, area_of[topic], p.answers, p.correct / p.answers,
                                 sum(r) / len(r) if r else None))
    return sorted(out, key=lambda t: (t.score, -t.answers, t.topic))


def start_weak(bank: Bank, store: Store, count: int = 10, topics: list[str] | None = None,
               rng: random.Random | None = None, now: datetime | None = None,
               syllabus: str | None = None) -> QuizRun:
    """Practice on the weakest topics (or the given ones): wrongly answered and least
    recalled questions first, then unseen questions of those topics. With ``syllabus`` (a
    大項目, 中項目 or 小項目 id) only that part of the syllabus is drawn from; its weakest
    topics come first, and a part not studied yet is practised from its unseen questions."""
    from quizapp.quiz import resolve_syllabus
    from quizapp.scheduling import retrievability

    rng = rng or random.Random()
    now = now or datetime.now(UTC)
    scope = bank.questions
    if syllabus is not None:
        wanted = set(resolve_syllabus(syllabus))
        scope = [q for q in bank.questions if wanted.intersection(q.syllabus_items)]
        if not scope:
            raise QuizError(i18n.t("no_questions"))
    if topics is None:
        in_scope = {q.topic for q in scope}
        strengths = [t for t in topic_strengths(bank, store, now) if t.topic in in_scope]
        if not strengths and syllabus is None:
            raise QuizError(i18n.t("no_history"))
        weakest = [t for t in strengths if t.score < WEAK_BELOW][:3] or strengths[:1]
        topics = [t.topic for t in weakest] or sorted(in_scope)
    rank = {t: i for i, t in enumerate(topics)}
    pool = [q for q in scope if q.topic in rank]
    if not pool:
        raise QuizError(i18n.t("no_questions"))
    recall: dict[str, float] = {}
    for item, kind, card, _due in store.cards():
        if kind == "question":
            qid = split_item(item)[0]
            recall[qid] = min(recall.get(qid, 1.0), retrievability(card, now))
    accuracy = store.question_accuracy()
    # weakest topic first; inside a topic the most-missed questions, then the least recalled,
    # then unseen ones (counted as 50%); ties shuffled
    rng.shuffle(pool)
    pool.sort(key=lambda q: (rank[q.topic], accuracy.get(q.id, 0.5), recall.get(q.id, 0.5)))
    chosen = pool[:count]
    return QuizRun.start(bank, store, chosen, mode="weak", title=i18n.t("weak_title", topics="・".join(topics)),
                         params={"topics": topics, "count": count, "syllabus": syllabus}, rng=rng)
