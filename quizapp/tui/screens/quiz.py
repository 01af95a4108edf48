"""The question screen: prompt, choices or number input, feedback with the explanation."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from rich.text import Text
from textual.widgets import Footer, Input, Static

from quizapp import i18n
from quizapp.i18n import area_name
from quizapp.jatext import JaMarkdown, Wrapped, hanging_item
from quizapp.tui.localized import LocalizedScreen
from quizapp.quiz import Feedback, QuizRun
from quizapp.numeric import read_number
from quizapp.tui.widgets.choices import ChoiceList
from quizapp.tui.widgets.number_input import NumberInput


def question_markdown(q, part: str) -> str:
    """The prompt as Markdown; the author's line breaks are kept (docs/bank-format.md)."""
    text = q.prompt.rstrip("\n")
    if q.scenario:  # a linked set (大問): the shared scenario first
        text = f"**{i18n.t('set_scenario')}**\n\n{q.scenario.rstrip()}\n\n---\n\n{text}"
    if q.type == "fill":
        text += f"\n\n**{i18n.t('formula_blank', label=part)}**\n\n{(q.formula or '').rstrip()}\n"
        blank = q.blank(part)
        if blank.prompt:
            text += f"\n{blank.prompt}\n"
    if q.type == "code":
        code = q.code or ""
        text += f"\n\n**{i18n.t('code_blank', label=part)}**\n\n```python\n{code}\n```\n"
        blank = q.blank(part)
        if blank.prompt:
            text += f"\n{blank.prompt}\n"
    return text


def prompt_widget(q, part: str) -> Static:
    """The question text, wrapped as Japanese (BudouX phrases, 禁則)."""
    return Static(JaMarkdown(question_markdown(q, part)), id="q-prompt")


def feedback_lines(fb: Feedback) -> Wrapped:
    """Verdict, what was read, the right answer and (select-all) what was missed or wrongly picked;
    each line wraps under its own text."""
    lines = [Text(i18n.t("correct") if fb.correct else i18n.t("wrong"), style="bold")]
    if fb.read_as:
        lines.append(hanging_item(f"{i18n.t('your_answer')}: ", fb.read_as))
    lines.append(hanging_item(f"{i18n.t('right_answer')}: ", fb.right_answer))
    if fb.missed:
        lines.append(hanging_item(f"{i18n.t('missed_choices')}: ", ", ".join(map(str, fb.missed))))
    if fb.wrong_picks:
        lines.append(hanging_item(f"{i18n.t('wrong_picks')}: ", ", ".join(map(str, fb.wrong_picks))))
    return Wrapped(*lines)


