"""Progress reports built from the store (no UI): one data model, five file formats.

``build_report`` gathers everything into plain data; ``render(report, fmt)`` writes it as
text, Markdown, self-contained HTML (inline SVG charts), JSON or CSV. The TUI's report
screen shows the same data. All figures come from the rollup tables and the review cards,
so a report costs the same with a thousand answers or a million.

Predicted exam score per area: the mean, over the bank's items of that area, of the FSRS
recall probability today (items never studied count as 25%, a guess among four choices);
the overall figure weights the areas by the mock exam's default shares.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import math
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

from quizapp import i18n
from quizapp.bank.model import AREAS, DAY_TITLES, REPORT_AREA_OF, REPORT_AREAS
from quizapp.store.types import Progress

FORMATS = ("text", "md", "html", "json", "csv")
CHANCE = 0.25
HEATMAP_WEEKS = 26


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


def build_report(store, bank=None, now: datetime | None = None) -> dict[str, Any]:
    from quizapp import scheduling
    from quizapp.exam import DEFAULT_SHARES

    now = now or datetime.now(UTC)
    today = now.date()
    by_day = store.progress_by_day()
    by_area = store.progress_by_area()
    by_topic = store.progress_by_topic()
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
    daily = [{"date": d, "answers": a, "correct": c, "seconds": round(sec, 1)} for d, a, c, sec in store.daily_totals()]
    total = sum(d["answers"] for d in daily)
    correct = sum(d["correct"] for d in daily)

    # weekly accuracy trend over the last 12 weeks (weeks start on Monday)
    week0 = today - timedelta(days=today.weekday()) - timedelta(weeks=11)
    weeks = [{"week": (week0 + timedelta(weeks=i)).isoformat(), "answers": 0, "correct": 0} for i in range(12)]
    for d in daily:
        dd = date.fromisoformat(d["date"])
        i = (dd - week0).days // 7
        if 0 <= i < 12:
            weeks[i]["answers"] += d["answers"]
            weeks[i]["correct"] += d["correct"]
    for w in weeks:
        w["accuracy"] = round(w["correct"] / w["answers"], 4) if w["answers"] else None

    # review forecast: items due on each of the next 30 days (overdue ones count today)
    cards = store.cards()
    forecast = [0] * 30
    for _item, _kind, _card, due in cards:
        due_d = (due if due.tzinfo else due.replace(tzinfo=UTC)).date()
        k = max(0, (due_d - today).days)
        if k < 30:
            forecast[k] += 1

    # predicted exam score from recall probabilities
    recall: dict[str, float] = {}
    for item, kind, card, _due in cards:
        if kind == "question":
            recall[item] = scheduling.retrievability(card, now)
    predicted: dict[str, float | None] = {}
    if bank is not None:
        sums: dict[str, list[float]] = {a: [] for a in REPORT_AREAS}
        for q in bank.questions:
            for part in q.parts:
                key = f"{q.id}#{part}" if part else q.id
                sums[q.report_area].append(recall.get(key, CHANCE))
        for a, vals in sums.items():
            predicted[a] = round(100 * sum(vals) / len(vals), 1) if vals else None
        weights = {a: w for a, w in DEFAULT_SHARES.items() if predicted.get(a) is not None}
        if weights:
            predicted["overall"] = round(sum(predicted[a] * w for a, w in weights.items()) / sum(weights.values()), 1)

    syllabus_ready: list[dict[str, Any]] = []
    if bank is not None:
        from quizapp.bank.syllabus import SyllabusError
        from quizapp.readiness import syllabus_readiness, weakest_sections

        try:
            nodes = syllabus_readiness(bank, store.progress_by_question(), recall)
        except SyllabusError:
            nodes = []
        syllabus_ready = [n.to_dict() for n in weakest_sections(nodes)]

    n_ret, passed_ret = store.retention()
    n_ret30, passed_ret30 = store.retention(now - timedelta(days=30))

    weakest: list[dict[str, Any]] = []
    plan_d: dict[str, Any] = {}
    if bank is not None:
        from quizapp.study import plan, topic_strengths

        for t in topic_strengths(bank, store, now)[:10]:
            weakest.append({"topic": t.topic, "area": t.area, "answers": t.answers, "accuracy": round(t.accuracy, 4),
                            "recall": round(t.recall, 4) if t.recall is not None else None, "score": round(t.score, 4)})
        p = plan(bank, store, now)
        plan_d = {"reviews_due": p.reviews_due, "new_suggested": p.new_suggested, "drills_due": p.drills_due,
                  "streak": p.streak}

    drills: dict[str, Any] = {}
    try:
        from quizapp.drills.model import load_drills

        all_drills = list(load_drills().values())
    except (ImportError, OSError, ValueError):  # no drills shipped or a broken drill folder
        all_drills = []
    if all_drills:
        passed_drills = store.passed_drills()
        drills = {"total": len(all_drills), "passed": sum(1 for d in all_drills if d.id in passed_drills),
                  "by_day": {str(day): {"total": sum(1 for d in all_drills if d.day == day),
                                        "passed": sum(1 for d in all_drills if d.day == day and d.id in passed_drills)}
                             for day in range(10)}}

    return {
        "learner": store.learner_name,
        "generated_at": now.isoformat(timespec="seconds"),
        "answers_total": total,
        "correct_total": correct,
        "accuracy": round(correct / total, 4) if total else None,
        "study_days": len(daily),
        "plan": plan_d,
        "by_day": {str(d): {"title": DAY_TITLES[d], **_entry(by_day.get(d), bank_day.get(d))} for d in range(10)},
        "by_area": {a: _entry(by_area.get(a), bank_area.get(a)) for a in AREAS},
        "by_report_area": {a: _entry(Progress(*v) if v[0] else None) for a, v in report_areas.items()},
        "by_topic": {t: _entry(p) for t, p in sorted(by_topic.items())},
        "daily": daily,
        "weekly_trend": weeks,
        "retention": {
            "reviews": n_ret, "passed": passed_ret,
            "rate": round(passed_ret / n_ret, 4) if n_ret else None,
            "reviews_30d": n_ret30, "passed_30d": passed_ret30,
            "rate_30d": round(passed_ret30 / n_ret30, 4) if n_ret30 else None,
        },
        "forecast_30d": [{"date": (today + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(forecast)],
        "predicted_exam_pct": predicted,
        "syllabus_readiness": syllabus_ready,
        "weakest_topics": weakest,
        "exams": store.exam_history(),
        "drills": drills,
    }


# -- words ------------------------------------------------------------------------------
#
# The reports are written with English words; in Japanese (the default) each is looked up here.
# Counts carry their unit in the word ("{n} answers" / "{n} 件"), so there is no "1 answers".

_JA: dict[str, str] = {
    "quizapp progress": "quizapp 学習レポート",
    "answers": "回答数", "accuracy": "正答率", "study days": "学習日数",
    "By day": "日別", "By area": "分野別", "Day": "日", "Theme": "テーマ", "Answers": "回答数",
    "Questions": "問題数", "Accuracy": "正答率", "Area": "分野", "Exam report areas": "試験の分野別",
    "Predicted exam score": "予測スコア", "Predicted": "予測", "Studied": "学習済み", "Section": "シラバス項目",
    "Readiness by syllabus section (weakest first)": "シラバス中項目別の準備度 (弱い順)",
    "True retention": "実際の記憶保持率", "Weakest topics": "弱点トピック", "Topic": "トピック", "Recall": "想起確率",
    "Study calendar": "学習カレンダー", "Trend": "推移", "Review forecast": "復習の予定", "Mock exams": "模擬試験",
    "Finished": "提出日時", "Score": "得点", "Result": "結果", "PASS": "合格ライン到達", "FAIL": "合格ライン未達",
    "Coding drills": "コーディングドリル", "Passed": "合格", "Drills": "ドリル数", "none yet": "まだありません",
    "no answers yet": "まだ回答がありません", "no tagged questions": "タグ付きの問題がありません",
    "overall": "総合", "Today": "今日",
    "{n} answers": "{n} 件", "{n} days": "{n} 日",
    "Predicted overall mock-exam score: {v}": "模擬試験の予測総合スコア: {v}",
    "{rate} of {n} reviews passed (last 30 days: {rate30} of {n30})":
        "{n} 回の復習のうち {rate} を想起 (直近 30 日: {n30} 回のうち {rate30})",
    "{due} reviews due · {new} new · {drills} drills due · streak {streak}":
        "復習 {due} 件 ・ 新しい問題 {new} 問 ・ ドリル復習 {drills} 件 ・ 連続 {streak}",
    "Coding drills passed: {passed}/{total}": "合格したコーディングドリル: {passed}/{total}",
    "By exam report area (accuracy / predicted exam score):": "試験の分野別 (正答率 / 予測スコア):",
    "Readiness by syllabus section, weakest first (predicted / studied / accuracy):":
        "シラバス中項目別の準備度、弱い順 (予測 / 学習済み / 正答率):",
    "predicted": "予測", "studied": "学習済み", "recall": "想起",
    "predicted mock-exam score": "模擬試験の予測スコア",
    "Study calendar (last {weeks} weeks)": "学習カレンダー (直近 {weeks} 週)",
    "accuracy % by day": "日別の正答率 %", "accuracy % by week": "週ごとの正答率 %",
    "reviews due per day": "日ごとの復習予定 (件)", "Passed {passed} of {total}": "{total} 件中 {passed} 件合格",
}


def _ws(words: list[str]) -> list[str]:
    return [w(x) for x in words]


def w(word: str, **kw: Any) -> str:
    """A report word in the interface language (English as written, Japanese from :data:`_JA`)."""
    text = _JA.get(word, word) if i18n.get_lang() == "ja" else word
    text = text.format(**kw) if kw else text
    return i18n.singular(text) if kw and i18n.get_lang() == "en" else text


_word = w  # for functions whose loops use the name ``w``


# -- text helpers ------------------------------------------------------------------------

def _pad(text: str, width: int) -> str:
    """Left-justify by display width (Japanese characters take two cells); a longer text is cut
    with an ellipsis (「…」) so the reader sees that it goes on."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(set_cell_size(text, max(0, width - 1)).rstrip() + "…", width)


