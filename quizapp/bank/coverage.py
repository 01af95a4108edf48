"""How well the bank covers the exam's syllabus: questions per 小項目 and per keyword.

A question counts toward the items in its ``syllabus:`` tags and toward the keywords it names;
a ``prereq:`` question counts toward its item's prerequisites only (not its keywords).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.bank.model import Bank, Question
from quizapp.bank.syllabus import Item, Syllabus, load_syllabus

DEFAULT_BELOW = 3


def is_calc(q: Question) -> bool:
    """A calculation or code question (numeric, code, or four-choice with a compute program)."""
    return q.type in ("numeric", "code") or q.compute is not None


@dataclass
class Count:
    questions: int = 0
    calc: int = 0
    verified: int = 0

    def add(self, q: Question) -> None:
        self.questions += 1
        self.calc += is_calc(q)
        self.verified += q.verifiable

    def as_dict(self) -> dict[str, int]:
        return {"questions": self.questions, "calc_or_code": self.calc, "verified": self.verified}


@dataclass
class ItemCoverage:
    item: Item
    count: Count = field(default_factory=Count)
    prereq: int = 0
    keywords: dict[str, Count] = field(default_factory=dict)


@dataclass
class Coverage:
    syllabus: Syllabus
    items: dict[str, ItemCoverage]
    course_only: int = 0
    untagged: int = 0

    def item_rows(self) -> list[ItemCoverage]:
        return list(self.items.values())

    def examined_keywords(self) -> list[tuple[Item, str, Count]]:
        return [(c.item, k, n) for c in self.items.values() if c.item.examined for k, n in c.keywords.items()]

    def summary(self, below: int = DEFAULT_BELOW) -> dict[str, Any]:
        examined = [c for c in self.items.values() if c.item.examined]
        kws = self.examined_keywords()
        return {
            "items": len(self.items),
            "items_in_scope": len(examined),
            f"items_in_scope_with_{below}_or_more": sum(c.count.questions >= below for c in examined),
            "keywords_in_scope": len(kws),
            "keywords_at_0": sum(n.questions == 0 for _, _, n in kws),
            f"keywords_at_1_to_{below - 1}": sum(0 < n.questions < below for _, _, n in kws),
            "course_only_questions": self.course_only,
            "untagged_questions": self.untagged,
        }

    def to_dict(self, below: int = DEFAULT_BELOW) -> dict[str, Any]:
        return {
            "summary": self.summary(below),
            "below": below,
            "items": [
                {"id": c.item.id, "name": c.item.name, "name_en": c.item.name_en, "scope": c.item.scope,
                 **c.count.as_dict(), "prereq": c.prereq,
                 "under": c.item.examined and c.count.questions < below,
                 "keywords": [{"keyword": k, **n.as_dict(), "under": c.item.examined and n.questions < below}
                              for k, n in c.keywords.items()]}
                for c in self.items.values()
            ],
        }


def coverage(bank: Bank, syllabus: Syllabus | None = None) -> Coverage:
    syl = syllabus or load_syllabus()
    items = {i.id: ItemCoverage(i, keywords={k: Count() for k in i.keywords}) for i in syl.items.values()}
    cov = Coverage(syl, items)
    for q in bank.questions:
        if q.course_only:
            cov.course_only += 1
            continue
        if q.prereq and q.prereq in items:
            items[q.prereq].prereq += 1
            continue
        if not q.syllabus:
            cov.untagged += 1
            continue
        for iid in q.syllabus:
            c = items.get(iid)
            if c is None:
                continue
            c.count.add(q)
            for k in q.keywords:
                if k in c.keywords:
                    c.keywords[k].add(q)
    return cov


def format_coverage(cov: Coverage, below: int = DEFAULT_BELOW, only_below: bool = False, lang: str = "ja") -> str:
    lines = []
    head = f"{'item':<8} {'scope':<8} {'Q':>4} {'calc':>4} {'ver':>4} {'pre':>4}  name"
    lines.append(head)
    for c in cov.item_rows():
        under = c.item.examined and c.count.questions < below
        low_kws = [(k, n) for k, n in c.keywords.items() if c.item.examined and n.questions < below]
        if only_below and not under and not low_kws:
            continue
        mark = f"  < {below}" if under else ""
        name = c.item.name_en if lang == "en" else c.item.name
        lines.append(f"{c.item.id:<8} {c.item.scope:<8} {c.count.questions:>4} {c.count.calc:>4} {c.count.verified:>4} "
                     f"{c.prereq:>4}  {name}{mark}")
        for k, n in c.keywords.items():
            if only_below and not (c.item.examined and n.questions < below):
                continue
            kmark = f"  < {below}" if c.item.examined and n.questions < below else ""
            lines.append(f"{'':<8} {'':<8} {n.questions:>4} {n.calc:>4} {n.verified:>4} {'':>4}    · {k}{kmark}")
    s = cov.summary(below)
    lines.append("")
    from quizapp.i18n import t_in

    lines.append(t_in(
        lang, "bank_coverage_summary", in_scope=s["items_in_scope"], items=s["items"], below=below,
        enough=s[f"items_in_scope_with_{below}_or_more"], kws=s["keywords_in_scope"], kw0=s["keywords_at_0"],
        below1=below - 1, kw_low=s[f"keywords_at_1_to_{below - 1}"], course_only=s["course_only_questions"],
        untagged=s["untagged_questions"]))
    return "\n".join(lines)
