"""Quiz logic without any UI: choosing questions, grading answers, running a session.

A quiz is a list of *items*: one per question, or one per blank for code questions
(``qid#あ``). Every answer goes to the store (committed) before the next item is shown, so a
quiz can be left or killed at any point and resumed from the first unanswered item.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quizapp.bank.model import AREAS, BLANK_TYPES, REPORT_AREA_OF, REPORT_AREAS, Bank, Question
from quizapp.store.types import AnswerInfo, SessionInfo, item_key, split_item

if TYPE_CHECKING:
    from quizapp.store.store import Store


class QuizError(ValueError):
    """A quiz that cannot be built as asked (unknown area, empty selection)."""


def resolve_area(area: str) -> str:
    """Accept a bank area, a report area, or an unambiguous prefix of one."""
    names = list(AREAS) + [a for a in REPORT_AREAS if a not in AREAS]
    if area in names:
        return area
    hits = [n for n in names if n.startswith(area)]
    if len(hits) == 1:
        return hits[0]
    from quizapp import i18n

    raise QuizError(i18n.t("quiz_unknown_area", area=area, names=", ".join(names)))


def resolve_syllabus(node: str) -> list[str]:
    """The 小項目 ids under a 大項目, 中項目 or 小項目 id (``4``, ``4-2``, ``4-2-2``)."""
    from quizapp import i18n
    from quizapp.bank.syllabus import load_syllabus

    items = load_syllabus().items_under(node)
    if not items:
        raise QuizError(i18n.t("unknown_syllabus", node=node))
    return [i.id for i in items]


def resolve_keyword(query: str) -> list[str]:
    """The syllabus keywords matching ``query`` (exact, else by substring; case-insensitive)."""
    from quizapp import i18n
    from quizapp.bank.syllabus import load_syllabus

    found = sorted({k for _i, k in load_syllabus().find_keywords(query)})
    if not found:
        raise QuizError(i18n.t("unknown_keyword", keyword=query))
    return found


def select_questions(
    bank: Bank, *, day: int | None = None, area: str | None = None, count: int = 10,
    rng: random.Random | None = None, exclude: Sequence[str] = (),
    syllabus: str | None = None, keyword: str | None = None,
) -> list[Question]:
    """A random sample of the questions matching every filter given. ``syllabus``: a node id
    (its items' questions and their prerequisites); ``keyword``: questions testing it."""
    rng = rng or random.Random()
    pool = bank.questions
    if day is not None:
        pool = [q for q in pool if q.day == day]
    if area is not None:
        area = resolve_area(area)
        pool = [q for q in pool if q.area == area or REPORT_AREA_OF[q.area] == area]
    if syllabus is not None:
        wanted = set(resolve_syllabus(syllabus))
        pool = [q for q in pool if wanted.intersection(q.syllabus_items)]
    if keyword is not None:
        kws = set(resolve_keyword(keyword))
        pool = [q for q in pool if kws.intersection(q.keywords)]
    skip = set(exclude)
    pool = [q for q in pool if q.id not in skip] or pool
    if not pool:
        from quizapp import i18n

        raise QuizError(i18n.t("quiz_no_match"))
    if count <= 0:
        from quizapp import i18n

        raise QuizError(i18n.t("quiz_count_min"))
    return sample_units(pool, count, rng)


def linked_units(questions: Sequence[Question]) -> list[list[Question]]:
    """The questions grouped so that a linked set (大問) is one unit, members in file order."""
    units: list[list[Question]] = []
    by_set: dict[str, list[Question]] = {}
    for q in questions:
        if not q.set_id:
            units.append([q])
        elif q.set_id in by_set:
            by_set[q.set_id].append(q)
        else:
            by_set[q.set_id] = [q]
            units.append(by_set[q.set_id])
    return units


def sample_units(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """About ``count`` questions drawn at random, a linked set always whole (never past
    ``count`` unless the first unit drawn is larger)."""
    units = linked_units(pool)
    rng.shuffle(units)
    chosen: list[Question] = []
    for unit in units:
        if len(chosen) + len(unit) <= count or not chosen:
            chosen.extend(unit)
        if len(chosen) >= count:
            break
    return chosen


def items_of(questions: Sequence[Question]) -> list[str]:
    return [item_key(q.id, part) for q in questions for part in q.parts]


# -- grading ----------------------------------------------------------------------------

def parse_numeric(text: str) -> float | None:
    """The value of a typed number (full-width, any minus sign, ``1/2``, ``3e-4``), or None when
    it cannot be read (see :func:`quizapp.numeric.read_number` for the reason)."""
    from quizapp.numeric import read_number

    return read_number(text).value


def is_correct(q: Question, part: str, response: Any) -> bool:
    if q.type == "single":
        return response == q.answer
    if q.type == "multi":
        return isinstance(response, (list, tuple)) and tuple(sorted(set(response))) == q.answer
    if q.type == "numeric":
        v = response if isinstance(response, (int, float)) else parse_numeric(str(response))
        return v is not None and abs(float(v) - float(q.answer)) <= q.tolerance + 1e-12  # type: ignore[arg-type]
    if q.type in BLANK_TYPES:
        return response == q.blank(part).answer
    return False


# -- the order choices are shown in ----------------------------------------------------------
#
# Choices are shuffled at every presentation so that a learner remembers the idea, not "it's 3".
# Everything stored counts choices in the file's order (1-based); the order shown is a tuple of
# those numbers in screen order, drawn from a per-session seed, so a resumed quiz and an exam
# attempt keep their order and the stored answer can rebuild the screen.

@dataclass(frozen=True, slots=True)
class ShownChoice:
    number: int  # as shown on screen (1-based)
    original: int  # in the file (1-based): what responses and keys use
    text: str
    why: str


def _choice_source(q: Question, part: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    if q.type in BLANK_TYPES:
        b = q.blank(part)
        return b.choices, b.why, b.shuffle
    return q.choices, q.why, q.shuffle


def choice_order(q: Question, part: str, seed: object) -> tuple[int, ...]:
    """The file's choice numbers in the order to show them; () for numeric questions."""
    choices, _why, shuffle = _choice_source(q, part)
    order = list(range(1, len(choices) + 1))
    if shuffle and len(order) > 1:
        random.Random(f"{seed}|{item_key(q.id, part)}").shuffle(order)
    return tuple(order)


def shown_choices(q: Question, part: str, order: Sequence[int] = ()) -> list[ShownChoice]:
    """The choices as they were on screen for ``order`` (file order when empty)."""
    choices, why, _ = _choice_source(q, part)
    order = tuple(order) or tuple(range(1, len(choices) + 1))
    return [ShownChoice(n, o, choices[o - 1], why[o - 1] if why else "") for n, o in enumerate(order, start=1)]


def _shown_number(order: Sequence[int], original: int) -> int:
    return order.index(original) + 1 if order and original in order else original


def right_answer_text(q: Question, part: str = "", order: Sequence[int] = ()) -> str:
    """The key as the learner saw it: its number on screen and its text."""
    if q.type == "single":
        return f"{_shown_number(order, q.answer)}. {q.choices[q.answer - 1]}"  # type: ignore[index,operator,arg-type]
    if q.type == "multi":
        keys = sorted(q.answer, key=lambda i: _shown_number(order, i))  # type: ignore[arg-type]
        return ", ".join(f"{_shown_number(order, i)}. {q.choices[i - 1]}" for i in keys)
    if q.type == "numeric":
        unit = f" {q.unit}" if q.unit else ""
        tol = f" (±{q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g}{unit}{tol}"
    b = q.blank(part)
    return f"({b.label}) {_shown_number(order, b.answer)}. {b.choices[b.answer - 1]}"


def response_text(q: Question, part: str, response: Any, order: Sequence[int] = ()) -> str:
    """What the learner chose or typed, numbered as on their screen."""
    if response is None:
        return "—"
    if q.type == "numeric":  # as the grader read it: -4 for 「ー４」, 1/2 (= 0.5) for 「１／２」
        from quizapp.numeric import read_number

        reading = read_number(str(response)) if not isinstance(response, (int, float)) else None
        text = reading.shown() if reading is not None else f"{float(response):.10g}"
        return f"{text} {q.unit}" if q.unit else text
    choices, _why, _ = _choice_source(q, part)
    picks = response if isinstance(response, (list, tuple)) else [response]
    valid = sorted((i for i in picks if isinstance(i, int) and 1 <= i <= len(choices)),
                   key=lambda i: _shown_number(order, i))
    return ", ".join(f"{_shown_number(order, i)}. {choices[i - 1]}" for i in valid)


def select_all_diff(q: Question, response: Any, order: Sequence[int] = ()) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Select-all questions: (right choices not picked, picked choices that are wrong), numbered as
    on the learner's screen."""
    if q.type != "multi" or not isinstance(response, (list, tuple)):
        return (), ()
    right, picked = set(q.answer), set(response)  # type: ignore[arg-type]
    return (tuple(sorted(_shown_number(order, i) for i in right - picked)),
            tuple(sorted(_shown_number(order, i) for i in picked - right)))


@dataclass(frozen=True, slots=True)
class Feedback:
    correct: bool
    right_answer: str
    explanation: str
    response: Any
    rating: int | None = None  # the automatic FSRS rating given (None when not scheduled)
    read_as: str = ""  # the response as read (「あなたの回答: -4」), numbered as on screen
    choices: tuple[ShownChoice, ...] = ()  # as shown, each with its rationale
    missed: tuple[int, ...] = ()  # select-all: right choices not picked (numbered as on screen)
    wrong_picks: tuple[int, ...] = ()  # select-all: picked choices that are wrong (numbered as on screen)


@dataclass(slots=True)
class Summary:
    total: int
    correct: int
    seconds: float
    by_area: dict[str, tuple[int, int]] = field(default_factory=dict)  # area -> (correct, total)
    wrong: list[str] = field(default_factory=list)  # items answered wrongly

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


class QuizRun:
    """A quiz in progress, bound to a stored session."""

    def __init__(self, bank: Bank, store: Store, session: SessionInfo) -> None:
        self.bank = bank
        self.store = store
        self.session_id = session.id
        self.mode = session.mode
        self.title = session.title
        # Items whose question has left the bank (edited banks) are skipped, not fatal.
        self.items = [i for i in session.items if bank.get(split_item(i)[0]) is not None]
        self.answers = dict(session.answers)
        self.seed = session.params.get("shuffle_seed", session.id)
        self.index = self._first_open()
        self._shown_at = time.monotonic()
        #: The item of the latest :meth:`answer` in this run (what a rating change applies to).
        self.last_answered: str | None = None

    # -- construction -------------------------------------------------------------------
    @classmethod
    def start(cls, bank: Bank, store: Store, questions: Sequence[Question] = (), *, mode: str, title: str,
              params: dict | None = None, items: Sequence[str] | None = None,
              rng: random.Random | None = None) -> QuizRun:
        """Store a new session asking ``questions`` (every part of each) or exactly ``items``."""
        items = list(items) if items is not None else items_of(questions)
        if not items:
            from quizapp import i18n

            raise QuizError(i18n.t("quiz_nothing_to_ask"))
        params = {**(params or {}), "shuffle_seed": (rng or random).getrandbits(32)}
        sid = store.start_session(mode, title, items, params)
        info = store.load_session(sid)
        assert info is not None
        return cls(bank, store, info)

    @classmethod
    def resume(cls, bank: Bank, store: Store, session_id: int) -> QuizRun:
        info = store.load_session(session_id)
        if info is None:
            from quizapp import i18n

            raise QuizError(i18n.t("quiz_no_session", id=session_id))
        return cls(bank, store, info)

    # -- state --------------------------------------------------------------------------
    def _first_open(self) -> int:
        for i, item in enumerate(self.items):
            if item not in self.answers:
                return i
        return len(self.items)

    @property
    def done(self) -> bool:
        return self.index >= len(self.items)

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the current question, questions in the quiz). A code question with
        three blanks is one question, as "questions per quiz" counts them."""
        qids = list(dict.fromkeys(split_item(i)[0] for i in self.items))
        if not qids:
            return 0, 0
        current = split_item(self.items[min(self.index, len(self.items) - 1)])[0]
        return qids.index(current) + 1, len(qids)

    def current(self) -> tuple[Question, str]:
        qid, part = split_item(self.items[self.index])
        q = self.bank.get(qid)
        assert q is not None
        return q, part

    def order(self) -> tuple[int, ...]:
        """The current item's choices in screen order (file numbers); () for numeric questions."""
        q, part = self.current()
        return () if q.type == "numeric" else choice_order(q, part, self.seed)

    def shown(self) -> list[ShownChoice]:
        q, part = self.current()
        return shown_choices(q, part, self.order())

    def mark_shown(self) -> None:
        self._shown_at = time.monotonic()

    def answer(self, response: Any, seconds: float | None = None) -> Feedback:
        """Grade and store the answer to the current item (committed before returning).

        Choice responses count in the file's order (see :meth:`shown` to map screen numbers)."""
        if self.done:
            from quizapp import i18n

            raise QuizError(i18n.t("quiz_over"))
        q, part = self.current()
        order = self.order()
        correct = is_correct(q, part, response)
        read_as = response_text(q, part, response, order)  # before a typed number is replaced by its value
        missed, wrong_picks = select_all_diff(q, response, order)
        took = seconds if seconds is not None else time.monotonic() - self._shown_at
        if q.type == "numeric" and not isinstance(response, (int, float)):
            parsed = parse_numeric(str(response))
            response = parsed if parsed is not None else str(response)
        rating = None
        if self.schedules:
            from quizapp.scheduling import auto_rating

            rating = int(auto_rating(correct, took, "code" if part else q.type))
        self.store.record_answer(
            self.session_id, question_id=q.id, part=part, response=response, correct=correct,
            seconds=round(took, 3), mode=self.mode, day=q.day, area=q.area, topic=q.topic, rating=rating,
            shown_order=order,
        )
        item = self.items[self.index]
        self.answers[item] = AnswerInfo(item, correct, response, took, order)
        self.last_answered = item
        explanation = q.explanation if not part else f"{q.blank(part).explanation}\n\n{q.explanation}"
        return Feedback(correct, right_answer_text(q, part, order), explanation, response, rating,
                        read_as, tuple(shown_choices(q, part, order)) if order else (), missed, wrong_picks)

    #: Quiz answers feed the spaced-repetition schedule (the exam schedules at submission).
    schedules = True

    def override_rating(self, rating: int) -> bool:
        """Replace the automatic rating of the item answered last (also after :meth:`advance`,
        when a rating key arrives as the screen moves on). False when nothing was answered."""
        item = self.last_answered
        if item is None or item not in self.answers:
            return False
        self.store.override_rating(item, rating)
        return True

    def advance(self) -> None:
        """Move to the next unanswered item; finishes the session after the last one."""
        self.index = self._first_open()
        self._shown_at = time.monotonic()
        if self.done:
            self.store.finish_session(self.session_id)

    def summary(self) -> Summary:
        total = correct = 0
        seconds = 0.0
        by_area: dict[str, list[int]] = {}
        wrong = []
        for item in self.items:
            ans = self.answers.get(item)
            if ans is None:
                continue
            q = self.bank.get(split_item(item)[0])
            assert q is not None
            total += 1
            correct += ans.correct
            seconds += ans.seconds
            slot = by_area.setdefault(q.area, [0, 0])
            slot[0] += ans.correct
            slot[1] += 1
            if not ans.correct:
                wrong.append(item)
        return Summary(total, correct, seconds, {a: (c, t) for a, (c, t) in by_area.items()}, wrong)


def start_quiz(bank: Bank, store: Store, *, day: int | None = None, area: str | None = None,
               count: int = 10, rng: random.Random | None = None, syllabus: str | None = None,
               keyword: str | None = None) -> QuizRun:
    """Build and store a new quiz by day, area, syllabus item or keyword, or mixed over everything."""
    from quizapp import i18n
    from quizapp.bank.model import DAY_TITLES, DAY_TITLES_EN

    questions = select_questions(bank, day=day, area=area, count=count, rng=rng, syllabus=syllabus, keyword=keyword)
    if syllabus is not None:
        from quizapp.bank.syllabus import load_syllabus

        mode, title = "syllabus", i18n.t("quiz_syllabus", node=load_syllabus().node_label(syllabus, i18n.get_lang()))
    elif keyword is not None:
        mode, title = "keyword", i18n.t("quiz_keyword", keyword=", ".join(resolve_keyword(keyword)))
    elif day is not None:
        titles = DAY_TITLES if i18n.get_lang() == "ja" else DAY_TITLES_EN
        mode, title = "day", i18n.t("quiz_day", day=day, title=titles[day])
    elif area is not None:
        mode, title = "area", i18n.t("quiz_area", area=resolve_area(area))
    else:
        mode, title = "mixed", i18n.t("quiz_mixed")
    params = {"day": day, "area": area, "count": count, "syllabus": syllabus, "keyword": keyword}
    return QuizRun.start(bank, store, questions, mode=mode, title=title, params=params, rng=rng)