def _pct(v: float | None) -> str:
    return f"{v * 100:5.1f}%" if v is not None else "     —"


def heatmap_text(daily: list[dict], today: date, weeks: int = HEATMAP_WEEKS) -> str:
    """A GitHub-style calendar: rows Mon..Sun, one column per week, shade by answers."""
    counts = {d["date"]: d["answers"] for d in daily}
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    peak = max([counts.get((start + timedelta(days=i)).isoformat(), 0) for i in range(weeks * 7)] + [1])
    shades = " ░▒▓█"
    rows = []
    for wd, name in enumerate(["Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun"]):
        line = []
        for w in range(weeks):
            d = start + timedelta(weeks=w, days=wd)
            if d > today:
                line.append(" ")
                continue
            n = counts.get(d.isoformat(), 0)
            line.append("·" if n == 0 else shades[min(4, 1 + int(3 * n / peak))])
        rows.append(f"{name} {''.join(line)}")
    return "\n".join(rows)


def chart_text(labels: list[str], values: list[float], title: str, width: int = 70, height: int = 12,
               kind: str = "bar", color: bool = False, ymax: float | None = None, whole: bool = False) -> str:
    """A terminal chart drawn with plotext (plain text unless ``color``). No background of its
    own (it sits on the app's theme, dark or light); the y axis ends at ``ymax`` when given
    (100 for percentages); ``whole`` puts ticks on whole numbers only (counts)."""
    import plotext as plt

    plt.clf()
    plt.plotsize(width, height)
    plt.title(title)
    plt.theme("clear")  # no canvas colour: no white box on the dark theme
    mark = "cyan" if color else None
    if kind == "bar":
        plt.bar(labels, values, color=mark) if mark else plt.bar(labels, values)
    else:
        xs = list(range(len(values)))
        plt.plot(xs, values, marker="dot", color=mark) if mark else plt.plot(xs, values, marker="dot")
        step = max(1, len(labels) // 6)
        plt.xticks(xs[::step], labels[::step])
    if ymax is not None:
        plt.ylim(0, ymax)
        plt.yticks([0, 25, 50, 75, 100] if ymax == 100 else [0, ymax / 2, ymax])
    elif whole:
        top = max([0, *values])
        step = max(1, int(math.ceil(top / 4))) if top else 1
        ticks = list(range(0, int(top) + step + 1, step))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks)
    out = plt.build()
    plt.clf()
    return out if color else plt.uncolorize(out)


