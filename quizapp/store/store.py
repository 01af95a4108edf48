"""The store facade used by the CLI and the TUI: one transaction per user action, plain
dataclasses out (no live ORM rows leave this module)."""

from __future__ import annotations

import json
from datetime import datetime
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from quizapp.store import repo
from quizapp.store.db import open_database
from quizapp.store.models import QuestionStat, QuizSession, utcnow
from quizapp.store.types import AnswerInfo, Progress, SessionInfo, item_key, learner_name, split_item


def _session_info(qs: QuizSession, answers: list[Answer]) -> SessionInfo:
    by_item: dict[str, AnswerInfo] = {}
    for a in answers:  # a later answer to the same item (exam edits) replaces the earlier
        by_item[item_key(a.question_id, a.part)] = AnswerInfo(
            item_key(a.question_id, a.part), a.correct, json.loads(a.response or "null"), a.seconds,
            tuple(json.loads(a.shown_order)) if a.shown_order else (),
        )
    return SessionInfo(
        id=qs.id, mode=qs.mode, title=qs.title, items=json.loads(qs.items), params=json.loads(qs.params),
        started_at=qs.started_at, finished_at=qs.finished_at, time_limit_s=qs.time_limit_s,
        elapsed_s=qs.elapsed_s, answers=by_item,
    )


