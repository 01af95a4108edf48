"""Queries and writes. Every function takes a session and never commits: the caller owns
the transaction (one per user action)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quizapp.store.models import (
    Answer,
    DrillEvent,
    DrillSubmission,
    ExamResponse,
    Learner,
    QuizSession,
    DailyStat,
    QuestionStat,
    ReviewCard,
    ReviewLog,
    utcnow,
)


def get_or_create_learner(s: Session, name: str) -> Learner:
    learner = s.scalars(select(Learner).where(Learner.name == name)).one_or_none()
    if learner is None:
        learner = Learner(name=name)
        s.add(learner)
        s.flush()
    return learner


def learner_for_login(s: Session) -> Learner | None:
    """Class mode (PostgreSQL): the learner whose database login this connection uses."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    return s.scalars(select(Learner).where(Learner.login == text("current_user"))).one_or_none()


def create_session(
    s: Session, learner_id: int, mode: str, title: str, items: Sequence[str],
    params: dict | None = None, time_limit_s: int | None = None, final_id: int | None = None,
) -> QuizSession:
    qs = QuizSession(
        learner_id=learner_id, mode=mode, title=title, items=json.dumps(list(items), ensure_ascii=False),
        params=json.dumps(params or {}, ensure_ascii=False), time_limit_s=time_limit_s, final_id=final_id,
    )
    s.add(qs)
    s.flush()
    return qs


def add_answer(s: Session, **fields) -> Answer:
    """Insert an answer and fold it into the rollup tables (same transaction)."""
    ans = Answer(**fields)
    if ans.answered_at is None:
        ans.answered_at = utcnow()
    s.add(ans)
    s.flush()
    _bump_stats(s, ans)
    return ans


def _upsert(s: Session, model, values: dict, keys: list[str], increments: dict, replace: dict):
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(model).values(**values)
    table = model.__table__
    set_ = {k: table.c[k] + v for k, v in increments.items()}
    set_.update(replace)
    s.execute(stmt.on_conflict_do_update(index_elements=keys, set_=set_))


def _bump_stats(s: Session, a: Answer) -> None:
    correct = 1 if a.correct else 0
    _upsert(s, QuestionStat,
            {"learner_id": a.learner_id, "question_id": a.question_id, "day": a.day, "area": a.area,
             "topic": a.topic, "answers": 1, "correct": correct, "seconds": a.seconds, "last_at": a.answered_at},
            ["learner_id", "question_id"], {"answers": 1, "correct": correct, "seconds": a.seconds},
            {"day": a.day, "area": a.area, "topic": a.topic, "last_at": a.answered_at})
    _upsert(s, DailyStat,
            {"learner_id": a.learner_id, "date": a.answered_at.strftime("%Y-%m-%d"), "answers": 1,
             "correct": correct, "seconds": a.seconds},
            ["learner_id", "date"], {"answers": 1, "correct": correct, "seconds": a.seconds}, {})


def rebuild_stats(conn) -> None:
    """Recompute the rollup tables from all answers (after bulk loads)."""
    from sqlalchemy import text

    conn.execute(text("DELETE FROM question_stats"))
    conn.execute(text("DELETE FROM daily_stats"))
    conn.execute(text(
        "INSERT INTO question_stats (learner_id, question_id, day, area, topic, answers, correct, seconds, last_at) "
        "SELECT learner_id, question_id, max(day), max(area), max(topic), count(*), "
        "sum(CASE WHEN correct THEN 1 ELSE 0 END), sum(seconds), max(answered_at) "
        "FROM answers GROUP BY learner_id, question_id"))
    conn.execute(text(
        "INSERT INTO daily_stats (learner_id, date, answers, correct, seconds) "
        "SELECT learner_id, substr(CAST(answered_at AS TEXT), 1, 10), count(*), "
        "sum(CASE WHEN correct THEN 1 ELSE 0 END), sum(seconds) "
        "FROM answers GROUP BY learner_id, substr(CAST(answered_at AS TEXT), 1, 10)"))


def session_answers(s: Session, session_id: int) -> list[Answer]:
    return list(s.scalars(select(Answer).where(Answer.session_id == session_id).order_by(Answer.id)))


def finish_session(s: Session, session_id: int, when: datetime | None = None) -> None:
    qs = s.get(QuizSession, session_id)
    if qs is not None and qs.finished_at is None:
        qs.finished_at = when or utcnow()


