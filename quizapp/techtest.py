"""The DAY.10 技術テスト: a timed set of coding drills graded by the drill grader (no UI).

By default 5 drills from 5 different days, 60 minutes. Each check inside the test is graded
and stored like any drill submission (so it also counts for progress and reviews); the
test keeps the latest verdict of each drill with the session, together with the clock, so
it resumes after a crash. Hints and solutions are not available during the test. The result
is the number of drills passed and, per drill, how many checks passed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizapp import i18n
from quizapp.quiz import QuizError

if TYPE_CHECKING:
    from quizapp.store.store import Store

DEFAULT_DRILLS = 5
DEFAULT_MINUTES = 60
MODE = "techtest"


def select_drills(drills: dict[str, Any], count: int = DEFAULT_DRILLS, rng: random.Random | None = None) -> list[str]:
    """``count`` drills, one per day as far as the days go, in day order."""
    if count < 1:
        raise QuizError(i18n.t("techtest_need_drills"))
    rng = rng or random.Random()
    by_day: dict[int, list[str]] = {}
    for d in drills.values():
        by_day.setdefault(d.day, []).append(d.id)
    if not by_day:
        raise QuizError(i18n.t("techtest_no_drills"))
    days = list(by_day)
    rng.shuffle(days)
    chosen: list[str] = []
    while len(chosen) < count and any(by_day.values()):
        for day in days:
            pool = [i for i in by_day[day] if i not in chosen]
            if pool and len(chosen) < count:
                chosen.append(rng.choice(pool))
    day_of = {d.id: d.day for d in drills.values()}
    return sorted(chosen, key=lambda i: (day_of[i], i))


@dataclass(frozen=True, slots=True)
class DrillResult:
    drill_id: str
    passed: bool
    checks_passed: int
    checks_total: int
    attempts: int


@dataclass(frozen=True, slots=True)
class TechTestResult:
    drills: list[DrillResult]
    seconds: float
    timed_out: bool

    @property
    def passed(self) -> int:
        return sum(d.passed for d in self.drills)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": len(self.drills), "seconds": round(self.seconds, 1),
                "timed_out": self.timed_out,
                "drills": [{"id": d.drill_id, "passed": d.passed, "checks_passed": d.checks_passed,
                            "checks_total": d.checks_total, "attempts": d.attempts} for d in self.drills]}


class TechTest:
    """A technical test in progress, bound to a stored session."""

    def __init__(self, store: Store, session_id: int) -> None:
        info = store.load_session(session_id)
        if info is None or info.mode != MODE:
            raise QuizError(i18n.t("techtest_no_session", id=session_id))
        self.store, self.session_id = store, session_id
        self.drill_ids: list[str] = list(info.items)
        self.time_limit_s = float(info.time_limit_s or DEFAULT_MINUTES * 60)
        self.elapsed_s = float(info.elapsed_s)
        self.finished = info.finished
        self.verdicts: dict[str, dict] = {k: v for k, (v, _f) in store.exam_responses(session_id).items() if v}

    @classmethod
    def start(cls, store: Store, drills: dict[str, Any], count: int = DEFAULT_DRILLS,
              minutes: int = DEFAULT_MINUTES, rng: random.Random | None = None) -> TechTest:
        if minutes < 1:
            raise QuizError(i18n.t("techtest_need_minutes"))
        ids = select_drills(drills, count, rng)
        sid = store.start_session(MODE, i18n.t("techtest_title"), ids, {"count": count, "minutes": minutes},
                                  time_limit_s=minutes * 60)
        return cls(store, sid)

    @property
    def remaining_s(self) -> float:
        return max(0.0, self.time_limit_s - self.elapsed_s)

    def record(self, drill_id: str, passed: bool, checks: list[dict], elapsed_s: float) -> None:
        """Keep the latest verdict of ``drill_id`` (committed with the clock)."""
        if self.finished:
            raise QuizError(i18n.t("techtest_submitted"))
        if drill_id not in self.drill_ids:
            raise QuizError(i18n.t("techtest_not_part", drill=drill_id))
        prev = self.verdicts.get(drill_id, {})
        verdict = {"passed": bool(passed), "checks_passed": sum(1 for c in checks if c.get("passed")),
                   "checks_total": len(checks), "attempts": int(prev.get("attempts", 0)) + 1}
        self.verdicts[drill_id] = verdict
        self.elapsed_s = elapsed_s
        self.store.save_exam_response(self.session_id, drill_id, verdict, False, elapsed_s)

    def save_clock(self, elapsed_s: float) -> None:
        self.elapsed_s = elapsed_s
        self.store.set_elapsed(self.session_id, elapsed_s)

    def result(self) -> TechTestResult:
        out = []
        for i in self.drill_ids:
            v = self.verdicts.get(i, {})
            out.append(DrillResult(i, bool(v.get("passed")), int(v.get("checks_passed", 0)),
                                   int(v.get("checks_total", 0)), int(v.get("attempts", 0))))
        return TechTestResult(out, min(self.elapsed_s, self.time_limit_s), self.elapsed_s >= self.time_limit_s)

    def submit(self, elapsed_s: float | None = None) -> TechTestResult:
        if elapsed_s is not None:
            self.elapsed_s = min(elapsed_s, self.time_limit_s)
        result = self.result()
        self.store.finish_with_result(self.session_id, result.to_dict(), self.elapsed_s)
        self.finished = True
        return result
