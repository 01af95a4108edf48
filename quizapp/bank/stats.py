"""Counts over a bank, for ``bank stats`` and the home screen."""

from __future__ import annotations

from collections import Counter
from typing import Any

from quizapp.bank.model import AREAS, TYPES, Bank


def bank_stats(bank: Bank) -> dict[str, Any]:
    qs = bank.questions
    by_day = Counter(str(q.day) for q in qs)
    by_area = Counter(q.area for q in qs)
    by_type = Counter(q.type for q in qs)
    by_topic = Counter(q.topic for q in qs)
    return {
        "total": len(qs),
        "by_day": {str(d): by_day.get(str(d), 0) for d in range(10)},
        "by_area": {a: by_area.get(a, 0) for a in AREAS},
        "by_type": {t: by_type.get(t, 0) for t in TYPES},
        "by_topic": dict(sorted(by_topic.items())),
        "verified": sum(1 for q in qs if q.verifiable),
        "by_day_verified": {str(d): sum(1 for q in qs if q.day == d and q.verifiable) for d in range(10)},
        "files": len(bank.files),
        "issues": len(bank.issues),
        **_syllabus_and_lint(bank),
    }


def _syllabus_and_lint(bank: Bank) -> dict[str, Any]:
    from quizapp.bank.coverage import coverage
    from quizapp.bank.lint import lint_questions
    from quizapp.bank.syllabus import SyllabusError

    out: dict[str, Any] = {}
    try:
        cov = coverage(bank)
    except SyllabusError:
        cov = None
    if cov is not None:
        out["by_syllabus"] = {c.item.id: c.count.questions for c in cov.item_rows()}
        out["by_keyword"] = {f"{c.item.id} {k}": n.questions for c in cov.item_rows() for k, n in c.keywords.items()}
        out["course_only"] = cov.course_only
        out["untagged"] = cov.untagged
    report = lint_questions(bank.questions)
    out["lint"] = {"findings": len(report.findings), "by_kind": report.by_kind(), "waivers": len(report.waived),
                   "waived_by_kind": report.to_dict()["waived_by_kind"]}
    return out