def unfinished_sessions(s: Session, learner_id: int, modes: Sequence[str] | None = None) -> list[QuizSession]:
    stmt = select(QuizSession).where(QuizSession.learner_id == learner_id, QuizSession.finished_at.is_(None))
    if modes:
        stmt = stmt.where(QuizSession.mode.in_(list(modes)))
    return list(s.scalars(stmt.order_by(QuizSession.started_at.desc())))


def grouped_accuracy(s: Session, learner_id: int, column) -> dict:
    """{group: (answers, correct, distinct questions)} from the per-question rollup;
    ``column`` is a column of QuestionStat (day, area, topic or question_id)."""
    stmt = (
        select(column, func.sum(QuestionStat.answers), func.sum(QuestionStat.correct), func.count())
        .where(QuestionStat.learner_id == learner_id)
        .group_by(column)
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0), int(row[3])) for row in s.execute(stmt)}


def daily_totals(s: Session, learner_id: int) -> list[tuple[str, int, int, float]]:
    """(date, answers, correct, seconds) per UTC date, oldest first."""
    stmt = select(DailyStat.date, DailyStat.answers, DailyStat.correct, DailyStat.seconds).where(
        DailyStat.learner_id == learner_id).order_by(DailyStat.date)
    return [tuple(r) for r in s.execute(stmt)]  # type: ignore[misc]


def answer_count(s: Session, learner_id: int) -> int:
    return int(s.scalar(select(func.sum(DailyStat.answers)).where(DailyStat.learner_id == learner_id)) or 0)


def add_drill_submission(s: Session, **fields) -> DrillSubmission:
    sub = DrillSubmission(**fields)
    s.add(sub)
    s.flush()
    return sub


def add_drill_event(s: Session, **fields) -> DrillEvent:
    ev = DrillEvent(**fields)
    s.add(ev)
    s.flush()
    return ev


def passed_drills(s: Session, learner_id: int) -> set[str]:
    stmt = select(DrillSubmission.drill_id).where(
        DrillSubmission.learner_id == learner_id, DrillSubmission.passed.is_(True)
    ).distinct()
    return set(s.scalars(stmt))


# -- spaced repetition ------------------------------------------------------------------

def get_card(s: Session, learner_id: int, item: str) -> ReviewCard | None:
    return s.scalars(select(ReviewCard).where(ReviewCard.learner_id == learner_id, ReviewCard.item == item)).one_or_none()


def apply_rating(s: Session, learner_id: int, item: str, kind: str, rating: int, auto: int, when: datetime,
                 seconds: float) -> ReviewCard:
    """Review ``item`` with ``rating`` at ``when``: update (or create) its card and log it."""
    from quizapp import scheduling

    card = get_card(s, learner_id, item)
    before = card.card if card is not None else ""
    was_due = card is not None and _naive(card.due) <= _naive(when)
    new = scheduling.review(json.loads(before) if before else None, scheduling.Rating(rating), when)
    due = scheduling.card_due(new)
    if card is None:
        card = ReviewCard(learner_id=learner_id, item=item, kind=kind, card="", due=due, reps=0, lapses=0)
        s.add(card)
    elif rating == 1:
        card.lapses += 1
    card.card = json.dumps(new)
    card.due = due
    card.reps += 1
    card.last_review = when
    s.add(ReviewLog(learner_id=learner_id, item=item, rating=rating, auto_rating=auto, reviewed_at=when,
                    seconds=seconds, was_due=was_due, card_before=before))
    s.flush()
    return card


def override_last_rating(s: Session, learner_id: int, item: str, rating: int) -> ReviewCard | None:
    """Replace the rating of the latest review of ``item`` (the learner overrides it)."""
    from quizapp import scheduling

    log = s.scalars(select(ReviewLog).where(ReviewLog.learner_id == learner_id, ReviewLog.item == item)
                    .order_by(ReviewLog.id.desc()).limit(1)).one_or_none()
    card = get_card(s, learner_id, item)
    if log is None or card is None or log.rating == rating:
        return card
    when = log.reviewed_at
    new = scheduling.review(json.loads(log.card_before) if log.card_before else None, scheduling.Rating(rating), when)
    if log.rating == 1 and card.lapses:
        card.lapses -= 1
    if rating == 1 and log.card_before:
        card.lapses += 1
    card.card = json.dumps(new)
    card.due = scheduling.card_due(new)
    log.rating = rating
    s.flush()
    return card


