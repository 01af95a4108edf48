"""The mock exam: countdown, choose and change answers, flag and revisit, submit (or time out),
then the result with a review of every question."""

from __future__ import annotations

import time

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from quizapp import i18n
from quizapp.i18n import area_name
from quizapp.jatext import JaMarkdown
from quizapp.exam import AUTOSAVE_SECONDS, ExamResult, ExamRun, review_markdown
from quizapp.quiz import shown_choices
from quizapp.tui.localized import LocalizedScreen
from quizapp.tui.widgets.header import SafeHeader as Header
from quizapp.numeric import read_number
from quizapp.tui.screens.quiz import prompt_widget
from quizapp.tui.widgets.choices import ChoiceList
from quizapp.tui.widgets.number_input import NumberInput


def clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class ExamScreen(LocalizedScreen):
    BINDINGS = [
        # Letters that are never part of a number must work on numeric questions too: they are
        # priority bindings (the input would otherwise stop the key event) and NumberInput does
        # not claim them (so they stay active). The arrows stay with the input's cursor there.
        # One set on every question type and width, shown the same in the hint line and the
        # footer: n/→ next, p/← previous, Enter goes on after choosing (and after a number).
        Binding("n,pagedown", "step(1)", "bind_exam_next", id="exam.next", priority=True, key_display="n/→"),
        Binding("p,pageup", "step(-1)", "bind_exam_prev", id="exam.prev", priority=True, key_display="p/←"),
        Binding("right", "step(1)", show=False, id="exam.next_arrow"),
        Binding("left", "step(-1)", show=False, id="exam.prev_arrow"),
        Binding("enter", "step(1)", "bind_exam_enter", id="exam.enter", key_display="⏎"),
        Binding("f", "flag", "bind_exam_flag", id="exam.flag", priority=True),
        Binding("g", "overview", "bind_exam_list", id="exam.list", priority=True),
        Binding("ctrl+s", "submit", "bind_exam_submit", id="exam.submit"),
        Binding("escape", "leave", "bind_exam_pause", id="exam.leave"),
        Binding("space", "toggle", show=False, id="exam.toggle"),
        Binding("up", "move(-1)", show=False, id="exam.up"),
        Binding("down", "move(1)", show=False, id="exam.down"),
    ]

    def __init__(self, run: ExamRun) -> None:
        super().__init__()
        self.run = run
        self._base_elapsed = run.elapsed_s
        self._started = time.monotonic()
        self._last_save = self._started
        self._submitting = False

    # -- clock ---------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return min(self.run.time_limit_s, self._base_elapsed + time.monotonic() - self._started)

    def compose(self) -> ComposeResult:
        yield Static(id="q-head")
        yield VerticalScroll(id="q-body")
        yield Static(id="q-hint")
        yield Footer()

    async def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        await self.show_current()

    async def tick(self) -> None:
        if self._submitting:
            return
        now = time.monotonic()
        if now - self._last_save >= AUTOSAVE_SECONDS:
            self.run.save_clock(self.elapsed)
            self._last_save = now
        self._update_head()
        if self.elapsed >= self.run.time_limit_s:
            self.notify(i18n.t("exam_time_up"), severity="warning")
            await self.finish()

    def _update_head(self) -> None:
        n, total = self.run.index + 1, len(self.run.items)
        item = self.run.items[self.run.index]
        flag = " ⚑" if item in self.run.flags else ""
        done = len(self.run.responses)
        remaining = self.run.time_limit_s - self.elapsed
        warn = " !" if remaining < 300 else ""
        self.query_one("#q-head", Static).update(
            f"{i18n.t('exam_title')}   {i18n.t('question_n', n=n, total=total)}{flag}   "
            f"{i18n.t('exam_answered', done=done, total=total)}   {i18n.t('exam_left')} {clock(remaining)}{warn}")

    # -- rendering -----------------------------------------------------------------------
    async def show_current(self) -> None:
        q, part = self.run.current()
        body = self.query_one("#q-body", VerticalScroll)
        await body.remove_children()
        item = self.run.items[self.run.index]
        current = self.run.responses.get(item)
        widgets: list = [prompt_widget(q, part)]
        if q.type == "numeric":
            widgets.append(NumberInput(value="" if current is None else str(current), placeholder="0.0", id="q-input"))
        else:
            cl = ChoiceList(shown_choices(q, part, self.run.order()), multi=q.type == "multi", id="q-choices")
            if current is not None:
                cl.select_originals(current if isinstance(current, list) else [current])
            widgets.append(cl)
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        self.query_one("#q-hint", Static).update(i18n.t("exam_hint"))
        if q.type == "numeric":
            self.query_one("#q-input", Input).focus()
        else:
            self.set_focus(None)
        self._update_head()

    # -- answering -----------------------------------------------------------------------
    def _choices(self) -> ChoiceList | None:
        found = self.query("#q-choices")
        return found.first(ChoiceList) if found else None

    def _save_choices(self) -> None:
        q, _ = self.run.current()
        cl = self._choices()
        if cl is None:
            return
        picked = cl.selected_originals()
        response = (picked or None) if q.type == "multi" else (picked[0] if picked else None)
        self.run.set_response(response, elapsed_s=self.elapsed)
        self._update_head()

    def _save_numeric(self) -> bool:
        found = self.query("#q-input")
        if not found:
            return True
        text = found.first(Input).value.strip()
        item = self.run.items[self.run.index]
        if not text:
            if item in self.run.responses:
                self.run.set_response(None, elapsed_s=self.elapsed)
            return True
        reading = read_number(text)
        if not reading.ok:  # refused with the reason; the previous saved answer stays
            self.notify(reading.message(), severity="warning")
            return False
        if self.run.responses.get(item) != text:
            self.run.set_response(text, elapsed_s=self.elapsed)
        return True

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in "123456789":
            cl = self._choices()
            if cl is not None:
                cl.choose(int(event.character) - 1)
                self._save_choices()
                event.stop()

    def action_toggle(self) -> None:
        cl = self._choices()
        if cl is not None and cl.multi:
            cl.toggle_cursor()
            self._save_choices()

    def action_move(self, delta: int) -> None:
        cl = self._choices()
        if cl is not None:
            cl.move(delta)

    @on(Input.Submitted, "#q-input")
    async def numeric_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._save_numeric():
            await self.action_step(1)

    async def action_step(self, delta: int) -> None:
        if not self._save_numeric():
            return
        new = self.run.index + delta
        if 0 <= new < len(self.run.items):
            self.run.go(new)
            await self.show_current()

    async def go_to(self, index: int) -> None:
        if self._save_numeric():
            self.run.go(index)
            await self.show_current()

    def action_flag(self) -> None:
        self.run.toggle_flag(elapsed_s=self.elapsed)
        self._update_head()

    def action_overview(self) -> None:
        if not self._save_numeric():
            return

        async def jump(index: int | None) -> None:
            if index is not None:
                await self.go_to(index)

        self.app.push_screen(ExamOverview(self.run), jump)

    def action_submit(self) -> None:
        if not self._save_numeric():
            return

        async def confirmed(ok: bool | None) -> None:
            if ok:
                await self.finish()

        unanswered = len(self.run.unanswered())
        self.app.push_screen(ConfirmSubmit(unanswered, len(self.run.flags)), confirmed)

    async def finish(self) -> None:
        if self._submitting:
            return
        self._submitting = True
        result = self.run.submit(elapsed_s=self.elapsed)
        self.app.switch_screen(ExamResultScreen(self.run, result))

    def action_leave(self) -> None:
        self._save_numeric()
        self.run.save_clock(self.elapsed)
        self.notify(i18n.t("exam_paused"))
        self.app.pop_screen()

    def before_quit(self, proceed) -> None:
        """Ctrl+C / Ctrl+Q: the typed answer and the clock are saved before the quit question."""
        self._save_numeric()
        self.run.save_clock(self.elapsed)
        proceed()


