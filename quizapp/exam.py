"""The DAY.10 知識テスト: a timed mock exam like the real one (no UI here).

- By default 100 items in 120 minutes. Each blank of a code question is one item, as in the
  real exam, and the blanks of one program stay together (a linked set).
- Items are drawn per area of JDLA's score report with these default shares, close to the
  weighting candidates report: 応用数学 10%, 機械学習 20%, 深層学習 60%, 開発・運用環境 10%.
  When an area has too few questions the rest is filled from the others.
- Responses can be changed and flagged until submission; each change is committed at once,
  together with the time used so far, so a crash resumes with the answers and the clock.
  The clock runs while the exam screen is open (the TUI also saves it every few seconds).
- Submission grades every item, stores the answers (mode ``exam``) and schedules them for
  review, and keeps the result with the session (exam history).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quizapp import i18n
from quizapp.bank.model import REPORT_AREA_OF, REPORT_AREAS, Bank, Question
from quizapp.quiz import QuizError, is_correct, parse_numeric, right_answer_text
from quizapp.store.types import item_key, split_item

if TYPE_CHECKING:
    from quizapp.store.store import Store

DEFAULT_SHARES: dict[str, float] = {"応用数学": 0.10, "機械学習": 0.20, "深層学習": 0.60, "開発・運用環境": 0.10}
DEFAULT_ITEMS = 100
DEFAULT_MINUTES = 120
DEFAULT_PASS = 0.65
AUTOSAVE_SECONDS = 5


@dataclass(frozen=True, slots=True)
class ExamConfig:
    items: int = DEFAULT_ITEMS
    minutes: int = DEFAULT_MINUTES
    pass_line: float = DEFAULT_PASS
    shares: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SHARES))

    def validate(self) -> None:
        if self.items < 1:
            raise QuizError("the exam needs at least 1 question")
        if self.minutes < 1:
            raise QuizError("the exam needs at least 1 minute")
        if not 0 < self.pass_line <= 1:
            raise QuizError("the pass line must be between 0 and 1 (e.g. 0.65)")
        unknown = set(self.shares) - set(REPORT_AREAS)
        if unknown:
            raise QuizError(f"unknown area(s) {', '.join(sorted(unknown))}; use {', '.join(REPORT_AREAS)}")
        if any(v < 0 for v in self.shares.values()) or sum(self.shares.values()) <= 0:
            raise QuizError("area shares must be >= 0 and not all 0")


def parse_shares(specs: Sequence[str]) -> dict[str, float]:
    """``["応用数学=15", "深層学習=55"]`` (percent) over the defaults."""
    shares = dict(DEFAULT_SHARES)
    for spec in specs:
        name, sep, value = spec.partition("=")
        v = parse_numeric(value) if sep else None
        if not sep or v is None:
            raise QuizError(f"--share expects AREA=PERCENT, got {spec!r}")
        shares[name.strip()] = v / 100
    return shares


def area_targets(cfg: ExamConfig) -> dict[str, int]:
    """Items per report area, rounding so that the total is exactly ``cfg.items``."""
    total = sum(cfg.shares.values())
    raw = {a: cfg.items * cfg.shares.get(a, 0) / total for a in REPORT_AREAS}
    out = {a: int(v) for a, v in raw.items()}
    for a in sorted(raw, key=lambda a: raw[a] - out[a], reverse=True)[: cfg.items - sum(out.values())]:
        out[a] += 1
    return out


def select_exam_items(bank: Bank, cfg: ExamConfig, rng: random.Random | None = None) -> list[str]:
    cfg.validate()
    rng = rng or random.Random()
    targets = area_targets(cfg)
    pools: dict[str, list[Question]] = {a: [] for a in REPORT_AREAS}
    for q in bank.questions:
        pools[REPORT_AREA_OF[q.area]].append(q)
    for pool in pools.values():
        rng.shuffle(pool)
    used: set[str] = set()
    chosen: list[Question] = []

    def take(pool: list[Question], room: int) -> int:
        taken = 0
        for q in pool:
            if q.id in used or len(q.parts) > room - taken:
                continue
            used.add(q.id)
            chosen.append(q)
            taken += len(q.parts)
            if taken == room:
                break
        return taken

    missing = 0
    for area in REPORT_AREAS:
        missing += targets[area] - take(pools[area], targets[area])
    if missing:  # fill from every area, largest share first
        for area in sorted(REPORT_AREAS, key=lambda a: -targets[a]):
            missing -= take(pools[area], missing)
            if not missing:
                break
    if not chosen:
        raise QuizError(i18n.t("no_questions"))
    # exam order: by area as in the report, linked sets kept together
    order = {a: i for i, a in enumerate(REPORT_AREAS)}
    chosen.sort(key=lambda q: order[REPORT_AREA_OF[q.area]])
    return [item_key(q.id, p) for q in chosen for p in q.parts]


@dataclass(slots=True)
class AreaScore:
    correct: int = 0
    total: int = 0

    @property
    def pct(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(slots=True)
class ItemResult:
    item: str
    response: Any
    correct: bool
    flagged: bool


@dataclass(slots=True)
class ExamResult:
    correct: int
    total: int
    by_area: dict[str, AreaScore]
    passed: bool
    pass_line: float
    seconds: float
    timed_out: bool
    items: list[ItemResult]

    @property
    def pct(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct, "total": self.total, "score_pct": round(self.pct, 1),
            "passed": self.passed, "pass_line": self.pass_line, "seconds": round(self.seconds, 1),
            "timed_out": self.timed_out,
            "by_area": {a: {"correct": s.correct, "total": s.total, "pct": round(s.pct, 1)}
                        for a, s in self.by_area.items()},
        }


def score(bank: Bank, items: Sequence[str], responses: dict[str, Any], flags: set[str],
          pass_line: float, seconds: float, timed_out: bool) -> ExamResult:
    by_area = {a: AreaScore() for a in REPORT_AREAS}
    results = []
    correct = 0
    for item in items:
        qid, part = split_item(item)
        q = bank.get(qid)
        if q is None:
            continue
        resp = responses.get(item)
        ok = resp is not None and is_correct(q, part, resp)
        s = by_area[q.report_area]
        s.total += 1
        s.correct += ok
        correct += ok
        results.append(ItemResult(item, resp, ok, item in flags))
    total = len(results)
    return ExamResult(correct, total, by_area, total > 0 and correct / total >= pass_line, pass_line, seconds,
                      timed_out, results)


class ExamRun:
    """An exam in progress, bound to a stored session."""

    def __init__(self, bank: Bank, store: Store, session_id: int) -> None:
        info = store.load_session(session_id)
        if info is None or info.mode != "exam":
            raise QuizError(f"no exam session {session_id}")
        self.bank, self.store, self.session_id = bank, store, session_id
        self.items = [i for i in info.items if bank.get(split_item(i)[0]) is not None]
        self.time_limit_s = float(info.time_limit_s or DEFAULT_MINUTES * 60)
        self.elapsed_s = float(info.elapsed_s)
        self.pass_line = float(info.params.get("pass_line", DEFAULT_PASS))
        self.finished = info.finished
        self.responses: dict[str, Any] = {}
        self.flags: set[str] = set()
        for item, (resp, flagged) in store.exam_responses(session_id).items():
            if resp is not None:
                self.responses[item] = resp
            if flagged:
                self.flags.add(item)
        # resume at the question where it stopped
        self.index = max(0, min(len(self.items) - 1, int(info.params.get("position", 0) or 0)))

    @classmethod
    def start(cls, bank: Bank, store: Store, cfg: ExamConfig | None = None,
              rng: random.Random | None = None) -> ExamRun:
        cfg = cfg or ExamConfig()
        items = select_exam_items(bank, cfg, rng)
        params = {"pass_line": cfg.pass_line, "shares": cfg.shares, "items": cfg.items, "minutes": cfg.minutes}
        sid = store.start_session("exam", i18n.t("exam_title"), items, params, time_limit_s=cfg.minutes * 60)
        return cls(bank, store, sid)

    # -- state --------------------------------------------------------------------------
    @property
    def remaining_s(self) -> float:
        return max(0.0, self.time_limit_s - self.elapsed_s)

    @property
    def time_up(self) -> bool:
        return self.remaining_s <= 0

    def current(self) -> tuple[Question, str]:
        qid, part = split_item(self.items[self.index])
        q = self.bank.get(qid)
        assert q is not None
        return q, part

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.items) - 1, index))
        if not self.finished:
            self.store.set_position(self.session_id, self.index)

    def unanswered(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item not in self.responses]

    # -- changes (each committed at once, with the clock) --------------------------------
    def set_response(self, response: Any, elapsed_s: float | None = None) -> None:
        if self.finished:
            raise QuizError("the exam has been submitted")
        if elapsed_s is not None:
            self.elapsed_s = elapsed_s
        item = self.items[self.index]
        if response is None:
            self.responses.pop(item, None)
        else:
            self.responses[item] = response
        self.store.save_exam_response(self.session_id, item, response, item in self.flags, self.elapsed_s)

    def toggle_flag(self, elapsed_s: float | None = None) -> bool:
        if elapsed_s is not None:
            self.elapsed_s = elapsed_s
        item = self.items[self.index]
        self.flags ^= {item}
        self.store.save_exam_response(self.session_id, item, self.responses.get(item), item in self.flags,
                                      self.elapsed_s)
        return item in self.flags

    def save_clock(self, elapsed_s: float) -> None:
        self.elapsed_s = elapsed_s
        self.store.set_elapsed(self.session_id, elapsed_s)

    def submit(self, elapsed_s: float | None = None) -> ExamResult:
        """Grade, store the answers and the result, and close the session."""
        if elapsed_s is not None:
            self.elapsed_s = min(elapsed_s, self.time_limit_s)
        timed_out = self.elapsed_s >= self.time_limit_s
        result = score(self.bank, self.items, self.responses, self.flags, self.pass_line, self.elapsed_s, timed_out)
        self.store.submit_exam(self.session_id, self.bank, result, self.elapsed_s)
        self.finished = True
        return result

    def result(self) -> ExamResult:
        return score(self.bank, self.items, self.responses, self.flags, self.pass_line, self.elapsed_s,
                     self.elapsed_s >= self.time_limit_s)


def describe_response(q: Question, part: str, response: Any) -> str:
    if response is None:
        return "—"
    if q.type == "numeric":
        return str(response)
    choices = q.blank(part).choices if part else q.choices
    picks = response if isinstance(response, list) else [response]
    return ", ".join(f"{i}. {choices[i - 1]}" for i in picks if isinstance(i, int) and 1 <= i <= len(choices))


def review_markdown(bank: Bank, result: ExamResult) -> str:
    """Every question with the learner's answer, the right one and the explanation."""
    lines = []
    for n, r in enumerate(result.items, start=1):
        qid, part = split_item(r.item)
        q = bank.get(qid)
        if q is None:
            continue
        mark = "✓" if r.correct else "✗"
        label = f" ({part})" if part else ""
        lines.append(f"### {n}. {mark} {q.topic}{label}")
        lines.append(q.prompt.strip())
        if part and q.code:
            lines.append(f"```python\n{q.code}\n```")
        lines.append(f"- {i18n.t('your_answer')}: {describe_response(q, part, r.response)}")
        lines.append(f"- {i18n.t('right_answer')}: {right_answer_text(q, part)}")
        expl = q.blank(part).explanation + "\n\n" + q.explanation if part else q.explanation
        lines.append(f"\n{expl.strip()}\n")
    return "\n\n".join(lines)


__all__ = ["ExamConfig", "ExamResult", "ExamRun", "area_targets", "parse_shares", "review_markdown",
           "score", "select_exam_items"]
