"""Scores of a final, recomputed on the instructor's side.

Nothing a learner's login can write is trusted as a score: the knowledge test is scored from
the stored responses against the bank's keys (a ``correct`` column is never read), and the
technical test from the instructor's own grading of the stored code of each learner's latest
submission (cached in ``final_grades``, which learners cannot read or write). Only what was
saved inside the window counts: from the final's opening, and the learner's own start, until
the earlier of the final's close and the learner's start plus the time limit (plus a short
grace for the last save in flight), all on the server's clock (see security.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from quizapp.classmode.finals import FinalInfo, get_final
from quizapp.store.types import split_item

GRACE = timedelta(seconds=30)


@dataclass(slots=True)
class Standing:
    learner: str
    knowledge_correct: int = 0
    knowledge_total: int = 0
    knowledge_seconds: float = 0.0
    technical_passed: int = 0
    technical_total: int = 0
    technical_seconds: float = 0.0
    by_area: dict[str, list[int]] = field(default_factory=dict)  # area -> [correct, total]
    rank: int = 0

    @property
    def knowledge_pct(self) -> float:
        return 100.0 * self.knowledge_correct / self.knowledge_total if self.knowledge_total else 0.0

    @property
    def technical_pct(self) -> float:
        return 100.0 * self.technical_passed / self.technical_total if self.technical_total else 0.0

    @property
    def combined_pct(self) -> float:
        parts = [p for p, t in ((self.knowledge_pct, self.knowledge_total), (self.technical_pct, self.technical_total))
                 if t]
        return sum(parts) / len(parts) if parts else 0.0

    @property
    def seconds(self) -> float:
        return self.knowledge_seconds + self.technical_seconds

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "learner": self.learner,
                "knowledge": {"correct": self.knowledge_correct, "total": self.knowledge_total,
                              "pct": round(self.knowledge_pct, 1), "seconds": round(self.knowledge_seconds, 1)},
                "technical": {"passed": self.technical_passed, "total": self.technical_total,
                              "pct": round(self.technical_pct, 1), "seconds": round(self.technical_seconds, 1)},
                "combined_pct": round(self.combined_pct, 1), "seconds": round(self.seconds, 1)}


def _deadline(final: FinalInfo, started_at: datetime, minutes: int) -> datetime:
    return min(final.closes_at, started_at + timedelta(minutes=minutes) + GRACE)


def knowledge_scores(conn, final: FinalInfo, bank) -> dict[int, tuple[int, float, dict[str, list[int]]]]:
    """{learner_id: (correct, seconds used, by area)} from the responses saved in each learner's
    window (filtered in SQL); each distinct (item, response) is checked against the key once."""
    from quizapp.quiz import is_correct

    area_totals: dict[str, int] = {}
    area_of: dict[str, str] = {}
    for item in set(final.items):
        q = bank.get(split_item(item)[0])
        if q is not None:
            area_of[item] = q.report_area
            area_totals[q.report_area] = area_totals.get(q.report_area, 0) + 1
    rows = conn.execute(text(
        "WITH s AS (SELECT DISTINCT ON (learner_id) id, learner_id, started_at FROM quiz_sessions "
        "           WHERE final_id = :f AND mode = 'exam' ORDER BY learner_id, id) "
        "SELECT s.learner_id, r.item, r.response, EXTRACT(EPOCH FROM r.updated_at - s.started_at)::float8 "
        "FROM s LEFT JOIN exam_responses r ON r.session_id = s.id AND r.item = ANY(:items) "
        "  AND r.updated_at >= GREATEST(s.started_at, :opens) "
        "  AND r.updated_at <= LEAST(:closes, s.started_at + make_interval(mins => :m) + :grace)"),
        {"f": final.id, "items": list(area_of), "opens": final.opens_at, "closes": final.closes_at,
         "m": final.knowledge_minutes, "grace": GRACE}).all()
    verdict: dict[tuple[str, str], bool] = {}
    acc: dict[int, list] = {}
    for lid, item, response, used in rows:
        entry = acc.get(lid)
        if entry is None:
            entry = acc[lid] = [0, 0.0, {a: [0, n] for a, n in area_totals.items()}]
        if item is None:
            continue
        key = (item, response)
        ok = verdict.get(key)
        if ok is None:
            qid, part = split_item(item)
            resp = json.loads(response)
            ok = verdict[key] = resp is not None and bool(is_correct(bank.get(qid), part, resp))
        if response == "null":
            continue
        entry[1] = max(entry[1], used)
        if ok:
            entry[0] += 1
            entry[2][area_of[item]][0] += 1
    return {lid: (c, used, areas) for lid, (c, used, areas) in acc.items()}


def technical_scores(conn, final: FinalInfo, drills: dict, grade) -> dict[int, tuple[int, float]]:
    """{learner_id: (drills passed, seconds used)}: the latest submission of each drill inside the
    learner's window, as graded by ``grade(drill, code) -> (passed, checks_passed, checks_total)``
    (once per submission; the verdicts are kept in final_grades). One query for the class."""
    if not final.drills:
        return {}
    rows = conn.execute(text(
        "WITH s AS (SELECT DISTINCT ON (learner_id) learner_id, started_at FROM quiz_sessions "
        "           WHERE final_id = :f AND mode = 'techtest' ORDER BY learner_id, id) "
        "SELECT s.learner_id, s.started_at, d.id, d.drill_id, d.created_at, g.passed "
        "FROM s LEFT JOIN LATERAL ("
        "  SELECT DISTINCT ON (x.drill_id) x.id, x.drill_id, x.created_at FROM drill_submissions x "
        "  WHERE x.learner_id = s.learner_id AND x.drill_id = ANY(:d) "
        "    AND x.created_at >= GREATEST(s.started_at, :opens) "
        "    AND x.created_at <= LEAST(:closes, s.started_at + make_interval(mins => :m) + :grace) "
        "  ORDER BY x.drill_id, x.created_at DESC, x.id DESC) d ON true "
        "LEFT JOIN final_grades g ON g.submission_id = d.id"),
        {"f": final.id, "d": final.drills, "opens": final.opens_at, "closes": final.closes_at,
         "m": final.technical_minutes, "grace": GRACE}).all()
    ungraded = [r[2] for r in rows if r[2] is not None and r[5] is None]
    verdicts: dict[int, bool] = {}
    if ungraded:
        for sub_id, drill_id, code in conn.execute(text(
                "SELECT id, drill_id, code FROM drill_submissions WHERE id = ANY(:ids)"), {"ids": ungraded}):
            drill = drills.get(drill_id)
            ok, n_ok, n_all = grade(drill, code) if drill is not None else (False, 0, 0)
            conn.execute(text(
                "INSERT INTO final_grades (submission_id, passed, checks_passed, checks_total, graded_at) "
                "VALUES (:s, :p, :k, :n, now()) ON CONFLICT (submission_id) DO NOTHING"),
                {"s": sub_id, "p": bool(ok), "k": n_ok, "n": n_all})
            verdicts[sub_id] = bool(ok)
    out: dict[int, tuple[int, float]] = {}
    for lid, started, sub_id, _drill, created, cached in rows:
        passed, seconds = out.get(lid, (0, 0.0))
        if sub_id is not None:
            passed += bool(cached if cached is not None else verdicts.get(sub_id))
            seconds = max(seconds, (created - started).total_seconds())
        out[lid] = (passed, seconds)
    return out


#: Set by the instructor's explicit ``--allow-unconfined``: grade learners' code even where the
#: kernel sandbox is not available (a hostile submission could then forge its verdict).
ALLOW_UNCONFINED = False
_GRADERS: dict[bool, object] = {}


def class_grader():
    """The grader for learners' submissions: kernel-confined, unless the instructor allowed
    otherwise; a refused run is a failed check, never an unconfined one."""
    from quizapp.drills.grader import Grader

    required = not ALLOW_UNCONFINED
    if required not in _GRADERS:
        _GRADERS[required] = Grader(require_confinement=required)
    return _GRADERS[required]


def grader_grade(drill, code: str) -> tuple[bool, int, int]:
    v = class_grader().grade(drill, code)
    return v.passed, sum(1 for c in v.checks if c.get("passed")), len(v.checks)


def standings(engine: Engine, final_id: int, bank, drills: dict, grade=grader_grade) -> list[Standing]:
    """Everybody in the class, best first: combined score, then less time used, then name."""
    final = get_final(engine, final_id)
    with engine.begin() as conn:
        learners = dict(conn.execute(text("SELECT id, name FROM learners WHERE login IS NOT NULL")).all())
        know = knowledge_scores(conn, final, bank)
        tech = technical_scores(conn, final, drills, grade)
    total_k = sum(1 for i in final.items if bank.get(split_item(i)[0]) is not None)
    board = []
    for lid, name in learners.items():
        st = Standing(name, knowledge_total=total_k, technical_total=len(final.drills))
        if lid in know:
            st.knowledge_correct, st.knowledge_seconds, areas = know[lid]
            st.by_area = areas
        if lid in tech:
            st.technical_passed, st.technical_seconds = tech[lid]
        board.append(st)
    board.sort(key=lambda s: (-round(s.combined_pct, 6), s.seconds, s.learner))
    prev = None
    for i, st in enumerate(board, 1):
        key = (round(st.combined_pct, 6), st.seconds)
        st.rank = prev[1] if prev and prev[0] == key else i
        prev = (key, st.rank)
    return board
