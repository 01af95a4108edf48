"""The class report: per learner, progress by day, area, topic and syllabus item, exam and technical-test
history, final results, and who is falling behind. Read from the rollup tables in a few
grouped queries (one per table, not one per learner)."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict

from sqlalchemy import Engine, text

BEHIND_SHARE = 0.5  # under half the class median of answers, or under 50 % right: falling behind


def class_report(engine: Engine, bank=None, drills=None, finals_scores: bool = True) -> dict:
    learners: dict[int, dict] = {}
    with engine.connect() as conn:
        for lid, name in conn.execute(text("SELECT id, name FROM learners WHERE login IS NOT NULL ORDER BY name")):
            learners[lid] = {"name": name, "answers": 0, "correct": 0, "by_day": {}, "by_area": {}, "by_topic": {},
                             "by_syllabus": {}, "by_date": {}, "exams": [], "techtests": [], "finals": []}
        for col, key in (("day", "by_day"), ("area", "by_area"), ("topic", "by_topic")):
            for lid, g, n, c in conn.execute(text(
                    f"SELECT learner_id, {col}, sum(answers), sum(correct) FROM question_stats "
                    f"GROUP BY learner_id, {col}")):
                if lid in learners:
                    learners[lid][key][str(g)] = {"answers": int(n), "correct": int(c)}
        if bank is not None:  # by syllabus item (小項目): the bank maps questions to items, joined in SQL
            pairs = [(q.id, item) for q in bank.questions for item in q.syllabus_items]
            if pairs:
                values = ", ".join(f"(:q{i}, :i{i})" for i in range(len(pairs)))
                params = {k: v for i, (q, it) in enumerate(pairs) for k, v in ((f"q{i}", q), (f"i{i}", it))}
                for lid, item, n, c in conn.execute(text(
                        f"SELECT s.learner_id, m.item, sum(s.answers), sum(s.correct) FROM question_stats s "
                        f"JOIN (VALUES {values}) AS m(qid, item) ON m.qid = s.question_id "
                        f"GROUP BY s.learner_id, m.item"), params):
                    if lid in learners:
                        learners[lid]["by_syllabus"][item] = {"answers": int(n), "correct": int(c)}
        for lid, d, n, c in conn.execute(text("SELECT learner_id, date, answers, correct FROM daily_stats")):
            if lid in learners:
                learners[lid]["by_date"][d] = {"answers": int(n), "correct": int(c)}
                learners[lid]["answers"] += int(n)
                learners[lid]["correct"] += int(c)
        for lid, mode, finished, params in conn.execute(text(
                "SELECT learner_id, mode, finished_at, params FROM quiz_sessions "
                "WHERE mode IN ('exam', 'techtest') AND finished_at IS NOT NULL ORDER BY finished_at")):
            if lid in learners:
                result = json.loads(params or "{}").get("result") or {}
                learners[lid]["exams" if mode == "exam" else "techtests"].append(
                    {"finished_at": finished.isoformat(), "score_pct": result.get("score_pct"),
                     "passed": result.get("passed"), "total": result.get("total")})
    if finals_scores and bank is not None:
        from quizapp.classmode import finals, scoring

        by_name = {v["name"]: v for v in learners.values()}
        for f in finals.list_finals(engine):
            for st in scoring.standings(engine, f.id, bank, drills or {}):
                if st.learner in by_name:
                    by_name[st.learner]["finals"].append({"final": f.id, **st.to_dict()})
    counts = sorted(v["answers"] for v in learners.values())
    median = counts[len(counts) // 2] if counts else 0
    for v in learners.values():
        acc = v["correct"] / v["answers"] if v["answers"] else 0.0
        v["accuracy"] = round(acc, 3)
        v["behind"] = v["answers"] < BEHIND_SHARE * median or acc < 0.5
    return {"learners": list(learners.values()), "median_answers": median}


def render_report(data: dict, fmt: str) -> str:
    from quizapp import i18n

    rows = data["learners"]
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["learner", "answers", "correct", "accuracy", "study_days", "exams", "best_exam_pct",
                    "techtests", "final_combined_pct", "final_rank", "behind"])
        for v in rows:
            best = max((e["score_pct"] or 0 for e in v["exams"]), default="")
            fin = v["finals"][-1] if v["finals"] else {}
            w.writerow([v["name"], v["answers"], v["correct"], v["accuracy"], len(v["by_date"]), len(v["exams"]),
                        best, len(v["techtests"]), fin.get("combined_pct", ""), fin.get("rank", ""),
                        int(v["behind"])])
        return buf.getvalue()
    areas = sorted({a for v in rows for a in v["by_area"]})
    head = "".join(f"<th>{html.escape(a)}</th>" for a in areas)
    body = []
    for v in rows:
        cells = "".join(
            f"<td class=r>{100 * x['correct'] / x['answers']:.0f}%</td>" if (x := v["by_area"].get(a)) and x["answers"]
            else "<td></td>" for a in areas)
        fin = v["finals"][-1] if v["finals"] else None
        fin_text = "" if fin is None else f"{fin['combined_pct']:.1f}% ({fin['rank']})"
        body.append(
            f"<tr{' class=behind' if v['behind'] else ''}><td>{html.escape(v['name'])}"
            f"{' — ' + html.escape(i18n.t('class_behind')) if v['behind'] else ''}</td>"
            f"<td class=r>{v['answers']}</td><td class=r>{100 * v['accuracy']:.0f}%</td>"
            f"<td class=r>{len(v['by_date'])}</td>{cells}<td class=r>{len(v['exams'])}</td>"
            f"<td class=r>{fin_text}</td></tr>")
    title = html.escape(i18n.t("class_report_title"))
    return (f"<!doctype html><html lang=ja><meta charset=utf-8><title>{title}</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
            "padding:.3em}.r{text-align:right}.behind{background:#fde}</style>"
            f"<h1>{title}</h1><table><tr><th>受講者</th><th>回答数</th><th>正答率</th><th>学習日数</th>{head}"
            f"<th>模試</th><th>修了テスト</th></tr>{''.join(body)}</table></html>\n")
