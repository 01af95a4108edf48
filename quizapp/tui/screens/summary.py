"""The end of a quiz: score, time, per-area results and the questions to review."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown, Static

from quizapp import i18n
from quizapp.i18n import area_name
from quizapp.jatext import JaMarkdown
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header
from quizapp.quiz import QuizRun, right_answer_text
from quizapp.store.types import split_item


class SummaryScreen(LocalizedScreen):
    BINDINGS = [
        Binding("enter,escape,q", "back", "bind_back", id="summary.back"),
    ]

    def __init__(self, run: QuizRun) -> None:
        super().__init__()
        self.run = run
        self.result = run.summary()
        self._keys_ready = False  # keys act once the screen is mounted and drawn

    def on_mount(self) -> None:
        self.call_after_refresh(self._open_keys)

    def _open_keys(self) -> None:
        self._keys_ready = True

    def compose(self) -> ComposeResult:
        s = self.result
        yield Header()
        with VerticalScroll(id="s-body"):
            yield Static(f"{i18n.t('summary')}: {self.run.title}", classes="panel-title")
            yield Static(i18n.t("score", correct=s.correct, total=s.total, pct=s.accuracy * 100), id="s-score")
            secs = int(round(s.seconds))
            yield Static(i18n.t("time_spent", m=secs // 60, s=secs % 60))
            lines = [f"| {i18n.t('col_area')} | {i18n.t('col_accuracy')} |", "|---|---|"]
            for area, (c, t) in sorted(s.by_area.items()):
                lines.append(f"| {area_name(area)} | {c}/{t} ({c / t * 100:.0f}%) |")
            yield Markdown("\n".join(lines), id="s-areas")
            review = [f"### {i18n.t('to_review')}"]
            if not s.wrong:
                review.append(i18n.t("none_wrong"))
            for item in s.wrong:
                qid, part = split_item(item)
                q = self.run.bank.get(qid)
                if q is None:
                    continue
                first = q.prompt.strip().splitlines()[0][:80]
                label = f" ({part})" if part else ""
                review.append(f"- `{q.id}`{label} {first} — {i18n.t('right_answer')}: "
                              f"{right_answer_text(q, part, self.run.answers[item].shown_order)}")
            yield Static(JaMarkdown("\n".join(review)), id="s-review")  # wraps as Japanese
        yield Footer()

    def action_back(self) -> None:
        if self._keys_ready and self.is_current:  # a second Enter queued behind the first must not pop home too
            self.app.pop_screen()
