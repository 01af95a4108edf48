"""Plain data handed out by the store; importing this module does not import SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AnswerInfo:
    item: str
    correct: bool
    response: Any  # choice numbers count in the file's order, whatever the order shown
    seconds: float
    shown_order: tuple[int, ...] = ()  # the file's choice numbers in screen order; () = file order


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    mode: str
    title: str
    items: list[str]
    params: dict
    started_at: datetime
    finished_at: datetime | None
    time_limit_s: int | None
    elapsed_s: float
    answers: dict[str, AnswerInfo] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def remaining(self) -> list[str]:
        return [i for i in self.items if i not in self.answers]


@dataclass(frozen=True, slots=True)
class Progress:
    answers: int
    correct: int
    questions: int  # distinct questions answered

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


#: The longest learner name (the ``learners.name`` column).
MAX_LEARNER_NAME = 100


def learner_name(name: str | None = None) -> str:
    """The learner a store opens: ``name``, else ``$QUIZAPP_LEARNER``, else "default", stripped.
    Raises ValueError unless it has 1 to ``MAX_LEARNER_NAME`` characters."""
    import os

    learner = (name or os.environ.get("QUIZAPP_LEARNER") or "default").strip()
    if not 1 <= len(learner) <= MAX_LEARNER_NAME:
        raise ValueError(f"a learner name must be 1 to {MAX_LEARNER_NAME} characters")
    return learner


def item_key(question_id: str, part: str = "") -> str:
    return f"{question_id}#{part}" if part else question_id


def split_item(item: str) -> tuple[str, str]:
    qid, _, part = item.partition("#")
    return qid, part


