"""Progress and exam readiness along the syllabus tree (大項目 → 中項目), without any UI.

For each node: the questions the bank has for it (its items' questions and their
prerequisites), how many of them the learner has answered (coverage of what was studied),
accuracy, and the predicted score: the mean recall probability over every answerable part of
those questions, where a part never studied counts as a lucky guess (25%), as in the report's
predicted exam score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from quizapp.bank.model import Bank, Question
from quizapp.bank.syllabus import Syllabus, load_syllabus
from quizapp.store.types import Progress, item_key

CHANCE = 0.25


@dataclass(frozen=True, slots=True)
class NodeReadiness:
    id: str
    level: str  # major | section
    name: str
    name_en: str
    examined: bool
    questions: int  # in the bank
    studied: int  # of those, answered at least once
    answers: int
    correct: int
    predicted: float | None  # percent; None without questions

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def coverage(self) -> float | None:
        return self.studied / self.questions if self.questions else None

    def label(self, lang: str = "ja") -> str:
        name = self.name_en if lang == "en" else self.name
        return f"{self.id}. {name}" if self.level == "major" else f"{self.id} {name}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["accuracy"] = round(self.accuracy, 4) if self.accuracy is not None else None
        d["coverage"] = round(self.coverage, 4) if self.coverage is not None else None
        return d


def _node(node_id: str, level: str, name: str, name_en: str, examined: bool, qs: list[Question],
          progress: Mapping[str, Progress], recall: Mapping[str, float]) -> NodeReadiness:
    answers = correct = studied = 0
    probs: list[float] = []
    for q in qs:
        p = progress.get(q.id)
        if p is not None and p.answers:
            studied += 1
            answers += p.answers
            correct += p.correct
        probs += [recall.get(item_key(q.id, part), CHANCE) for part in q.parts]
    predicted = round(100 * sum(probs) / len(probs), 1) if probs else None
    return NodeReadiness(node_id, level, name, name_en, examined, len(qs), studied, answers, correct, predicted)


def syllabus_readiness(bank: Bank, progress: Mapping[str, Progress], recall: Mapping[str, float] | None = None,
                       syllabus: Syllabus | None = None) -> list[NodeReadiness]:
    """Every 大項目 followed by its 中項目, in syllabus order."""
    syl = syllabus or load_syllabus()
    recall = recall or {}
    by_item: dict[str, list[Question]] = {}
    for q in bank.questions:
        for iid in q.syllabus_items:
            by_item.setdefault(iid, []).append(q)

    def questions_of(item_ids) -> list[Question]:
        seen: dict[str, Question] = {}
        for iid in item_ids:
            for q in by_item.get(iid, ()):
                seen.setdefault(q.id, q)
        return list(seen.values())

    out = []
    for m in syl.majors:
        items = [i for s in m.sections for i in s.items]
        out.append(_node(m.id, "major", m.name, m.name_en, any(i.examined for i in items),
                         questions_of(i.id for i in items), progress, recall))
        for s in m.sections:
            out.append(_node(s.id, "section", s.name, s.name_en, s.examined,
                             questions_of(i.id for i in s.items), progress, recall))
    return out


def weakest_sections(nodes: list[NodeReadiness]) -> list[NodeReadiness]:
    """Examined 中項目 with questions, weakest predicted score first (less studied first on ties)."""
    sections = [n for n in nodes if n.level == "section" and n.examined and n.questions]
    return sorted(sections, key=lambda n: (n.predicted if n.predicted is not None else 0.0, n.coverage or 0.0, n.id))
