"""The DAY.10 知識テスト: a timed mock exam like the real one (no UI here).

- By default 100 items in 120 minutes. Each blank of a code question is one item, as in the
  real exam, and the blanks of one program stay together (a linked set).
- By default items are drawn by syllabus item, like the real exam: every examined 小項目
  (scope ``in`` or ``disputed``) gets an equal share; gray (出題対象外) items and course-only
  questions are left out; a ``prereq:`` question counts only within its item's share. Items
  with too few questions leave their share to the others.
- ``--share`` (``ExamConfig.shares``) overrides this with shares per area of JDLA's score report
  (defaults when only some are given: 応用数学 10%, 機械学習 20%, 深層学習 60%, 開発・運用環境 10%).
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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizapp import i18n
from quizapp.bank.model import REPORT_AREA_OF, REPORT_AREAS, Bank, Question
from quizapp.quiz import (QuizError, choice_order, is_correct, linked_units, parse_numeric, response_text,
                          right_answer_text)
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
    #: Shares per report area; None draws by syllabus item (the default).
    shares: dict[str, float] | None = None

    def validate(self) -> None:
        if self.items < 1:
            raise QuizError(i18n.t("exam_need_items"))
        if self.minutes < 1:
            raise QuizError(i18n.t("exam_need_minutes"))
        if not 0 < self.pass_line <= 1:
            raise QuizError(i18n.t("exam_bad_pass_line"))
        if self.shares is None:
            return
        unknown = set(self.shares) - set(REPORT_AREAS)
        if unknown:
            raise QuizError(i18n.t("exam_unknown_share_area", areas=", ".join(sorted(unknown)),
                                   known=", ".join(REPORT_AREAS)))
        if any(v < 0 for v in self.shares.values()) or sum(self.shares.values()) <= 0:
            raise QuizError(i18n.t("exam_bad_shares"))


def parse_shares(specs: Sequence[str]) -> dict[str, float] | None:
    """``["応用数学=15", "深層学習=55"]`` (percent) over the defaults; None when no share is given
    (the exam is then drawn by syllabus item)."""
    if not specs:
        return None
    shares = dict(DEFAULT_SHARES)
    for spec in specs:
        name, sep, value = spec.partition("=")
        v = parse_numeric(value) if sep else None
        if not sep or v is None:
            raise QuizError(i18n.t("exam_bad_share_spec", spec=spec))
        shares[name.strip()] = v / 100
    return shares


def area_targets(cfg: ExamConfig) -> dict[str, int]:
    """Items per report area, rounding so that the total is exactly ``cfg.items``."""
    shares = cfg.shares if cfg.shares is not None else DEFAULT_SHARES
    total = sum(shares.values())
    raw = {a: cfg.items * shares.get(a, 0) / total for a in REPORT_AREAS}
    out = {a: int(v) for a, v in raw.items()}
    for a in sorted(raw, key=lambda a: raw[a] - out[a], reverse=True)[: cfg.items - sum(out.values())]:
        out[a] += 1
    return out


def exam_eligible(q: Question, examined: set[str]) -> bool:
    """Not course-only, and (when tagged) counting toward an examined syllabus item."""
    if q.course_only:
        return False
    return not q.syllabus_items or bool(examined.intersection(q.syllabus_items))


def _in_exam_order(chosen: list[Question]) -> list[str]:
    """By area as in the report, each linked set (a set's questions, a code question's blanks)
    kept together."""
    order = {a: i for i, a in enumerate(REPORT_AREAS)}
    units = sorted(linked_units(chosen), key=lambda u: order[REPORT_AREA_OF[u[0].area]])
    return [item_key(q.id, p) for u in units for q in u for p in q.parts]


class _Picker:
    """Takes whole linked sets: picking one member brings the others, within the room left."""

    def __init__(self, bank: Bank, n: int) -> None:
        self.n = n
        self.total = 0
        self.used: set[str] = set()
        self.chosen: list[Question] = []
        self.unit_of: dict[str, list[Question]] = {}
        for unit in linked_units(bank.questions):
            for q in unit:
                self.unit_of[q.id] = unit

    def take(self, pool: Sequence[Question], want: int, exact: bool = False) -> int:
        """Up to ``want`` items from ``pool`` (a unit may overshoot ``want`` unless ``exact``)."""
        taken = 0
        for q in pool:
            if taken >= want or self.total >= self.n:
                break
            unit = self.unit_of.get(q.id, [q])
            size = sum(len(m.parts) for m in unit)
            if q.id in self.used or self.total + size > self.n or (exact and taken + size > want):
                continue
            self.used.update(m.id for m in unit)
            self.chosen.extend(unit)
            taken += size
            self.total += size
        return taken


def select_by_syllabus(bank: Bank, n: int, rng: random.Random) -> list[str] | None:
    """Items drawn with an equal share per examined 小項目; None if no question is tagged."""
    from quizapp.bank.syllabus import load_syllabus

    examined = [i.id for i in load_syllabus().examined_items]
    pools: dict[str, list[Question]] = {i: [] for i in examined}
    for q in bank.questions:
        if q.course_only:
            continue
        for iid in q.syllabus_items:
            if iid in pools:
                pools[iid].append(q)
    ids = [i for i in examined if pools[i]]
    if not ids:
        return None
    for i in ids:
        rng.shuffle(pools[i])
    rng.shuffle(ids)
    quota = {i: n // len(ids) for i in ids}
    for i in rng.sample(ids, n - sum(quota.values())) if n % len(ids) else []:
        quota[i] += 1
    picker = _Picker(bank, n)
    got = dict.fromkeys(ids, 0)

    def take(iid: str, want: int) -> int:
        taken = picker.take(pools[iid], want)
        got[iid] += taken
        return taken

    for iid in ids:
        take(iid, quota[iid])
    while picker.total < n:  # items short of questions leave their share to the others, most behind first
        moved = 0
        for iid in sorted(ids, key=lambda i: got[i] - quota[i]):
            moved += take(iid, 1)
            if picker.total >= n:
                break
        if not moved:
            break
    return _in_exam_order(picker.chosen) if picker.chosen else None


def select_exam_items(bank: Bank, cfg: ExamConfig, rng: random.Random | None = None) -> list[str]:
    cfg.validate()
    rng = rng or random.Random()
    if cfg.shares is None:
        items = select_by_syllabus(bank, cfg.items, rng)
        if items is not None:
            return items
    from quizapp.bank.syllabus import load_syllabus

    examined = {i.id for i in load_syllabus().examined_items}
    targets = area_targets(cfg)
    pools: dict[str, list[Question]] = {a: [] for a in REPORT_AREAS}
    for q in bank.questions:
        if exam_eligible(q, examined):
            pools[REPORT_AREA_OF[q.area]].append(q)
    for pool in pools.values():
        rng.shuffle(pool)
    picker = _Picker(bank, cfg.items)
    missing = 0
    for area in REPORT_AREAS:
        missing += targets[area] - picker.take(pools[area], targets[area], exact=True)
    if missing:  # fill from every area, largest share first
        for area in sorted(REPORT_AREAS, key=lambda a: -targets[a]):
            missing -= picker.take(pools[area], missing, exact=True)
            if not missing:
                break
    if not picker.chosen:
        raise QuizError(i18n.t("no_questions"))
    return _in_exam_order(picker.chosen)


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
            raise QuizError(i18n.t("exam_no_session", id=session_id))
        self.bank, self.store, self.session_id = bank, store, session_id
        self.items = [i for i in info.items if bank.get(split_item(i)[0]) is not None]
        self.time_limit_s = float(info.time_limit_s or DEFAULT_MINUTES * 60)
        self.elapsed_s = float(info.elapsed_s)
        self.pass_line = float(info.params.get("pass_line", DEFAULT_PASS))
        self.seed = info.params.get("shuffle_seed", session_id)  # one choice order per attempt
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
        params = {"pass_line": cfg.pass_line, "shares": cfg.shares, "composition": "areas" if cfg.shares else "syllabus",
                  "items": cfg.items, "minutes": cfg.minutes,
                  "shuffle_seed": (rng or random).getrandbits(32)}
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

    def order(self, item: str | None = None) -> tuple[int, ...]:
        """An item's choices in screen order (file numbers), the same all through the attempt."""
        qid, part = split_item(item if item is not None else self.items[self.index])
        q = self.bank.get(qid)
        return () if q is None or q.type == "numeric" else choice_order(q, part, self.seed)

    def orders(self) -> dict[str, tuple[int, ...]]:
        return {item: self.order(item) for item in self.items}

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.items) - 1, index))
        if not self.finished:
            self.store.set_position(self.session_id, self.index)

    def unanswered(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item not in self.responses]

    # -- changes (each committed at once, with the clock) --------------------------------
    def set_response(self, response: Any, elapsed_s: float | None = None) -> None:
        if self.finished:
            raise QuizError(i18n.t("exam_submitted"))
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
        self.store.submit_exam(self.session_id, self.bank, result, self.elapsed_s, self.orders())
        self.finished = True
        return result

    def result(self) -> ExamResult:
        return score(self.bank, self.items, self.responses, self.flags, self.pass_line, self.elapsed_s,
                     self.elapsed_s >= self.time_limit_s)


def review_markdown(bank: Bank, result: ExamResult, orders: dict[str, Sequence[int]] | None = None) -> str:
    """Every question with the learner's answer, the right one and the explanation, numbered as
    the choices were shown in the attempt (``orders``)."""
    orders = orders or {}
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
        order = orders.get(r.item, ())
        lines.append(f"- {i18n.t('your_answer')}: {response_text(q, part, r.response, order)}")
        lines.append(f"- {i18n.t('right_answer')}: {right_answer_text(q, part, order)}")
        expl = q.blank(part).explanation + "\n\n" + q.explanation if part else q.explanation
        lines.append(f"\n{expl.strip()}\n")
    return "\n\n".join(lines)


__all__ = ["ExamConfig", "ExamResult", "ExamRun", "area_targets", "parse_shares", "review_markdown",
           "score", "select_exam_items"]