class Store:
    """Progress of one learner in one database."""

    def __init__(self, url: str | None = None, learner: str | None = None) -> None:
        from quizapp.paths import default_db_url

        learner = learner_name(learner)
        self.url = url or default_db_url()
        self.engine, self._sm = open_database(self.url)
        with self._sm.begin() as s:
            # On a class database the login decides who you are (row-level security allows no other).
            mine = repo.learner_for_login(s)
            row = mine if mine is not None else repo.get_or_create_learner(s, learner)
            self.learner_id = row.id
            learner = row.name
        self.learner_name = learner

    @property
    def sessionmaker(self) -> sessionmaker[Session]:
        return self._sm

    def close(self) -> None:
        self.engine.dispose()

    # -- quiz sessions -------------------------------------------------------------------
    def start_session(self, mode: str, title: str, items: list[str], params: dict | None = None,
                      time_limit_s: int | None = None, final_id: int | None = None) -> int:
        with self._sm.begin() as s:
            return repo.create_session(s, self.learner_id, mode, title, items, params, time_limit_s, final_id).id

    def record_answer(self, session_id: int | None, *, question_id: str, part: str, response: Any,
                      correct: bool, seconds: float, mode: str, day: int, area: str, topic: str,
                      elapsed_s: float | None = None, rating: int | None = None,
                      when: datetime | None = None, shown_order: Sequence[int] = ()) -> None:
        """Store one answer (and, with ``rating``, its review) in one transaction, committed and
        fsynced before this returns. ``shown_order``: the file's choice numbers in screen order."""
        when = when or utcnow()
        with self._sm.begin() as s:
            repo.add_answer(
                s, session_id=session_id, learner_id=self.learner_id, question_id=question_id, part=part,
                response=json.dumps(response, ensure_ascii=False), correct=bool(correct), seconds=float(seconds),
                mode=mode, day=day, area=area, topic=topic, answered_at=when,
                shown_order=json.dumps(list(shown_order)) if shown_order else "",
            )
            if rating is not None:
                repo.apply_rating(s, self.learner_id, item_key(question_id, part), "question", rating, rating,
                                  when, float(seconds))
            if session_id is not None and elapsed_s is not None:
                qs = s.get(QuizSession, session_id)
                if qs is not None:
                    qs.elapsed_s = float(elapsed_s)

    def set_elapsed(self, session_id: int, elapsed_s: float) -> None:
        with self._sm.begin() as s:
            qs = s.get(QuizSession, session_id)
            if qs is not None:
                qs.elapsed_s = float(elapsed_s)

    def set_position(self, session_id: int, index: int) -> None:
        """Remember the item a session is showing (``params["position"]``): an exam resumes there."""
        with self._sm.begin() as s:
            qs = s.get(QuizSession, session_id)
            if qs is not None:
                params = json.loads(qs.params or "{}")
                if params.get("position") != index:
                    params["position"] = int(index)
                    qs.params = json.dumps(params, ensure_ascii=False)

    def finish_session(self, session_id: int) -> None:
        with self._sm.begin() as s:
            repo.finish_session(s, session_id)

    def load_session(self, session_id: int) -> SessionInfo | None:
        with self._sm.begin() as s:
            qs = s.get(QuizSession, session_id)
            if qs is None or qs.learner_id != self.learner_id:
                return None
            return _session_info(qs, repo.session_answers(s, session_id))

    def unfinished_sessions(self, modes: list[str] | None = None) -> list[SessionInfo]:
        with self._sm.begin() as s:
            return [_session_info(qs, repo.session_answers(s, qs.id))
                    for qs in repo.unfinished_sessions(s, self.learner_id, modes)]

    def discard_session(self, session_id: int) -> None:
        """Close an unfinished session without deleting its answers (they stay in history)."""
        self.finish_session(session_id)

    # -- progress ------------------------------------------------------------------------
    def _grouped(self, column) -> dict:
        with self._sm.begin() as s:
            rows = repo.grouped_accuracy(s, self.learner_id, column)
        return {k: Progress(*v) for k, v in rows.items()}

    def progress_by_day(self) -> dict[int, Progress]:
        return self._grouped(QuestionStat.day)

    def progress_by_area(self) -> dict[str, Progress]:
        return self._grouped(QuestionStat.area)

    def progress_by_topic(self) -> dict[str, Progress]:
        return self._grouped(QuestionStat.topic)

    def progress_by_question(self) -> dict[str, Progress]:
        return self._grouped(QuestionStat.question_id)

    def question_accuracy(self) -> dict[str, float]:
        """Share of right answers per question id (all parts together)."""
        return {qid: p.correct / p.answers for qid, p in self.progress_by_question().items() if p.answers}

    def answers_total(self) -> int:
        with self._sm.begin() as s:
            return repo.answer_count(s, self.learner_id)

    # -- exams ---------------------------------------------------------------------------
    def save_exam_response(self, session_id: int, item: str, response: Any, flagged: bool,
                           elapsed_s: float) -> None:
        """Upsert the current response and flag of one exam item, with the clock; committed."""
        with self._sm.begin() as s:
            repo.upsert_exam_response(s, session_id, item, json.dumps(response, ensure_ascii=False), flagged)
            qs = s.get(QuizSession, session_id)
            if qs is not None:
                qs.elapsed_s = float(elapsed_s)

    def exam_responses(self, session_id: int) -> dict[str, tuple[Any, bool]]:
        with self._sm.begin() as s:
            return {r.item: (json.loads(r.response), r.flagged) for r in repo.exam_responses(s, session_id)}

    def submit_exam(self, session_id: int, bank, result, elapsed_s: float,
                    orders: dict[str, Sequence[int]] | None = None) -> None:
        """Store every graded item as an answer (mode ``exam``), schedule it, keep the result
        with the session and close it — all in one transaction."""
        from quizapp.scheduling import Rating

        now = utcnow()
        per_item = elapsed_s / max(1, len(result.items))
        with self._sm.begin() as s:
            qs = s.get(QuizSession, session_id)
            if qs is None or qs.finished_at is not None:
                return
            for r in result.items:
                qid, part = split_item(r.item)
                q = bank.get(qid)
                repo.add_answer(s, session_id=session_id, learner_id=self.learner_id, question_id=qid, part=part,
                                response=json.dumps(r.response, ensure_ascii=False), correct=r.correct,
                                seconds=per_item, mode="exam", day=q.day, area=q.area, topic=q.topic,
                                answered_at=now,
                                shown_order=json.dumps(list(orders[r.item])) if orders and orders.get(r.item) else "")
                rating = int(Rating.GOOD if r.correct else Rating.AGAIN)
                repo.apply_rating(s, self.learner_id, r.item, "question", rating, rating, now, per_item)
            params = json.loads(qs.params)
            params["result"] = result.to_dict()
            qs.params = json.dumps(params, ensure_ascii=False)
            qs.elapsed_s = float(elapsed_s)
            qs.finished_at = now

    def finish_with_result(self, session_id: int, result: dict, elapsed_s: float) -> None:
        """Close a session and keep ``result`` in its params (technical tests)."""
        with self._sm.begin() as s:
            qs = s.get(QuizSession, session_id)
            if qs is None or qs.finished_at is not None:
                return
            params = json.loads(qs.params)
            params["result"] = result
            qs.params = json.dumps(params, ensure_ascii=False)
            qs.elapsed_s = float(elapsed_s)
            qs.finished_at = utcnow()

    def exam_history(self, mode: str = "exam") -> list[dict]:
        """Submitted exams (or ``techtest``s), newest first: {session_id, started_at, finished_at, result}."""
        with self._sm.begin() as s:
            rows = repo.finished_sessions(s, self.learner_id, mode)
            return [{"session_id": r.id, "started_at": r.started_at.isoformat(),
                     "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                     "result": json.loads(r.params).get("result")} for r in rows]

    # -- spaced repetition ---------------------------------------------------------------
    def review_item(self, item: str, kind: str, rating: int, seconds: float = 0.0,
                    when: datetime | None = None) -> datetime:
        """Schedule ``item`` after a review; returns its next due time."""
        with self._sm.begin() as s:
            card = repo.apply_rating(s, self.learner_id, item, kind, rating, rating, when or utcnow(), seconds)
            return card.due

    def override_rating(self, item: str, rating: int) -> datetime | None:
        """The learner corrects the automatic rating of the latest review of ``item``."""
        with self._sm.begin() as s:
            card = repo.override_last_rating(s, self.learner_id, item, rating)
            return card.due if card is not None else None

    def due_items(self, now: datetime | None = None, limit: int | None = None,
                  kind: str | None = None) -> list[tuple[str, datetime]]:
        """Items due at ``now``, most overdue first."""
        with self._sm.begin() as s:
            return repo.due_items(s, self.learner_id, now or utcnow(), limit, kind)

    def next_due(self, now: datetime | None = None) -> str | None:
        items = self.due_items(now, limit=1)
        return items[0][0] if items else None

    def cards(self) -> list[tuple[str, str, dict, datetime]]:
        """Every scheduled item: (item, kind, FSRS card dict, due)."""
        with self._sm.begin() as s:
            return [(i, k, json.loads(c), d) for i, k, c, d in repo.card_rows(s, self.learner_id)]

    def first_reviews_on(self, day) -> int:
        """Items seen for the first time on ``day`` (a UTC date)."""
        from datetime import UTC, timedelta

        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        with self._sm.begin() as s:
            return repo.first_reviews_between(s, self.learner_id, start, start + timedelta(days=1))

    def retention(self, since: datetime | None = None) -> tuple[int, int]:
        with self._sm.begin() as s:
            return repo.retention_counts(s, self.learner_id, since)

    def daily_totals(self) -> list[tuple[str, int, int, float]]:
        with self._sm.begin() as s:
            return repo.daily_totals(s, self.learner_id)

    def study_dates(self) -> list[str]:
        with self._sm.begin() as s:
            return repo.study_dates(s, self.learner_id)

    # -- drills --------------------------------------------------------------------------
    def record_drill_submission(self, drill_id: str, code: str, passed: bool, checks: list[dict],
                                seconds: float) -> int:
        """Store a graded submission and schedule the drill (``drill:ID``) in one transaction:
        a failure is Again; a pass is Good, or Hard after two or more failures since the last
        pass. Only the first pass of a day schedules it, so re-checking passing code is free."""
        from quizapp.scheduling import Rating, drill_rating

        now = utcnow()
        with self._sm.begin() as s:
            failed_before, passed_today = repo.drill_recent(s, self.learner_id, drill_id, now)
            sub_id = repo.add_drill_submission(
                s, learner_id=self.learner_id, drill_id=drill_id, code=code, passed=passed,
                checks=json.dumps(checks, ensure_ascii=False), seconds=seconds, created_at=now,
            ).id
            if not (passed and passed_today):
                rating = int(drill_rating(passed, failed_before)) if passed else int(Rating.AGAIN)
                repo.apply_rating(s, self.learner_id, f"drill:{drill_id}", "drill", rating, rating, now, seconds)
            return sub_id

    def record_drill_event(self, drill_id: str, kind: str, detail: str = "") -> None:
        with self._sm.begin() as s:
            repo.add_drill_event(s, learner_id=self.learner_id, drill_id=drill_id, kind=kind, detail=detail)

    def passed_drills(self) -> set[str]:
        with self._sm.begin() as s:
            return repo.passed_drills(s, self.learner_id)


# -- reconnecting after a server restart (PostgreSQL) ---------------------------------------------
# A class server may restart while learners work. Every Store method is one transaction, so a
# method whose connection broke (nothing committed) is simply run again once the server is back;
# SQLite errors are never retried.

RECONNECT_WAIT_S = 60.0


def _disconnected(exc: Exception) -> bool:
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    try:
        import psycopg
    except ImportError:
        return False
    orig = exc.orig
    # refused / reset / "the database system is starting up / shutting down"
    return isinstance(orig, psycopg.OperationalError) and not isinstance(orig, psycopg.errors.QueryCanceled)


def _reconnecting(method):
    import functools
    import time

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        deadline = None
        delay = 0.1
        while True:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:
                engine = getattr(self, "engine", None)
                if engine is None or engine.dialect.name != "postgresql" or not _disconnected(exc):
                    raise
                deadline = deadline or time.monotonic() + RECONNECT_WAIT_S
                if time.monotonic() > deadline:
                    raise
                engine.dispose()  # drop every pooled connection to the old server
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    return wrapper


for _name, _value in list(vars(Store).items()):
    if callable(_value) and not _name.startswith("_") and _name not in ("close",):
        setattr(Store, _name, _reconnecting(_value))