def trend_chart(rep: dict, color: bool = False, width: int = 70) -> str:
    weeks = [w for w in rep["weekly_trend"] if w["accuracy"] is not None]  # weeks without answers are gaps
    if not weeks:
        return i18n.t("chart_trend_empty")
    vals = [round(w["accuracy"] * 100, 1) for w in weeks]
    return chart_text([w["week"][5:] for w in weeks], vals, i18n.t("chart_trend"), width=width,
                      kind="line", color=color, ymax=100)


def forecast_chart(rep: dict, color: bool = False, width: int = 70) -> str:
    f = rep["forecast_30d"]
    return chart_text([x["date"][5:] for x in f], [x["due"] for x in f], i18n.t("chart_forecast"), width=width,
                      color=color, whole=True)


# -- renderers ---------------------------------------------------------------------------

def render_text(rep: dict[str, Any]) -> str:
    out = [f"{w('quizapp progress')} — {rep['learner']}  ({rep['generated_at']})",
           f"{w('answers')}: {rep['answers_total']}   {w('accuracy')}: {_pct(rep['accuracy']).strip()}   "
           f"{w('study days')}: {rep['study_days']}"]
    if rep["plan"]:
        p = rep["plan"]
        out.append(f"{w('Today')}: " + w("{due} reviews due · {new} new · {drills} drills due · streak {streak}",
                                        due=p["reviews_due"], new=p["new_suggested"], drills=p["drills_due"],
                                        streak=w("{n} days", n=p["streak"])))
    out += ["", f"{w('By day')}:"]
    for d, e in rep["by_day"].items():
        out.append(f"  DAY.{d} {_pad(e['title'], 36)} {_pad_left(w('{n} answers', n=e['answers']), 12)} {_pct(e['accuracy'])}")
    out += ["", f"{w('By area')}:"]
    for a, e in rep["by_area"].items():
        out.append(f"  {_pad(a, 16)} {_pad_left(w('{n} answers', n=e['answers']), 12)} {_pct(e['accuracy'])}")
    out += ["", w("By exam report area (accuracy / predicted exam score):")]
    pred = rep["predicted_exam_pct"]
    for a, e in rep["by_report_area"].items():
        pe = f"{pred[a]:5.1f}%" if pred.get(a) is not None else "     —"
        out.append(f"  {_pad(a, 16)} {_pad_left(w('{n} answers', n=e['answers']), 12)} {_pct(e['accuracy'])}   "
                   f"{w('predicted')} {pe}")
    if pred.get("overall") is not None:
        out.append(f"  {_pad(w('overall'), 16)} {w('predicted mock-exam score')} {pred['overall']:.1f}%")
    out += ["", w("Readiness by syllabus section, weakest first (predicted / studied / accuracy):")]
    for n in rep.get("syllabus_readiness") or []:
        out.append(f"  {_pad(n['id'] + ' ' + n['name'], 40)} {n['predicted']:5.1f}%   "
                   f"{n['studied']:>3}/{n['questions']:<3} {w('studied')}   {w('accuracy')} {_pct(n['accuracy'])}")
    if not rep.get("syllabus_readiness"):
        out.append(f"  ({w('no tagged questions')})")
    r = rep["retention"]
    out += ["", f"{w('True retention')}: " + w("{rate} of {n} reviews passed (last 30 days: {rate30} of {n30})",
                                               rate=_pct(r["rate"]).strip(), n=r["reviews"],
                                               rate30=_pct(r["rate_30d"]).strip(), n30=r["reviews_30d"])]
    out += ["", f"{w('Weakest topics')}:"]
    for t in rep["weakest_topics"] or []:
        out.append(f"  {_pad(t['topic'], 28)} {_pad(t['area'], 14)} {w('accuracy')} {_pct(t['accuracy'])}  "
                   f"{w('recall')} {_pct(t['recall'])}  ({w('{n} answers', n=t['answers'])})")
    if not rep["weakest_topics"]:
        out.append(f"  ({w('no answers yet')})")
    out += ["", w("Study calendar (last {weeks} weeks)", weeks=HEATMAP_WEEKS) + ":",
            heatmap_text(rep["daily"], date.fromisoformat(rep["generated_at"][:10]))]
    out += ["", trend_chart(rep), "", forecast_chart(rep)]
    out += ["", f"{w('Mock exams')}:"]
    for e in rep["exams"] or []:
        res = e["result"] or {}
        out.append(f"  {e['finished_at'][:16]}  {res.get('score_pct', 0):5.1f}%  {w('PASS') if res.get('passed') else w('FAIL')}")
    if not rep["exams"]:
        out.append(f"  ({w('none yet')})")
    if rep["drills"]:
        out += ["", w("Coding drills passed: {passed}/{total}", passed=rep["drills"]["passed"], total=rep["drills"]["total"])]
    return "\n".join(out) + "\n"