def _naive(dt: datetime) -> datetime:
    return dt.replace(tzinfo=None) if dt.tzinfo else dt


def due_items(s: Session, learner_id: int, now: datetime, limit: int | None = None,
              kind: str | None = None) -> list[tuple[str, datetime]]:
    stmt = select(ReviewCard.item, ReviewCard.due).where(ReviewCard.learner_id == learner_id, ReviewCard.due <= now)
    if kind:
        stmt = stmt.where(ReviewCard.kind == kind)
    stmt = stmt.order_by(ReviewCard.due)
    if limit:
        stmt = stmt.limit(limit)
    return [(r[0], r[1]) for r in s.execute(stmt)]


def card_rows(s: Session, learner_id: int) -> list[tuple[str, str, str, datetime]]:
    stmt = select(ReviewCard.item, ReviewCard.kind, ReviewCard.card, ReviewCard.due).where(
        ReviewCard.learner_id == learner_id)
    return [tuple(r) for r in s.execute(stmt)]  # type: ignore[misc]


def study_dates(s: Session, learner_id: int) -> list[str]:
    """Distinct UTC dates (YYYY-MM-DD) with at least one answer, newest first."""
    stmt = select(DailyStat.date).where(DailyStat.learner_id == learner_id, DailyStat.answers > 0).order_by(
        DailyStat.date.desc())
    return list(s.scalars(stmt))


def first_reviews_between(s: Session, learner_id: int, start: datetime, end: datetime) -> int:
    """How many items were seen for the first time (a log with no previous card) in [start, end)."""
    stmt = select(func.count(ReviewLog.id)).where(
        ReviewLog.learner_id == learner_id, ReviewLog.card_before == "",
        ReviewLog.reviewed_at >= start, ReviewLog.reviewed_at < end)
    return int(s.scalar(stmt) or 0)


# -- exams ------------------------------------------------------------------------------

def upsert_exam_response(s: Session, session_id: int, item: str, response_json: str, flagged: bool) -> None:
    row = s.scalars(select(ExamResponse).where(ExamResponse.session_id == session_id, ExamResponse.item == item)
                    ).one_or_none()
    if row is None:
        s.add(ExamResponse(session_id=session_id, item=item, response=response_json, flagged=flagged))
    else:
        row.response = response_json
        row.flagged = flagged
        row.updated_at = utcnow()
    s.flush()


def exam_responses(s: Session, session_id: int) -> list[ExamResponse]:
    return list(s.scalars(select(ExamResponse).where(ExamResponse.session_id == session_id)))


def finished_sessions(s: Session, learner_id: int, mode: str) -> list[QuizSession]:
    stmt = select(QuizSession).where(QuizSession.learner_id == learner_id, QuizSession.mode == mode,
                                     QuizSession.finished_at.is_not(None)).order_by(QuizSession.finished_at.desc())
    return list(s.scalars(stmt))


def retention_counts(s: Session, learner_id: int, since: datetime | None = None) -> tuple[int, int]:
    """(reviews of due items, of which passed) — "true retention" as Anki reports it."""
    stmt = select(func.count(ReviewLog.id), func.sum(case((ReviewLog.rating > 1, 1), else_=0))).where(
        ReviewLog.learner_id == learner_id, ReviewLog.was_due.is_(True))
    if since is not None:
        stmt = stmt.where(ReviewLog.reviewed_at >= since)
    n, passed = s.execute(stmt).one()
    return int(n or 0), int(passed or 0)


def drill_recent(s: Session, learner_id: int, drill_id: str, now: datetime) -> tuple[int, bool]:
    """(failed submissions since the last pass, whether it was passed already today (UTC))."""
    last_pass = s.scalar(select(func.max(DrillSubmission.created_at)).where(
        DrillSubmission.learner_id == learner_id, DrillSubmission.drill_id == drill_id,
        DrillSubmission.passed.is_(True)))
    stmt = select(func.count(DrillSubmission.id)).where(
        DrillSubmission.learner_id == learner_id, DrillSubmission.drill_id == drill_id,
        DrillSubmission.passed.is_(False))
    if last_pass is not None:
        stmt = stmt.where(DrillSubmission.created_at > last_pass)
    failed = int(s.scalar(stmt) or 0)
    today = now.replace(tzinfo=None).date() if now.tzinfo else now.date()
    passed_today = last_pass is not None and last_pass.date() == today
    return failed, passed_today
