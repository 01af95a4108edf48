"""Progress storage (SQLAlchemy): learners, quiz sessions, answers, drill submissions."""

from quizapp.store.store import AnswerInfo, Progress, SessionInfo, Store

__all__ = ["AnswerInfo", "Progress", "SessionInfo", "Store"]