def _pad_left(text: str, width: int) -> str:
    from rich.cells import cell_len

    return " " * max(0, width - cell_len(text)) + text


def _md_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render_md(rep: dict[str, Any]) -> str:
    pred = rep["predicted_exam_pct"]
    parts = [f"# {w('quizapp progress')} — {rep['learner']}", f"_{rep['generated_at']}_", "",
             f"**{w('answers')}** {rep['answers_total']} · **{w('accuracy')}** {_pct(rep['accuracy']).strip()} · "
             f"**{w('study days')}** {rep['study_days']}"]
    if rep["plan"]:
        p = rep["plan"]
        parts.append(f"\n**{w('Today')}**: " + w("{due} reviews due · {new} new · {drills} drills due · streak {streak}",
                                                 due=p["reviews_due"], new=p["new_suggested"], drills=p["drills_due"],
                                                 streak=w("{n} days", n=p["streak"])))
    parts += ["", f"## {w('By day')}", _md_table(_ws(["Day", "Theme", "Answers", "Questions", "Accuracy"]),
              [[f"DAY.{d}", e["title"], e["answers"], e["questions_answered"], _pct(e["accuracy"]).strip()]
               for d, e in rep["by_day"].items()])]
    parts += ["", f"## {w('By area')}", _md_table(_ws(["Area", "Answers", "Accuracy"]),
              [[a, e["answers"], _pct(e["accuracy"]).strip()] for a, e in rep["by_area"].items()])]
    parts += ["", f"## {w('Exam report areas')}", _md_table(_ws(["Area", "Answers", "Accuracy", "Predicted exam score"]),
              [[a, e["answers"], _pct(e["accuracy"]).strip(),
                f"{pred[a]:.1f}%" if pred.get(a) is not None else "—"] for a, e in rep["by_report_area"].items()])]
    if pred.get("overall") is not None:
        parts.append("\n" + w("Predicted overall mock-exam score: {v}", v=f"**{pred['overall']:.1f}%**"))
    if rep.get("syllabus_readiness"):
        parts += ["", f"## {w('Readiness by syllabus section (weakest first)')}",
                  _md_table(_ws(["Section", "Predicted", "Studied", "Accuracy"]),
                            [[f"{n['id']} {n['name']}", f"{n['predicted']:.1f}%", f"{n['studied']}/{n['questions']}",
                              _pct(n["accuracy"]).strip()] for n in rep["syllabus_readiness"]])]
    r = rep["retention"]
    parts += ["", f"## {w('True retention')}\n\n" + w("{rate} of {n} reviews passed (last 30 days: {rate30} of {n30})",
                                                      rate=_pct(r["rate"]).strip(), n=r["reviews"],
                                                      rate30=_pct(r["rate_30d"]).strip(), n30=r["reviews_30d"])]
    parts += ["", f"## {w('Weakest topics')}", _md_table(_ws(["Topic", "Area", "Answers", "Accuracy", "Recall"]),
              [[t["topic"], t["area"], t["answers"], _pct(t["accuracy"]).strip(), _pct(t["recall"]).strip()]
               for t in rep["weakest_topics"]]) if rep["weakest_topics"] else f"_{w('no answers yet')}_"]
    parts += ["", f"## {w('Study calendar')}", "```", heatmap_text(rep["daily"], date.fromisoformat(rep["generated_at"][:10])), "```"]
    parts += ["", f"## {w('Trend')}", "```", trend_chart(rep), "```", "", f"## {w('Review forecast')}", "```", forecast_chart(rep), "```"]
    parts += ["", f"## {w('Mock exams')}", _md_table(_ws(["Finished", "Score", "Result"]),
              [[e["finished_at"][:16], f"{(e['result'] or {}).get('score_pct', 0):.1f}%",
                w("PASS") if (e["result"] or {}).get("passed") else w("FAIL")] for e in rep["exams"]])
              if rep["exams"] else f"_{w('none yet')}_"]
    return "\n".join(parts) + "\n"