class QuizScreen(LocalizedScreen):
    """Asks the items of a :class:`QuizRun` one by one."""

    BINDINGS = [
        Binding("escape", "leave", "bind_leave", id="quiz.leave"),
        Binding("q", "leave", "bind_leave", id="quiz.leave_q", show=False, priority=True),
        Binding("enter", "enter", "bind_submit", id="quiz.enter"),
        Binding("space", "toggle", "bind_toggle", id="quiz.toggle", show=False),
        Binding("up", "move(-1)", show=False, id="quiz.up"),
        Binding("down", "move(1)", show=False, id="quiz.down"),
    ]

    def __init__(self, run: QuizRun) -> None:
        super().__init__()
        self.run = run
        self.feedback: Feedback | None = None
        #: A transition (mounting, the next question, the feedback) is being drawn: keys are not taken.
        self._drawing = True
        #: The screen is going away (summary, home): keys are not taken.
        self._leaving = False

    def _accepting(self) -> bool:
        """Keys act only on a settled, current screen. Fast typing delivers keys while the
        screen is switching; acting on them crashed (IndexError, NoMatches) or answered twice."""
        return not self._drawing and not self._leaving and self.is_current

    def compose(self) -> ComposeResult:
        yield Static(id="q-head")
        yield VerticalScroll(id="q-body")
        yield Static(id="q-hint")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_current()

    # -- rendering ----------------------------------------------------------------------
    async def show_current(self) -> None:
        self._drawing = True
        try:
            await self._show_current()
        finally:
            self._drawing = False

    async def _show_current(self) -> None:
        self.feedback = None
        q, part = self.run.current()
        n, total = self.run.position
        blank = f" {i18n.t('blank_of', label=part, k=q.parts.index(part) + 1, n=len(q.parts))}" if part else ""
        head = (f"{self.run.title}   {i18n.t('question_n', n=n, total=total)}{blank}   [{area_name(q.area)} / {q.topic}]"
                f"   {i18n.t('difficulty')} {'★' * q.difficulty}")
        self.query_one("#q-head", Static).update(head)
        body = self.query_one("#q-body", VerticalScroll)
        await body.remove_children()
        widgets: list = [prompt_widget(q, part)]
        if q.type == "numeric":
            widgets.append(NumberInput(placeholder="0.0", id="q-input"))
            hint = i18n.t("hint_numeric")
        else:
            shown = self.run.shown()
            widgets.append(ChoiceList(shown, multi=q.type == "multi", id="q-choices"))
            key = {"single": "hint_single", "multi": "hint_multi", "code": "hint_code", "fill": "hint_code"}[q.type]
            hint = i18n.t(key, n=len(shown), label=part)
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        self.query_one("#q-hint", Static).update(hint)
        if q.type == "numeric":
            self.query_one("#q-input", Input).focus()
        else:
            self.set_focus(None)
        self.run.mark_shown()

    async def show_feedback(self, fb: Feedback) -> None:
        self._drawing = True
        try:
            await self._show_feedback(fb)
        finally:
            self._drawing = False

    async def _show_feedback(self, fb: Feedback) -> None:
        self.feedback = fb
        q, part = self.run.current()
        if q.type != "numeric":
            choices = self.query_one("#q-choices", ChoiceList)
            if q.type == "single":
                keys = {q.answer}
            elif q.type == "multi":
                keys = set(q.answer)
            else:
                keys = {q.blank(part).answer}
            choices.reveal_originals(keys)
        else:
            self.query_one("#q-input", Input).disabled = True
        box = Vertical(
            Static(feedback_lines(fb), id="q-verdict"),
            Static(self._rating_line(fb.rating, auto=True), id="q-rating"),
            Static(JaMarkdown(f"**{i18n.t('explanation')}**\n\n{fb.explanation}"), id="q-explanation"),
            id="q-feedback",
            classes="correct" if fb.correct else "wrong",
        )
        body = self.query_one("#q-body", VerticalScroll)
        await body.mount(box)
        body.scroll_end(animate=False)
        remaining = [i for i in self.run.items if i not in self.run.answers]
        self.query_one("#q-hint", Static).update(i18n.t("hint_next") if remaining else i18n.t("hint_last"))
        self.set_focus(None)

    def _rating_line(self, rating: int | None, auto: bool) -> str:
        if rating is None:
            return ""
        from quizapp.scheduling import RATING_LABELS

        labels = RATING_LABELS[i18n.get_lang()]
        choices = "  ".join(f"{k} {v}" for k, v in labels.items())
        return i18n.t("rating_line", rating=labels[rating], how=i18n.t("rating_auto" if auto else "rating_set"),
                      choices=choices)

    # -- input --------------------------------------------------------------------------
    def _choices(self) -> ChoiceList | None:
        found = self.query("#q-choices")
        return found.first(ChoiceList) if found else None

    def on_key(self, event: events.Key) -> None:
        if event.character is None:
            return
        if not self._accepting():
            return
        if self.feedback is not None:
            if self.feedback.rating is not None and event.character in "1234":
                if self.run.override_rating(int(event.character)):
                    for line in self.query("#q-rating").results(Static):
                        line.update(self._rating_line(int(event.character), auto=False))
                event.stop()
            return
        if event.character in "123456789":
            choices = self._choices()
            if choices is not None:
                choices.choose(int(event.character) - 1)
                event.stop()

    def action_toggle(self) -> None:
        if not self._accepting():
            return
        choices = self._choices()
        if choices is not None and choices.multi and self.feedback is None:
            choices.toggle_cursor()

    def action_move(self, delta: int) -> None:
        if not self._accepting():
            return
        choices = self._choices()
        if choices is not None and self.feedback is None:
            choices.move(delta)

    @on(Input.Submitted, "#q-input")
    async def numeric_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_enter()

    async def action_enter(self) -> None:
        if not self._accepting():
            return
        if self.feedback is None:
            await self.submit()
        else:
            await self.next_item()

    async def submit(self) -> None:
        self._drawing = True
        try:
            fb = self._take_answer()
        finally:
            self._drawing = False
        if fb is not None:
            await self.show_feedback(fb)

    def _take_answer(self) -> Feedback | None:
        """Grade and store the current answer; None (with a hint) when there is none yet."""
        q, _part = self.run.current()
        if q.type == "numeric":
            text = self.query_one("#q-input", Input).value
            reading = read_number(text)
            if not reading.ok:  # refused with the reason, never graded
                self.notify(reading.message(), severity="warning")
                return None
            response = text
        else:
            choices = self._choices()
            if choices is None or not choices.selected:
                self.notify(i18n.t("need_choice"), severity="warning")
                return None
            picked = choices.selected_originals()  # the file's numbering, whatever the order shown
            response = picked if q.type == "multi" else picked[0]
        return self.run.answer(response)

    async def next_item(self) -> None:
        self.run.advance()
        if self.run.done:
            from quizapp.tui.screens.summary import SummaryScreen

            self._leaving = True
            self.app.switch_screen(SummaryScreen(self.run))
            return
        await self.show_current()

    def action_leave(self) -> None:
        if self._leaving or not self.is_current:
            return
        self._leaving = True
        if self.feedback is not None and all(i in self.run.answers for i in self.run.items):
            self.run.advance()  # the last answer is in: the quiz is complete
        elif self.run.answers:
            self.notify(i18n.t("saved_left"))
        else:  # nothing answered: nothing to resume
            self.run.store.discard_session(self.run.session_id)
        self.app.pop_screen()
