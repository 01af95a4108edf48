"""The DAY.10 final of a class: defined once by the instructor, taken by every learner.

The knowledge test is one fixed, seeded set of questions composed like the mock exam (default
100 questions in 120 minutes); the technical test is a fixed set of drills (default 5 in 60
minutes). Both are open from ``opens_at`` to ``closes_at`` on the server's clock. A learner takes
them with the ordinary exam and technical-test runs, bound to sessions marked with the final's
id, so they resume after a crash like any exam.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select, text

from quizapp.store.models import FinalTest, QuizSession

if TYPE_CHECKING:
    from quizapp.bank.model import Bank
    from quizapp.exam import ExamRun
    from quizapp.store.store import Store
    from quizapp.techtest import TechTest


class FinalError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FinalInfo:
    id: int
    title: str
    seed: int
    items: list[str]
    drills: list[str]
    knowledge_minutes: int
    technical_minutes: int
    pass_line: float
    opens_at: datetime
    closes_at: datetime

    @classmethod
    def of(cls, f: FinalTest) -> FinalInfo:
        return cls(f.id, f.title, f.seed, json.loads(f.items), json.loads(f.drills), f.knowledge_minutes,
                   f.technical_minutes, f.pass_line, f.opens_at, f.closes_at)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "seed": self.seed, "questions": len(self.items),
                "drills": self.drills, "knowledge_minutes": self.knowledge_minutes,
                "technical_minutes": self.technical_minutes, "pass_line": self.pass_line,
                "opens_at": self.opens_at.isoformat(), "closes_at": self.closes_at.isoformat()}


def server_now(conn_or_session) -> datetime:
    """The database server's clock (naive UTC, like every stored time)."""
    dialect = conn_or_session.get_bind().dialect if hasattr(conn_or_session, "get_bind") else conn_or_session.dialect
    if dialect.name != "postgresql":  # SQLite: the server is this process
        from quizapp.store.models import utcnow

        return utcnow().replace(tzinfo=None)
    value = conn_or_session.execute(text("SELECT now()")).scalar()
    return value.replace(tzinfo=None) if value.tzinfo else value


def create_final(engine: Engine, bank: Bank, drills: dict, *, title: str = "DAY.10 修了テスト",
                 questions: int = 100, minutes: int = 120, drill_count: int = 5, technical_minutes: int = 60,
                 hours_open: float = 3.0, opens_in_minutes: float = 0.0, seed: int | None = None,
                 pass_line: float = 0.65) -> FinalInfo:
    from quizapp.exam import ExamConfig, select_exam_items
    from quizapp.quiz import QuizError
    from quizapp.techtest import select_drills

    if minutes < 1 or technical_minutes < 1 or hours_open <= 0:
        raise FinalError(_t("cls_final_bad_times"))
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31 - 1)
    try:
        cfg = ExamConfig(items=questions, minutes=minutes, pass_line=pass_line)
        cfg.validate()
        items = select_exam_items(bank, cfg, random.Random(seed))
        drill_ids = select_drills(drills, drill_count, random.Random(seed)) if drill_count else []
    except QuizError as exc:
        raise FinalError(str(exc)) from None
    with engine.begin() as conn:
        now = server_now(conn)
        opens = now + timedelta(minutes=opens_in_minutes)
        fid = conn.execute(FinalTest.__table__.insert().values(
            title=title, seed=seed, items=json.dumps(items, ensure_ascii=False), drills=json.dumps(drill_ids),
            knowledge_minutes=minutes, technical_minutes=technical_minutes, pass_line=pass_line,
            opens_at=opens, closes_at=opens + timedelta(hours=hours_open), created_at=now,
        ).returning(FinalTest.id)).scalar()
    return get_final(engine, fid)


def get_final(engine: Engine, final_id: int) -> FinalInfo:
    with engine.connect() as conn:
        row = conn.execute(select(FinalTest).where(FinalTest.id == final_id)).first()
    if row is None:
        raise FinalError(_t("cls_no_final", id=final_id))
    return _info_from_row(row)


def _info_from_row(row) -> FinalInfo:
    m = row._mapping
    return FinalInfo(m["id"], m["title"], m["seed"], json.loads(m["items"]), json.loads(m["drills"]),
                     m["knowledge_minutes"], m["technical_minutes"], m["pass_line"], m["opens_at"], m["closes_at"])


def list_finals(engine: Engine) -> list[FinalInfo]:
    with engine.connect() as conn:
        return [_info_from_row(r) for r in conn.execute(select(FinalTest.__table__).order_by(FinalTest.id))]


def close_final(engine: Engine, final_id: int) -> FinalInfo:
    with engine.begin() as conn:
        now = server_now(conn)
        n = conn.execute(FinalTest.__table__.update().where(FinalTest.id == final_id, FinalTest.closes_at > now)
                         .values(closes_at=now)).rowcount
        if not n and conn.execute(select(FinalTest.id).where(FinalTest.id == final_id)).first() is None:
            raise FinalError(_t("cls_no_final", id=final_id))
    return get_final(engine, final_id)


# -- the learner's side -----------------------------------------------------------------------

def open_finals(store: Store) -> list[FinalInfo]:
    """Finals open now (server clock). Empty on a database without finals (e.g. alone on SQLite)."""
    with store.sessionmaker.begin() as s:
        now = server_now(s)
        rows = s.execute(select(FinalTest.__table__).where(FinalTest.opens_at <= now, FinalTest.closes_at > now)
                         .order_by(FinalTest.id)).all()
    return [_info_from_row(r) for r in rows]


def _time_limit_s(store: Store, final: FinalInfo, minutes: int) -> int:
    """The time limit of a part started now: its minutes, or less if the final closes sooner
    (answers after the close would not count)."""
    with store.sessionmaker.begin() as s:
        left = (final.closes_at - server_now(s)).total_seconds()
    return max(1, min(minutes * 60, int(left)))


def _session_for(store: Store, final: FinalInfo, mode: str) -> int | None:
    with store.sessionmaker.begin() as s:
        return s.scalar(select(QuizSession.id).where(
            QuizSession.learner_id == store.learner_id, QuizSession.final_id == final.id,
            QuizSession.mode == mode).order_by(QuizSession.id).limit(1))


def knowledge_run(store: Store, bank: Bank, final: FinalInfo) -> ExamRun:
    """The learner's knowledge test of ``final``: resumed if started, else started now."""
    from quizapp.exam import ExamRun

    sid = _session_for(store, final, "exam")
    if sid is None:
        params = {"pass_line": final.pass_line, "items": len(final.items), "minutes": final.knowledge_minutes,
                  "final_id": final.id}
        sid = store.start_session("exam", final.title, final.items, params,
                                  time_limit_s=_time_limit_s(store, final, final.knowledge_minutes),
                                  final_id=final.id)
    return ExamRun(bank, store, sid)


def technical_run(store: Store, final: FinalInfo) -> TechTest:
    """The learner's technical test of ``final``: resumed if started, else started now."""
    from quizapp.techtest import MODE, TechTest

    sid = _session_for(store, final, MODE)
    if sid is None:
        params = {"count": len(final.drills), "minutes": final.technical_minutes, "final_id": final.id}
        sid = store.start_session(MODE, final.title, final.drills, params,
                                  time_limit_s=_time_limit_s(store, final, final.technical_minutes),
                                  final_id=final.id)
    return TechTest(store, sid)


def _t(key: str, **kw: object) -> str:
    from quizapp import i18n

    return i18n.t(key, **kw)
