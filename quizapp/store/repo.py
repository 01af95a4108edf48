"""Queries and writes. Every function takes a session and never commits: the caller owns
the transaction (one per user action)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Integer, case, func, select
from sqlalchemy.orm import Session

from quizapp.store.models import Answer, DrillEvent, DrillSubmission, Learner, QuizSession, utcnow


def get_or_create_learner(s: Session, name: str) -> Learner:
    learner = s.scalars(select(Learner).where(Learner.name == name)).one_or_none()
    if learner is None:
        learner = Learner(name=name)
        s.add(learner)
        s.flush()
    return learner


def create_session(
    s: Session, learner_id: int, mode: str, title: str, items: Sequence[str],
    params: dict | None = None, time_limit_s: int | None = None,
) -> QuizSession:
    qs = QuizSession(
        learner_id=learner_id, mode=mode, title=title, items=json.dumps(list(items), ensure_ascii=False),
        params=json.dumps(params or {}, ensure_ascii=False), time_limit_s=time_limit_s,
    )
    s.add(qs)
    s.flush()
    return qs


def add_answer(s: Session, **fields) -> Answer:
    ans = Answer(**fields)
    s.add(ans)
    s.flush()
    return ans


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
    """{group: (answers, correct, distinct questions)} for the learner, grouped in SQL."""
    stmt = (
        select(
            column,
            func.count(Answer.id),
            func.sum(case((Answer.correct, 1), else_=0)).cast(Integer),
            func.count(func.distinct(Answer.question_id)),
        )
        .where(Answer.learner_id == learner_id)
        .group_by(column)
    )
    return {row[0]: (int(row[1]), int(row[2] or 0), int(row[3])) for row in s.execute(stmt)}


def answer_count(s: Session, learner_id: int) -> int:
    return int(s.scalar(select(func.count(Answer.id)).where(Answer.learner_id == learner_id)) or 0)


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