class ExamOverview(ModalScreen[int | None]):
    """Every item with its state; Enter jumps to it."""

    BINDINGS = [Binding("escape,g", "dismiss_none", "Close", show=False)]
    DEFAULT_CSS = """
    ExamOverview { align: center middle; }
    #ov-box { width: 80%; height: 80%; border: round $primary; background: $surface; }
    """

    def __init__(self, run: ExamRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        from quizapp.store.types import split_item

        options = []
        for i, item in enumerate(self.run.items):
            q = self.run.bank.get(split_item(item)[0])
            state = "●" if item in self.run.responses else "○"
            flag = "⚑" if item in self.run.flags else " "
            part = f" ({split_item(item)[1]})" if split_item(item)[1] else ""
            options.append(Option(f"{i + 1:>3} {state} {flag} {q.report_area} / {q.topic}{part}", id=str(i)))
        with Vertical(id="ov-box"):
            yield Static(i18n.t("exam_overview"), classes="panel-title")
            yield OptionList(*options, id="ov-list")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.highlighted = self.run.index
        ol.focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmSubmit(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]
    DEFAULT_CSS = """
    ConfirmSubmit { align: center middle; }
    #cs-box { width: 60; height: auto; border: round $warning; background: $surface; padding: 1 2; }
    """

    def __init__(self, unanswered: int, flagged: int) -> None:
        super().__init__()
        self.unanswered = unanswered
        self.flagged = flagged

    def compose(self) -> ComposeResult:
        with Vertical(id="cs-box"):
            yield Static(i18n.t("exam_confirm", unanswered=self.unanswered, flagged=self.flagged))

    def action_answer(self, ok: bool) -> None:
        self.dismiss(ok)


class ExamResultScreen(LocalizedScreen):
    BINDINGS = [Binding("escape,q", "back", "bind_back", id="examresult.back")]

    def __init__(self, run: ExamRun, result: ExamResult) -> None:
        super().__init__()
        self.run = run
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        verdict = i18n.t("exam_pass") if r.passed else i18n.t("exam_fail")
        yield Header()
        with VerticalScroll(id="s-body"):
            yield Static(i18n.t("exam_result_title"), classes="panel-title")
            yield Static(f"{verdict}   {i18n.t('score', correct=r.correct, total=r.total, pct=r.pct)}   "
                         f"({i18n.t('exam_line')} {r.pass_line * 100:.0f}%)", id="s-score")
            secs = int(r.seconds)
            timed = f"  ({i18n.t('exam_time_up')})" if r.timed_out else ""
            yield Static(i18n.t("time_spent", m=secs // 60, s=secs % 60) + timed)
            rows = [f"| {i18n.t('col_area')} | {i18n.t('col_accuracy')} |", "|---|---|"]
            for area, s in r.by_area.items():
                if s.total:
                    rows.append(f"| {area_name(area)} | {s.correct}/{s.total} ({s.pct:.0f}%) |")
            yield Markdown("\n".join(rows), id="s-areas")
            yield Static(JaMarkdown(f"## {i18n.t('exam_review')}\n\n" + review_markdown(self.run.bank, r, self.run.orders())),
                         id="s-review")  # wraps as Japanese
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()
