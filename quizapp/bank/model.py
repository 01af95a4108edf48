"""Plain data for questions and banks. No I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

AREAS: tuple[str, ...] = ("数学的基礎", "機械学習", "深層学習の基礎", "深層学習の応用", "開発・運用環境")

#: The four areas of JDLA's score report; the bank's five areas fold into them.
REPORT_AREAS: tuple[str, ...] = ("応用数学", "機械学習", "深層学習", "開発・運用環境")
REPORT_AREA_OF: dict[str, str] = {
    "数学的基礎": "応用数学",
    "機械学習": "機械学習",
    "深層学習の基礎": "深層学習",
    "深層学習の応用": "深層学習",
    "開発・運用環境": "開発・運用環境",
}

TYPES: tuple[str, ...] = ("single", "multi", "numeric", "code", "fill")
#: Types asked blank by blank, each blank a four-choice item: NumPy code and formula fill-ins.
BLANK_TYPES: tuple[str, ...] = ("code", "fill")

#: Blank labels of code questions, in order, as they appear in the code: (あ), (い), ...
BLANK_LABELS: tuple[str, ...] = tuple("あいうえおかきくけこさしすせそ")

DAY_TITLES: dict[int, str] = {
    0: "基礎 (数学・機械学習・NumPy・開発環境)",
    1: "多層パーセプトロン・誤差逆伝播法",
    2: "正則化",
    3: "最適化",
    4: "CNNの基礎",
    5: "CNNの各手法",
    6: "RNNの基礎",
    7: "RNNの各手法 (LSTM・GRU・seq2seq・Attention)",
    8: "生成モデル",
    9: "強化学習",
}

DAY_TITLES_EN: dict[int, str] = {
    0: "Foundations (math, ML, NumPy, dev/ops)",
    1: "MLP and backpropagation",
    2: "Regularization",
    3: "Optimization",
    4: "CNN basics",
    5: "CNN architectures",
    6: "RNN basics",
    7: "LSTM / GRU / seq2seq / attention",
    8: "Generative models",
    9: "Reinforcement learning",
}

#: An import of an optional framework at the start of a line of a program.
_FRAMEWORK_IMPORT = re.compile(r"^[ \t]*(?:import|from)[ \t][^\n#]*?(?<![\w.])(torch)\b", re.MULTILINE)


#: The syllabus tag of a question that tests a course topic the exam no longer lists.
COURSE_ONLY = "course-only"


@dataclass(frozen=True, slots=True)
class Blank:
    """One blank (あ) of a code question: a four-choice sub-question."""

    label: str
    choices: tuple[str, ...]
    answer: int  # 1-based
    explanation: str
    prompt: str = ""
    #: per-choice rationale, parallel to ``choices`` ("" where the author gave none)
    why: tuple[str, ...] = ()
    shuffle: bool = True
    #: lint findings waived on purpose: (kind, written reason)
    waive: tuple[tuple[str, str], ...] = ()
    #: fill-ins: the Python expression each choice stands for in ``check`` ("" = its text)
    exprs: tuple[str, ...] = ()

    def expr(self, number: int) -> str:
        """The Python text of choice ``number`` (1-based) for a check program."""
        e = self.exprs[number - 1] if self.exprs else ""
        return e or self.choices[number - 1]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    day: int
    area: str
    topic: str
    difficulty: int
    prompt: str
    explanation: str
    source: str = ""
    line: int = 0
    choices: tuple[str, ...] = ()
    #: single: int (1-based); multi: tuple of ints; numeric: float; code: None (see blanks)
    answer: int | float | tuple[int, ...] | None = None
    tolerance: float = 0.0
    unit: str = ""
    compute: str | None = None
    code: str | None = None
    check: str | None = None
    blanks: tuple[Blank, ...] = ()
    #: per-choice rationale, parallel to ``choices`` ("" where the author gave none)
    why: tuple[str, ...] = ()
    #: False when the choices' order means something (ascending numbers, 「いずれでもない」 last)
    shuffle: bool = True
    waive: tuple[tuple[str, str], ...] = ()
    #: syllabus 小項目 ids the question tests (empty for prerequisites and course-only questions)
    syllabus: tuple[str, ...] = ()
    #: the 小項目 this foundation question builds toward ("" if none)
    prereq: str = ""
    course_only: bool = False
    keywords: tuple[str, ...] = ()
    #: fill-ins: the formula shown, with (あ) (い) … markers
    formula: str | None = None
    #: linked set (大問): the set's id and its shared scenario, figure or listing
    set_id: str = ""
    scenario: str = ""

    @property
    def syllabus_items(self) -> tuple[str, ...]:
        """The 小項目 ids the question counts toward: its own items, or its prerequisite's."""
        return self.syllabus or ((self.prereq,) if self.prereq else ())

    @property
    def report_area(self) -> str:
        return REPORT_AREA_OF[self.area]

    @property
    def frameworks(self) -> tuple[str, ...]:
        """Optional frameworks (``"torch"``) its programs import: ``bank verify`` needs them
        installed; learners answer the question without them."""
        found = {m.group(1) for src in (self.code, self.check, self.compute) if src
                 for m in _FRAMEWORK_IMPORT.finditer(src)}
        return tuple(sorted(found))

    @property
    def verifiable(self) -> bool:
        """True if ``bank verify`` can check this question by running code."""
        return self.compute is not None or self.type == "code" or (self.type == "fill" and self.check is not None)

    @property
    def parts(self) -> tuple[str, ...]:
        """The answerable parts: one per blank for code questions, else a single ''."""
        if self.type in BLANK_TYPES:
            return tuple(b.label for b in self.blanks)
        return ("",)

    def blank(self, label: str) -> Blank:
        for b in self.blanks:
            if b.label == label:
                return b
        raise KeyError(label)


@dataclass(frozen=True, slots=True)
class BankIssue:
    """A defect found while loading a bank file: where it is and what is wrong."""

    path: str
    line: int
    message: str
    field: str = ""
    question_id: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        who = f" [{self.question_id}]" if self.question_id else ""
        fld = f" {self.field}:" if self.field else ""
        return f"{where}:{who}{fld} {self.message}"


@dataclass
class Bank:
    questions: list[Question] = field(default_factory=list)
    issues: list[BankIssue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Question] = {q.id: q for q in self.questions}

    def get(self, qid: str) -> Question | None:
        return self._by_id.get(qid)

    def __len__(self) -> int:
        return len(self.questions)

    def by_day(self, day: int) -> list[Question]:
        return [q for q in self.questions if q.day == day]

    def by_area(self, area: str) -> list[Question]:
        return [q for q in self.questions if q.area == area or q.report_area == area]