def _svg_bars(values: list[float], labels: list[str], title: str, vmax: float | None = None,
              width: int = 640, height: int = 180, color: str = "#4c78a8") -> str:
    n = max(1, len(values))
    top = vmax or max(values + [1])
    bw = (width - 40) / n
    bars = []
    for i, (v, lab) in enumerate(zip(values, labels, strict=True)):
        h = 0 if top == 0 else (height - 40) * v / top
        x = 30 + i * bw
        bars.append(f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{bw * 0.8:.1f}" height="{h:.1f}" '
                    f'fill="{color}"><title>{html.escape(lab)}: {v:g}</title></rect>')
        if n <= 12 or i % max(1, n // 8) == 0:
            bars.append(f'<text x="{x:.1f}" y="{height - 5}" font-size="10">{html.escape(lab)}</text>')
        if n <= 12 and v:
            bars.append(f'<text x="{x:.1f}" y="{height - 24 - h:.1f}" font-size="10">{v:g}</text>')
    return (f'<figure><figcaption>{html.escape(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}" height="{height}" role="img">{"".join(bars)}</svg></figure>')


def _svg_heatmap(daily: list[dict], today: date, weeks: int = HEATMAP_WEEKS) -> str:
    counts = {d["date"]: d["answers"] for d in daily}
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    peak = max([counts.get((start + timedelta(days=i)).isoformat(), 0) for i in range(weeks * 7)] + [1])
    cells = []
    for w in range(weeks):
        for wd in range(7):
            d = start + timedelta(weeks=w, days=wd)
            if d > today:
                continue
            n = counts.get(d.isoformat(), 0)
            alpha = 0.08 if n == 0 else 0.25 + 0.75 * n / peak
            cells.append(f'<rect x="{w * 13}" y="{wd * 13}" width="11" height="11" fill="#2ca02c" '
                         f'fill-opacity="{alpha:.2f}"><title>{d.isoformat()}: {n}</title></rect>')
    return (f'<figure><figcaption>{html.escape(_word("Study calendar (last {weeks} weeks)", weeks=weeks))}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{weeks * 13}" height="{7 * 13}">{"".join(cells)}</svg>'
            f'</figure>')


def render_html(rep: dict[str, Any]) -> str:
    def table(header: list[str], rows: list[list[Any]]) -> str:
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
        if not rows:  # an empty table says so instead of showing bare headers
            return f"<p class=muted>{w('none yet')}</p>"
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    pred = rep["predicted_exam_pct"]
    weeks = rep["weekly_trend"]
    r = rep["retention"]
    sections = [
        f"<h1>{w('quizapp progress')} — {html.escape(rep['learner'])}</h1><p class=muted>{html.escape(rep['generated_at'])}</p>",
        f"<p><b>{w('answers')}</b> {rep['answers_total']} · <b>{w('accuracy')}</b> {_pct(rep['accuracy']).strip()} · "
        f"<b>{w('study days')}</b> {rep['study_days']}</p>",
        f"<h2>{w('By day')}</h2>" + table(_ws(["Day", "Theme", "Answers", "Accuracy"]),
                                  [[f"DAY.{d}", e["title"], e["answers"], _pct(e["accuracy"]).strip()]
                                   for d, e in rep["by_day"].items()]),
        _svg_bars([round((e["accuracy"] or 0) * 100, 1) for e in rep["by_day"].values()],
                  [f"D{d}" for d in rep["by_day"]], w("accuracy % by day"), vmax=100),
        f"<h2>{w('Exam report areas')}</h2>" + table(
            _ws(["Area", "Answers", "Accuracy", "Predicted exam score"]),
            [[a, e["answers"], _pct(e["accuracy"]).strip(), f"{pred[a]:.1f}%" if pred.get(a) is not None else "—"]
             for a, e in rep["by_report_area"].items()]),
        "<p>" + w("Predicted overall mock-exam score: {v}", v=f"<b>{pred['overall']:.1f}%</b>") + "</p>"
        if pred.get("overall") is not None else "",
        f"<h2>{w('Readiness by syllabus section (weakest first)')}</h2>" + table(
            _ws(["Section", "Predicted", "Studied", "Accuracy"]),
            [[f"{n['id']} {n['name']}", f"{n['predicted']:.1f}%", f"{n['studied']}/{n['questions']}",
              _pct(n["accuracy"]).strip()] for n in rep.get("syllabus_readiness") or []]),
        f"<h2>{w('Trend')}</h2>" + _svg_bars([round((w["accuracy"] or 0) * 100, 1) for w in weeks], [w["week"][5:] for w in weeks],
                                     w("accuracy % by week"), vmax=100),
        _svg_heatmap(rep["daily"], date.fromisoformat(rep["generated_at"][:10])),
        f"<h2>{w('True retention')}</h2><p>" + w("{rate} of {n} reviews passed (last 30 days: {rate30} of {n30})",
                                                 rate=_pct(r["rate"]).strip(), n=r["reviews"],
                                                 rate30=_pct(r["rate_30d"]).strip(), n30=r["reviews_30d"]) + "</p>",
        f"<h2>{w('Review forecast')}</h2>" + _svg_bars([f["due"] for f in rep["forecast_30d"]],
                                               [f["date"][5:] for f in rep["forecast_30d"]], w("reviews due per day"),
                                               color="#f58518"),
        f"<h2>{w('Weakest topics')}</h2>" + table(_ws(["Topic", "Area", "Answers", "Accuracy", "Recall"]),
                                          [[t["topic"], t["area"], t["answers"], _pct(t["accuracy"]).strip(),
                                            _pct(t["recall"]).strip()] for t in rep["weakest_topics"]]),
        f"<h2>{w('Mock exams')}</h2>" + table(_ws(["Finished", "Score", "Result"]),
                                      [[e["finished_at"][:16], f"{(e['result'] or {}).get('score_pct', 0):.1f}%",
                                        w("PASS") if (e["result"] or {}).get("passed") else w("FAIL")] for e in rep["exams"]]),
        f"<h2>{w('Coding drills')}</h2>" + (
            "<p>" + w("Passed {passed} of {total}", passed=f"<b>{rep['drills']['passed']}</b>", total=rep['drills']['total']) + "</p>" + table(
                _ws(["Day", "Passed", "Drills"]),
                [[f"DAY.{d}", e["passed"], e["total"]] for d, e in rep["drills"]["by_day"].items() if e["total"]])
            if rep["drills"] else f"<p class=muted>{w('none yet')}</p>"),
    ]
    style = ("body{font-family:system-ui,'Noto Sans JP',sans-serif;max-width:900px;margin:2em auto;padding:0 1em}"
             "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
             "figcaption{font-size:.9em;color:#555}.muted{color:#777}")
    return (f'<!DOCTYPE html><html lang="{i18n.get_lang()}"><head><meta charset="utf-8"><title>{w("quizapp progress")}</title>'
            f"<style>{style}</style></head><body>{''.join(sections)}</body></html>\n")


def render_csv(rep: dict[str, Any]) -> str:
    """Long format: section,key,metric,value — one row per figure."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "key", "metric", "value"])
    w.writerow(["total", "", "answers", rep["answers_total"]])
    w.writerow(["total", "", "accuracy", rep["accuracy"] if rep["accuracy"] is not None else ""])
    for section in ("by_day", "by_area", "by_report_area", "by_topic"):
        for key, e in rep[section].items():
            for metric in ("answers", "correct", "questions_answered", "accuracy"):
                v = e.get(metric)
                w.writerow([section, key, metric, "" if v is None else v])
    for d in rep["daily"]:
        for metric in ("answers", "correct", "seconds"):
            w.writerow(["daily", d["date"], metric, d[metric]])
    for f in rep["forecast_30d"]:
        w.writerow(["forecast", f["date"], "due", f["due"]])
    for key, v in rep["predicted_exam_pct"].items():
        w.writerow(["predicted_exam", key, "pct", "" if v is None else v])
    for metric, v in rep["retention"].items():
        w.writerow(["retention", "", metric, "" if v is None else v])
    for n in rep.get("syllabus_readiness") or []:
        for metric in ("predicted", "studied", "questions", "accuracy", "coverage"):
            v = n.get(metric)
            w.writerow(["syllabus_readiness", n["id"], metric, "" if v is None else v])
    for t in rep["weakest_topics"]:
        w.writerow(["weakest_topics", t["topic"], "score", t["score"]])
    for e in rep["exams"]:
        w.writerow(["exams", e["finished_at"], "score_pct", (e["result"] or {}).get("score_pct", "")])
    return buf.getvalue()


def render(rep: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rep, ensure_ascii=False, indent=2) + "\n"
    return {"text": render_text, "md": render_md, "html": render_html, "csv": render_csv}[fmt](rep)


def cmd_report(args: argparse.Namespace) -> int:
    from quizapp.bank import load_bank
    from quizapp.store.store import Store

    store = Store()
    try:
        rep = build_report(store, load_bank())
    finally:
        store.close()
    text = render(rep, args.format)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(i18n.t("report_cannot_write", path=args.output, error=exc), file=sys.stderr)
            return 1
        print(i18n.t("report_wrote", path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


__all__ = ["FORMATS", "build_report", "cmd_report", "render"]
