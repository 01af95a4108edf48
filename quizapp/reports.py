"""Progress reports built from the store (no UI). ``quizapp report`` prints them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from quizapp.bank.model import AREAS, DAY_TITLES, REPORT_AREA_OF, REPORT_AREAS
from quizapp.store import Progress, Store


def _entry(p: Progress | None, questions_in_bank: int | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "answers": p.answers if p else 0,
        "correct": p.correct if p else 0,
        "questions_answered": p.questions if p else 0,
        "accuracy": round(p.accuracy, 4) if p and p.accuracy is not None else None,
    }
    if questions_in_bank is not None:
        d["questions_in_bank"] = questions_in_bank
    return d


def build_report(store: Store, bank=None) -> dict[str, Any]:
    by_day = store.progress_by_day()
    by_area = store.progress_by_area()
    bank_day = {d: len(bank.by_day(d)) for d in range(10)} if bank is not None else {}
    bank_area = {a: sum(1 for q in bank.questions if q.area == a) for a in AREAS} if bank is not None else {}
    report_areas: dict[str, list[int]] = {a: [0, 0, 0] for a in REPORT_AREAS}
    for area, p in by_area.items():
        ra = REPORT_AREA_OF.get(area)
        if ra:
            slot = report_areas[ra]
            slot[0] += p.answers
            slot[1] += p.correct
            slot[2] += p.questions
    total = store.answers_total()
    correct = sum(p.correct for p in by_day.values())
    return {
        "learner": store.learner_name,
        "answers_total": total,
        "correct_total": correct,
        "accuracy": round(correct / total, 4) if total else None,
        "by_day": {str(d): {"title": DAY_TITLES[d], **_entry(by_day.get(d), bank_day.get(d))} for d in range(10)},
        "by_area": {a: _entry(by_area.get(a), bank_area.get(a)) for a in AREAS},
        "by_report_area": {a: _entry(Progress(*v) if v[0] else None) for a, v in report_areas.items()},
    }


def _pad(text: str, width: int) -> str:
    """Left-justify by display width (Japanese characters take two cells)."""
    from rich.cells import cell_len, set_cell_size

    return set_cell_size(text, width) if cell_len(text) > width else text + " " * (width - cell_len(text))


def render_text(rep: dict[str, Any]) -> str:
    def pct(e: dict) -> str:
        return f"{e['accuracy'] * 100:5.1f}%" if e["accuracy"] is not None else "     —"

    acc = f"  accuracy: {rep['accuracy'] * 100:.1f}%" if rep["accuracy"] is not None else ""
    lines = [f"quizapp progress — {rep['learner']}", f"answers: {rep['answers_total']}{acc}", "", "By day:"]
    for d, e in rep["by_day"].items():
        lines.append(f"  DAY.{d} {_pad(e['title'], 36)} {e['answers']:>7} answers {pct(e)}")
    lines += ["", "By area:"]
    for a, e in rep["by_area"].items():
        lines.append(f"  {_pad(a, 16)} {e['answers']:>7} answers {pct(e)}")
    lines += ["", "By exam report area:"]
    for a, e in rep["by_report_area"].items():
        lines.append(f"  {_pad(a, 16)} {e['answers']:>7} answers {pct(e)}")
    return "\n".join(lines) + "\n"


def cmd_report(args: argparse.Namespace) -> int:
    from quizapp.bank import load_bank

    store = Store()
    try:
        rep = build_report(store, load_bank())
    finally:
        store.close()
    text = json.dumps(rep, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else render_text(rep)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"quizapp report: cannot write {args.output}: {exc}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0
