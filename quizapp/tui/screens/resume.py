"""The unfinished quizzes and the mock exam, each resumable where it stopped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp import i18n
from quizapp.store.types import SessionInfo


def _clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def session_line(s: SessionInfo, answered: int | None = None) -> str:
    """``DAY.1 … 3/10  12/04 16:20`` (and, for the exam, the time left on its clock)."""
    done = len(s.answers) if answered is None else answered
    when = s.started_at.astimezone().strftime("%m/%d %H:%M")
    line = i18n.t("resume_row", title=s.title, done=done, total=len(s.items), when=when)
    if s.mode == "exam" and s.time_limit_s:
        line += "  " + i18n.t("resume_exam_left", left=_clock(s.time_limit_s - s.elapsed_s))
    return line


class ResumeScreen(ModalScreen[int | None]):
    """Pick one of several unfinished sessions; Enter resumes it, Esc goes back."""

    BINDINGS = [Binding("escape", "dismiss_none", show=False)]
    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen #resume-box { width: 90%; max-width: 100; height: auto; max-height: 90%;
                               border: round $primary; background: $surface; padding: 0 1; }
    ResumeScreen #resume-title { height: auto; margin: 0 0 1 0; text-style: bold; }
    ResumeScreen OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, sessions: list[SessionInfo], answered: dict[int, int] | None = None) -> None:
        super().__init__()
        self.sessions = sessions
        self.answered = answered or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Static(i18n.t("resume_list_title"), id="resume-title")
            yield OptionList(*[Option(session_line(s, self.answered.get(s.id)), id=str(s.id)) for s in self.sessions],
                             id="resume-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(str(event.option.id)))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
