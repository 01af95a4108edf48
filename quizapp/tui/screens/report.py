"""Progress report in the terminal: the same data as ``quizapp report``, with charts."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, LoadingIndicator, Static

from quizapp import i18n
from quizapp.bank.model import DAY_TITLES_EN
from quizapp.i18n import area_name
from quizapp.reports import build_report, forecast_chart, heatmap_text, trend_chart
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header


def _pct(v: float | None) -> str:
    return f"{v * 100:.0f}%" if v is not None else "—"


class ReportScreen(LocalizedScreen):
    # The report scrolls with ↑/↓/PageUp/PageDown/Home/End (the body has the focus); w jumps to
    # the weakest topics (the table takes the focus, Enter practises the highlighted topic).
    BINDINGS = [Binding("escape,q", "back", "bind_back", id="report.back"),
                Binding("w", "weak", "bind_report_weak", id="report.weak")]

    def __init__(self, now: datetime | None = None) -> None:
        super().__init__()
        self.report: dict | None = None
        self.now = now  # fixed in tests; the current time otherwise

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="r-body"):
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        rep = build_report(self.app.store, self.app.bank, now=self.now)  # type: ignore[attr-defined]
        self.app.call_from_thread(self.show, rep)

    async def show(self, rep: dict) -> None:
        self.report = rep
        body = self.query_one("#r-body", VerticalScroll)
        await body.remove_children()
        width = max(40, min(100, self.size.width - 6))
        p = rep["plan"]
        widgets: list = [
            Static(i18n.t("report_title"), classes="panel-title"),
            Static(i18n.t("report_summary", answers=rep["answers_total"], acc=_pct(rep["accuracy"]),
                          days=rep["study_days"], streak=p.get("streak", 0))),
        ]
        areas = DataTable(id="r-areas", cursor_type="none", zebra_stripes=True)
        widgets += [Static(i18n.t("report_areas"), classes="panel-title"), areas]
        ready = DataTable(id="r-syllabus", cursor_type="row", zebra_stripes=True)
        widgets += [Static(i18n.t("report_syllabus"), classes="panel-title"), ready]
        days = DataTable(id="r-days", cursor_type="none", zebra_stripes=True)
        widgets += [Static(i18n.t("days"), classes="panel-title"), days]
        widgets += [Static(Text.from_ansi(trend_chart(rep, color=True, width=width)), id="r-trend"),
                    Static(i18n.t("report_calendar"), classes="panel-title"),
                    Static(heatmap_text(rep["daily"], date.fromisoformat(rep["generated_at"][:10])), id="r-heatmap")]
        r = rep["retention"]
        widgets += [Static(i18n.t("report_retention", rate=_pct(r["rate"]), n=r["reviews"], rate30=_pct(r["rate_30d"]),
                                  n30=r["reviews_30d"]), id="r-retention"),
                    Static(Text.from_ansi(forecast_chart(rep, color=True, width=width)), id="r-forecast")]
        weak = DataTable(id="r-weak", cursor_type="row", zebra_stripes=True)
        widgets += [Static(i18n.t("report_weak"), classes="panel-title"), weak]
        exams = "\n".join(
            f"{e['finished_at'][:16]}  {(e['result'] or {}).get('score_pct', 0):5.1f}%  "
            f"{i18n.t('exam_pass') if (e['result'] or {}).get('passed') else i18n.t('exam_fail')}"
            for e in rep["exams"]) or i18n.t("report_no_exams")
        widgets += [Static(i18n.t("report_exams"), classes="panel-title"), Static(exams, id="r-exams")]
        await body.mount_all(widgets)
        pred = rep["predicted_exam_pct"]
        areas.add_columns(i18n.t("col_area"), i18n.t("col_answered"), i18n.t("col_accuracy"), i18n.t("report_predicted"))
        for a, e in rep["by_report_area"].items():
            pe = f"{pred[a]:.0f}%" if pred.get(a) is not None else "—"
            areas.add_row(area_name(a), str(e["answers"]), _pct(e["accuracy"]), pe)
        if pred.get("overall") is not None:
            areas.add_row(i18n.t("report_overall"), "", "", f"{pred['overall']:.0f}%")
        ready.add_columns(i18n.t("col_item"), i18n.t("report_predicted"), i18n.t("col_studied"), i18n.t("col_accuracy"))
        lang = i18n.get_lang()
        for n in rep.get("syllabus_readiness") or []:
            ready.add_row(f"{n['id']} {n['name_en'] if lang == 'en' else n['name']}", f"{n['predicted']:.0f}%",
                          f"{n['studied']}/{n['questions']}", _pct(n["accuracy"]), key=n["id"])
        days.add_columns(i18n.t("col_day"), i18n.t("col_theme"), i18n.t("col_answered"), i18n.t("col_accuracy"))
        for d, e in rep["by_day"].items():
            title = e["title"] if i18n.get_lang() == "ja" else DAY_TITLES_EN.get(int(d), e["title"])
            days.add_row(f"DAY.{d}", title, str(e["answers"]), _pct(e["accuracy"]))
        weak.add_columns(i18n.t("col_topic"), i18n.t("col_area"), i18n.t("col_answered"), i18n.t("col_accuracy"),
                         i18n.t("report_recall"))
        for t in rep["weakest_topics"]:
            weak.add_row(t["topic"], area_name(t["area"]), str(t["answers"]), _pct(t["accuracy"]), _pct(t["recall"]), key=t["topic"])
        body.focus()

    @on(DataTable.RowSelected, "#r-syllabus")
    def practice_section(self, event: DataTable.RowSelected) -> None:
        self.app.open_study("weak", syllabus=str(event.row_key.value))  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#r-weak")
    def practice_topic(self, event: DataTable.RowSelected) -> None:
        self.app.open_study("weak", topics=[str(event.row_key.value)])  # type: ignore[attr-defined]

    def action_weak(self) -> None:
        weak = self.query("#r-weak")
        if weak:
            weak.first().focus()
            weak.first().scroll_visible(animate=False, top=True)

    def action_back(self) -> None:
        self.app.pop_screen()

