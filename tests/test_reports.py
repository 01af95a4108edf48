"""Report contents on a known history, in every format."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.cli import main
from quizapp.reports import FORMATS, build_report, heatmap_text, render

BOTH_BACKENDS = True  # tests using the store run on SQLite and PostgreSQL (conftest.py)

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(store):
    """Day 1 (t-single, t-multi): 3 of 4 right; day 1 math (t-numeric): 0 of 2; two study days."""
    def ans(qid, ok, when, area="深層学習の基礎", topic="活性化関数", part=""):
        store.record_answer(None, question_id=qid, part=part, response=1, correct=ok, seconds=10, mode="day", day=1,
                            area=area, topic=topic, rating=3 if ok else 1, when=when)

    d1, d2 = NOW - timedelta(days=1), NOW - timedelta(hours=1)
    ans("t-single", True, d1)
    ans("t-single", True, d2)
    ans("t-multi", False, d1)
    ans("t-multi", True, d2)
    ans("t-numeric", False, d1, area="数学的基礎", topic="情報量")
    ans("t-numeric", False, d2, area="数学的基礎", topic="情報量")
    return store


def test_report_figures(history, test_bank):
    rep = build_report(history, test_bank, now=NOW)
    assert (rep["answers_total"], rep["correct_total"], rep["accuracy"]) == (6, 3, 0.5)
    assert rep["study_days"] == 2 and rep["plan"]["streak"] == 2
    day1 = rep["by_day"]["1"]
    assert (day1["answers"], day1["correct"], day1["questions_answered"], day1["questions_in_bank"]) == (6, 3, 3, 4)
    assert rep["by_area"]["深層学習の基礎"]["accuracy"] == 0.75
    assert rep["by_area"]["数学的基礎"]["accuracy"] == 0.0
    assert rep["by_report_area"]["深層学習"]["answers"] == 4 and rep["by_report_area"]["応用数学"]["correct"] == 0
    assert [t["topic"] for t in rep["weakest_topics"]] == ["情報量", "活性化関数"]
    assert [d["date"] for d in rep["daily"]] == ["2026-06-09", "2026-06-10"]
    # the second answer to each question was a review: two passed (Good), one failed (Again)
    assert rep["retention"]["reviews"] == 3 and rep["retention"]["passed"] == 2
    assert sum(f["due"] for f in rep["forecast_30d"]) == 3  # every scheduled item falls due within 30 days
    # predicted score: studied items by recall, the unseen code blanks of 深層学習 at chance
    pred = rep["predicted_exam_pct"]
    assert pred["開発・運用環境"] is None  # nothing of that area in the test bank
    assert 25.0 < pred["深層学習"] < 100.0
    this_week = rep["weekly_trend"][-1]
    assert (this_week["answers"], this_week["correct"]) == (6, 3)


def test_every_format_carries_the_figures(history, test_bank):
    rep = build_report(history, test_bank, now=NOW)
    text = render(rep, "text")
    assert "回答数: 6" in text and "50.0%" in text and "情報量" in text and "実際の記憶保持率:" in text  # Japanese by default
    assert "answers" not in text and "(1 answers)" not in text
    from quizapp import i18n

    i18n.set_lang("en")
    try:
        en = render(rep, "text")
    finally:
        i18n.set_lang("ja")
    assert "answers: 6" in en and "True retention: 66.7%" in en and "回答数" not in en
    assert "\x1b[" not in text  # no terminal colour codes in files
    md = render(rep, "md")
    assert "| DAY.1 | 多層パーセプトロン・誤差逆伝播法 | 6 | 3 | 50.0% |" in md
    html = render(rep, "html")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 3 and "http" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")  # self-contained: no external resources
    assert json.loads(render(rep, "json"))["answers_total"] == 6
    rows = list(csv.DictReader(io.StringIO(render(rep, "csv"))))
    assert {"section": "by_day", "key": "1", "metric": "accuracy", "value": "0.5"} in rows
    assert {"section": "daily", "key": "2026-06-09", "metric": "answers", "value": "3"} in rows


def test_empty_report_renders(store, test_bank):
    rep = build_report(store, test_bank, now=NOW)
    for fmt in FORMATS:
        assert render(rep, fmt)
    assert rep["accuracy"] is None and rep["weakest_topics"] == []


def test_heatmap_marks_study_days():
    daily = [{"date": "2026-06-08", "answers": 10}, {"date": "2026-06-10", "answers": 1}]
    rows = heatmap_text(daily, datetime(2026, 6, 10).date(), weeks=2).splitlines()
    assert len(rows) == 7
    mon, wed = rows[0], rows[2]  # 2026-06-08 is a Monday, 06-10 a Wednesday
    assert mon.endswith("█") and wed[-1] in "░▒▓█" and rows[1].endswith("·")


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_command_writes_each_format(fmt, tmp_path, store):
    out = tmp_path / f"r.{fmt}"
    assert main(["report", "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_syllabus_readiness_in_every_format(history, test_bank):
    rep = build_report(history, test_bank, now=NOW)
    ready = rep["syllabus_readiness"]
    # the two examined sections with questions in the test bank, weakest predicted score first
    assert sorted(n["id"] for n in ready) == ["1-3", "3-1"]
    assert ready[0]["predicted"] <= ready[1]["predicted"]
    by_id = {n["id"]: n for n in ready}
    math, dl = by_id["1-3"], by_id["3-1"]
    assert (math["questions"], math["studied"], math["accuracy"]) == (1, 1, 0.0)
    assert (dl["questions"], dl["studied"], dl["answers"], dl["correct"]) == (3, 2, 4, 3)
    # t-code's two blanks were never studied: they count as a 25% guess and pull 3-1 down
    assert dl["predicted"] <= 100 * (1 + 1 + 0.25 + 0.25) / 4 + 0.05
    text = render(rep, "text")
    assert "シラバス中項目別の準備度" in text and "1-3 情報理論" in text
    assert "| 3-1 順伝播型ネットワーク |" in render(rep, "md")
    assert "<td>1-3 情報理論</td>" in render(rep, "html")
    assert json.loads(render(rep, "json"))["syllabus_readiness"][0]["id"] == ready[0]["id"]
    rows = list(csv.DictReader(io.StringIO(render(rep, "csv"))))
    assert {"section": "syllabus_readiness", "key": "3-1", "metric": "studied", "value": "2"} in rows


def test_text_report_shortens_long_names_with_an_ellipsis():
    from rich.cells import cell_len

    from quizapp.reports import _pad

    assert _pad("短い", 8) == "短い    "
    cut = _pad("とても長いトピックの名前がここに続きます", 12)
    assert cut.endswith("…") or cut.rstrip().endswith("…")
    assert cell_len(cut) == 12


def test_html_report_has_the_drills_section_and_says_none_yet(store, test_bank):
    from quizapp.reports import build_report, render_html

    from quizapp import i18n

    rep = build_report(store, test_bank)
    page = render_html(rep)  # Japanese by default
    assert "<h2>コーディングドリル</h2>" in page and "<b>0</b> 件合格" in page
    assert "まだありません" in page  # e.g. no mock exams: said, not an empty table
    assert "<th>提出日時</th>" not in page and "Answers" not in page
    i18n.set_lang("en")
    try:
        page = render_html(rep)
    finally:
        i18n.set_lang("ja")
    assert "<h2>Coding drills</h2>" in page and "Passed <b>0</b>" in page and "none yet" in page
